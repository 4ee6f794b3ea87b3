/** What kind of failure a domain error is; the HTTP filter maps each kind to one status. */
export enum ErrorKind {
  Invalid = 'invalid',
  NotFound = 'not_found',
  Conflict = 'conflict',
  Forbidden = 'forbidden',
  Unauthenticated = 'unauthenticated',
  Unavailable = 'unavailable',
  /** Too many tries: the body's `retryAfterSeconds` becomes the Retry-After header. */
  TooMany = 'too_many',
}

/**
 * Base of every domain's exception. Each domain subclasses it with its own code enum,
 * so callers and clients can branch on a stable code rather than on message text.
 */
export abstract class DomainError<Code extends string = string> extends Error {
  protected constructor(
    readonly code: Code,
    readonly kind: ErrorKind,
    message: string,
    readonly field?: string,
    /** Extra fields of the error body, e.g. the row errors of an import. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * The base class of one domain's exception: each code of the domain's enum has its kind, so
 * throwing sites name only the code.
 */
export function domainErrorFor<Code extends string>(kinds: Record<Code, ErrorKind>) {
  return class extends DomainError<Code> {
    constructor(code: Code, message: string, field?: string, details?: Record<string, unknown>) {
      super(code, kinds[code], message, field, details);
    }
  };
}
