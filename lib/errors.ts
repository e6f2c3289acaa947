/**
 * The small family of errors the system raises on purpose. Each carries the HTTP status it maps to
 * and whether its message may be shown to the caller; anything else becomes a plain 500.
 */
export interface Issue {
  path: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly expose = status < 500,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(
    message: string,
    readonly issues: Issue[] = [],
    status: 400 | 413 | 415 | 422 = 422,
  ) {
    super(message, status);
  }
}

export class NotFoundError extends AppError {
  constructor(message = 'Not found') {
    super(message, 404);
  }
}

export class ConflictError extends AppError {
  constructor(message: string) {
    super(message, 409);
  }
}

/**
 * A temporary condition the caller can retry, answered 503 + Retry-After: another submission through
 * the same link is being saved, or a backend (DynamoDB, S3) did not answer in time or throttled us
 * even after the SDK's retries. Nothing is wrong with the request itself.
 */
export class ServiceUnavailableError extends AppError {
  readonly retryAfterSeconds: number;
  constructor(
    message = 'The service is busy. Please try again in a few seconds.',
    options: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, 503, true);
    this.retryAfterSeconds = options.retryAfterSeconds ?? 5;
    if (options.cause !== undefined) this.cause = options.cause;
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'A valid bearer token is required') {
    super(message, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'You do not have access to this resource') {
    super(message, 403);
  }
}

/** A respondent link that is unknown or revoked: the HTML path renders a friendly page for it. */
export class UnknownLinkError extends NotFoundError {
  constructor() {
    super('This survey link is not valid. It may have been mistyped or withdrawn.');
  }
}

/** No wave is open for the link's survey; `nextOpensAt` is when the next is expected, if known. */
export class NoOpenWaveError extends ConflictError {
  constructor(
    readonly nextOpensAt: string | null,
    readonly timeZone = 'Europe/London',
  ) {
    super(
      nextOpensAt
        ? `The survey is not open at the moment. The next round opens on ${nextOpensAt}.`
        : 'The survey is not open at the moment.',
    );
  }
}
