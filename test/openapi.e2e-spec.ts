import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Schema = Record<string, any>;

/** The document the build writes (and the api serves at /docs-json), from the compiled api. */
function writtenDocument(): Schema {
  const path = join(mkdtempSync(join(tmpdir(), 'mb-openapi-')), 'openapi.json');
  execFileSync(process.execPath, ['dist/apps/api/src/openapi/write-openapi.js', path], { stdio: 'pipe' });
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** A schema says nothing when it is absent, or an object with no properties at all (an untyped answer). */
function saysNothing(document: Schema, schema: Schema | undefined): boolean {
  if (!schema) return true;
  if (schema.$ref) {
    const target = document.components.schemas[schema.$ref.split('/').pop()];
    return !target || saysNothing(document, target);
  }
  if (schema.allOf || schema.oneOf || schema.anyOf) return false;
  if (schema.type === 'array') return saysNothing(document, schema.items);
  if (schema.type === 'object') return !schema.properties && !schema.additionalProperties;
  return !schema.type;
}

function operations(document: Schema): Array<{ name: string; operation: Schema }> {
  return Object.entries(document.paths as Record<string, Record<string, Schema>>).flatMap(([path, byMethod]) =>
    Object.entries(byMethod).map(([method, operation]) => ({ name: `${method.toUpperCase()} ${path}`, operation })),
  );
}

describe('the OpenAPI document a client generator can trust', () => {
  const document = writtenDocument();

  it('types every success answer of every endpoint (a response without a schema fails here)', () => {
    const untyped = operations(document).flatMap(({ name, operation }) => {
      const successes = Object.entries(operation.responses as Record<string, Schema>).filter(([status]) => /^2/.test(status));
      if (successes.length === 0) return [`${name}: no success answer`];
      return successes
        .filter(([status]) => status !== '204')
        .flatMap(([status, response]) =>
          !response.content
            ? [`${name} ${status}: no body described`]
            : Object.entries(response.content as Record<string, Schema>)
                .filter(([, media]) => saysNothing(document, media.schema))
                .map(([type]) => `${name} ${status} ${type}: no schema`),
        );
    });
    expect(untyped).toEqual([]);
  });

  it('describes the error body on every endpoint, and types every path and query parameter', () => {
    const problems = operations(document).flatMap(({ name, operation }) => [
      ...['4XX', '5XX']
        .filter((status) => operation.responses[status]?.content?.['application/json']?.schema?.$ref !== '#/components/schemas/ErrorBody')
        .map((status) => `${name}: ${status} not described`),
      ...((operation.parameters ?? []) as Schema[])
        .filter((parameter) => ['path', 'query'].includes(parameter.in) && saysNothing(document, parameter.schema))
        .map((parameter) => `${name}: parameter ${parameter.name} untyped`),
    ]);
    expect(problems).toEqual([]);
    expect(document.components.schemas.ErrorBody.required).toEqual(expect.arrayContaining(['code', 'message']));
  });

  it('names the paging and filters of the lists', () => {
    const parameters = (name: string) =>
      (operations(document).find((entry) => entry.name === name)?.operation.parameters ?? []).map((parameter: Schema) => parameter.name);
    expect(parameters('GET /bulletins')).toEqual(expect.arrayContaining(['status', 'q', 'issuerUnitId', 'caseNumber', 'order']));
    expect(parameters('GET /tips')).toEqual(expect.arrayContaining(['limit', 'offset', 'order']));
    expect(parameters('GET /deliveries/dead-letters')).toEqual(expect.arrayContaining(['limit', 'offset', 'platform', 'errorCode']));
    const page = document.components.schemas.TipPage;
    expect(page.properties.items.items.$ref).toBe('#/components/schemas/TipView');
  });
});
