import { ServiceUnavailableError } from '../errors.js';

/** Error names the AWS SDK uses when a backend is slow, overloaded or briefly unreachable. */
const TRANSIENT_NAMES = new Set([
  // @smithy/node-http-handler: connection or request timeout; an aborted request.
  'TimeoutError',
  'AbortError',
  'RequestTimeout',
  'RequestTimeoutException',
  // Throttling, after the SDK's own retries.
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'SlowDown',
  'TooManyRequestsException',
  // The service's own failures.
  'InternalServerError',
  'InternalError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
]);

const TRANSIENT_CODES = new Set(['ETIMEDOUT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EAI_AGAIN']);

/**
 * Whether an error from an AWS SDK call means "the backend could not answer now" rather than "the
 * request was wrong": timeouts, throttling, 5xx and refused connections, after the client's retries.
 */
export const isTransientSdkError = (error: unknown): boolean => {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as {
    name?: unknown;
    code?: unknown;
    $fault?: unknown;
    $metadata?: { httpStatusCode?: unknown };
  };
  if (typeof e.name === 'string' && TRANSIENT_NAMES.has(e.name)) return true;
  if (typeof e.code === 'string' && TRANSIENT_CODES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  return e.$fault === 'server' || (typeof status === 'number' && status >= 500);
};

/**
 * The error the caller should see: a transient SDK failure becomes a `ServiceUnavailableError`
 * (503 + Retry-After, keeping the SDK error as its `cause` for the log); anything else is unchanged.
 */
export const translateSdkError = (error: unknown): unknown =>
  isTransientSdkError(error) ? new ServiceUnavailableError(undefined, { cause: error }) : error;
