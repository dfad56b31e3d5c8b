/**
 * The stable, machine-readable codes that every GraphQL error carries in `extensions.code`.
 * Frontends switch on these; never rename one.
 */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  CONFLICT = 'CONFLICT',
  /** The service cannot do it right now (shutting down, or no matching worker answered); retry. */
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** Too many requests or login attempts; `extensions.retryAfterSeconds` says when to retry. */
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/** One invalid input field, as returned in `extensions.fields`. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * A failure the client can act on. `reason` is a module-specific code (see each module's
 * `*.errors.ts` enum) returned as `extensions.reason`.
 */
export abstract class DomainError extends Error {
  abstract readonly code: ErrorCode;
  constructor(
    message: string,
    readonly reason?: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** Further `extensions` beside code, reason and fields (numbers the client can act on). */
  get details(): Record<string, string | number> | undefined {
    return undefined;
  }
}

export class UnauthenticatedError extends DomainError {
  readonly code = ErrorCode.UNAUTHENTICATED;
  constructor(message = 'Authentication required: send a valid bearer token') {
    super(message);
  }
}

export class ForbiddenError extends DomainError {
  readonly code = ErrorCode.FORBIDDEN;
  constructor(message = 'You may not do this', reason?: string) {
    super(message, reason);
  }
}

export class BadUserInputError extends DomainError {
  readonly code = ErrorCode.BAD_USER_INPUT;
  constructor(message: string, fields?: FieldProblem[], reason?: string) {
    super(message, reason, fields);
  }

  /** A single bad field. */
  static field(field: string, message: string, reason?: string): BadUserInputError {
    return new BadUserInputError(`${field}: ${message}`, [{ field, message }], reason);
  }
}

export class NotFoundError extends DomainError {
  readonly code = ErrorCode.NOT_FOUND;
  constructor(what: string, id?: string) {
    super(id ? `${what} ${id} not found` : `${what} not found`);
  }
}

export class ConflictError extends DomainError {
  readonly code = ErrorCode.CONFLICT;
  constructor(message: string, reason?: string) {
    super(message, reason);
  }
}

export class ServiceUnavailableError extends DomainError {
  readonly code = ErrorCode.SERVICE_UNAVAILABLE;
  constructor(message: string, reason?: string) {
    super(message, reason);
  }
}

export class RateLimitedError extends DomainError {
  readonly code = ErrorCode.RATE_LIMITED;
  constructor(
    message: string,
    reason: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message, reason);
  }

  override get details(): Record<string, number> {
    return { retryAfterSeconds: this.retryAfterSeconds };
  }
}

/** Reasons (`extensions.reason`) of HTTP requests refused before GraphQL sees them. */
export enum HttpErrorReason {
  /** The body is larger than the 1 MiB limit (BAD_USER_INPUT, HTTP 413). */
  BODY_TOO_LARGE = 'BODY_TOO_LARGE',
  /** The body is not valid JSON, or empty where JSON was announced (BAD_USER_INPUT, HTTP 400). */
  MALFORMED_BODY = 'MALFORMED_BODY',
  /** A content type no parser reads, such as XML (BAD_USER_INPUT, HTTP 415). */
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  /** No route at this method and path (NOT_FOUND, HTTP 404). */
  NO_ROUTE = 'NO_ROUTE',
}
