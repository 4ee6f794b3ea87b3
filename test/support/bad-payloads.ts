/**
 * Bad payloads generated from the api's own OpenAPI document: for every write endpoint, a sample
 * body built from its schema with exactly one thing wrong (a wrong type, a missing required
 * field, an unknown field, NUL, a lone surrogate, a string past its maximum, an array for an
 * object, nesting too deep), and bodies that are wrong as a whole.
 */
type Schema = Record<string, any>;
export interface BadPayload {
  method: 'post' | 'put' | 'patch' | 'delete';
  url: string;
  body?: unknown;
  params?: Record<string, string>;
  label: string;
}

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const WRITE_METHODS = ['post', 'put', 'patch', 'delete'] as const;
/** Writes whose success a sweep must never risk, or whose shape is not JSON. */
// Sign-out takes no input that could be wrong, and would end the sweep's own session; the queue board's session takes none either.
const SKIPPED = new Set(['POST /auth/logout', 'POST /auth/logout-everywhere', 'POST /admin/queue-board/session']);

function resolve(document: Schema, schema: Schema | undefined): Schema {
  let current = schema ?? {};
  for (let hops = 0; current.$ref && hops < 10; hops += 1) current = document.components.schemas[current.$ref.split('/').pop()];
  if (current.allOf) return Object.assign({}, ...current.allOf.map((part: Schema) => resolve(document, part)));
  return current;
}

function sample(document: Schema, raw: Schema | undefined, depth = 0): unknown {
  const schema = resolve(document, raw);
  if (schema.enum) return schema.enum[0];
  if (depth > 4) return undefined;
  switch (schema.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([key, inner]) => [key, sample(document, inner as Schema, depth + 1)]),
      );
    case 'array':
      return [sample(document, schema.items, depth + 1)];
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    default:
      if (schema.format === 'uuid') return UNKNOWN_ID;
      if (schema.format === 'date-time') return '2026-12-01T00:00:00.000Z';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  }
}

function nested(levels: number): unknown {
  let value: unknown = 'deep';
  for (let level = 0; level < levels; level += 1) value = { value };
  return value;
}

function wrongType(schema: Schema): unknown {
  if (schema.type === 'string' || schema.enum) return 12345;
  if (schema.type === 'integer' || schema.type === 'number') return 'not a number';
  if (schema.type === 'boolean') return 'yes';
  if (schema.type === 'array') return { not: 'a list' };
  return 'not an object';
}

export function badPayloads(document: Schema): BadPayload[] {
  const payloads: BadPayload[] = [];
  for (const [template, operations] of Object.entries(document.paths as Record<string, Record<string, Schema>>)) {
    const url = template.replace(/\{[^}]+\}/g, UNKNOWN_ID);
    for (const method of WRITE_METHODS) {
      const operation = operations[method];
      if (!operation || SKIPPED.has(`${method.toUpperCase()} ${template}`)) continue;
      const add = (label: string, body: unknown) => payloads.push({ method, url, body, label });
      add('an array for the body', []);
      add('nested 40 deep', nested(40));
      const bodySchema = resolve(document, operation.requestBody?.content?.['application/json']?.schema);
      if (bodySchema.type !== 'object' || !bodySchema.properties) continue;
      const base = sample(document, bodySchema) as Record<string, unknown>;
      add('an unknown field', { ...base, notAField: true });
      for (const [name, raw] of Object.entries(bodySchema.properties as Record<string, Schema>)) {
        const property = resolve(document, raw);
        const withValue = (label: string, value: unknown) => add(`${name}: ${label}`, { ...base, [name]: value });
        withValue('wrong type', wrongType(property));
        if ((bodySchema.required ?? []).includes(name)) {
          const { [name]: _dropped, ...rest } = base;
          add(`${name}: missing`, rest);
          withValue('null', null);
        }
        if (property.type === 'string' && !property.enum) {
          withValue('NUL', 'a\u0000b');
          withValue('lone surrogate', 'a\ud800b');
          if (property.maxLength) withValue('too long', 'x'.repeat(property.maxLength + 1));
        }
        if (property.type === 'object' || property.properties) {
          withValue('an array for an object', [base[name], base[name]]);
          withValue('nested 40 deep', nested(40));
        }
      }
    }
  }
  return payloads;
}
