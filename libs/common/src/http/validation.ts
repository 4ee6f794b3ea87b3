import { type ArgumentMetadata, BadRequestException, type ValidationError, ValidationPipe } from '@nestjs/common';

export interface FieldProblem {
  field: string;
  message: string;
}

/** Flattens class-validator's nested errors into dotted field paths such as `wanted.suspect.idNumber`. */
export function fieldProblems(errors: ValidationError[], prefix = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = `${prefix}${error.property}`;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^property (\S+) should not exist$/, 'is not an accepted field'),
    }));
    return [...own, ...fieldProblems(error.children ?? [], `${field}.`)];
  });
}

export function validationFailure(problems: FieldProblem[]): BadRequestException {
  const first = problems[0];
  return new BadRequestException({
    code: 'VALIDATION_FAILED',
    message: first ? `${first.field}: ${first.message}` : 'invalid input',
    field: first?.field,
    errors: problems,
  });
}

/** Deeper input than this is refused before anything walks it: no field of the API nests half as deep. */
export const MAX_INPUT_DEPTH = 32;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Text PostgreSQL cannot store or that is not text at all: a NUL character, a lone UTF-16
 * surrogate, or nesting past MAX_INPUT_DEPTH. Names the first field that has it.
 */
export function textProblem(value: unknown, field: string, depth = 0): FieldProblem | null {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return { field: field || 'body', message: 'must not contain NUL characters' };
    if (LONE_SURROGATE.test(value)) return { field: field || 'body', message: 'must be valid Unicode text (it holds a lone surrogate)' };
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  if (depth >= MAX_INPUT_DEPTH) return { field: field || 'body', message: `is nested deeper than ${MAX_INPUT_DEPTH} levels` };
  for (const [key, inner] of Object.entries(value)) {
    const path = field ? `${field}.${key}` : key;
    const keyProblem = textProblem(key, path, depth + 1);
    if (keyProblem) return keyProblem;
    const problem = textProblem(inner, path, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** class-validator's pipe, after a walk that refuses text no column can hold, in body, query and path alike. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const problem = textProblem(value, metadata.data ?? '');
      if (problem) throw validationFailure([problem]);
    }
    return super.transform(value, metadata);
  }
}

/** The one validation pipe of the API: strips nothing silently, refuses unknown fields, converts types. */
export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailure(fieldProblems(errors)),
  });
}
