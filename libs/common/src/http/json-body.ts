import secureJsonParse from 'secure-json-parse';
import { MAX_INPUT_DEPTH } from './validation';

/** A body refused before it is parsed, answered as a 400 naming the body. */
export class BodyRefused extends Error {
  readonly statusCode = 400;
  readonly code = 'VALIDATION_FAILED';
  readonly field = 'body';
}

/** The deepest nesting of a JSON text, counted without parsing it (strings skipped). */
export function jsonDepth(text: string, stopAt: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 92) index += 1;
      else if (char === 34) inString = false;
    } else if (char === 34) inString = true;
    else if (char === 123 || char === 91) {
      depth += 1;
      if (depth > deepest && (deepest = depth) > stopAt) return deepest;
    } else if (char === 125 || char === 93) depth -= 1;
  }
  return deepest;
}

/**
 * The api's JSON body parser: refuses nesting deeper than any field of the API before parsing
 * (thousands of levels overflowed the stack of what walks a parsed body), and prototype
 * poisoning like Fastify's own parser does.
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  if (jsonDepth(text, MAX_INPUT_DEPTH) > MAX_INPUT_DEPTH) throw new BodyRefused(`body: nested deeper than ${MAX_INPUT_DEPTH} levels`);
  try {
    return secureJsonParse.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    throw new BodyRefused(`body: not valid JSON (${(error as Error).message})`);
  }
}
