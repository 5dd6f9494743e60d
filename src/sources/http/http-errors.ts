import { CancelledError, ConsultantError } from '../../core/errors.js';

/** Error details every connector failure carries, so gaps and logs can say what happened. */
export interface SourceErrorDetails extends Record<string, unknown> {
  source: string;
  url: string;
  status?: number;
  retryAfterMs?: number;
}

/**
 * Parses `Retry-After`: delta seconds or an HTTP date. Returns milliseconds from `now`, or
 * undefined when absent or unreadable (a garbled header must not stall a connector).
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

/**
 * The catalogue error for an HTTP status. 429 is a rate limit and 5xx an outage (both retryable);
 * any other status is a definite answer that retrying cannot change.
 */
export function statusError(source: string, url: string, status: number, retryAfterMs?: number): ConsultantError {
  const details: SourceErrorDetails = { source, url: redactUrl(url), status };
  if (retryAfterMs !== undefined) details.retryAfterMs = retryAfterMs;
  if (status === 429) {
    return new ConsultantError('PROVIDER_RATE_LIMITED', `${source} answered 429 Too Many Requests`, { details });
  }
  if (status === 502 || status === 503 || status === 504 || status === 500) {
    return new ConsultantError('PROVIDER_UNAVAILABLE', `${source} answered HTTP ${status}`, { details });
  }
  const hint = status === 403 ? ' (refused: missing User-Agent, blocked client or rate limit)' : status === 404 ? ' (not found)' : '';
  return new ConsultantError('SOURCE_FAILED', `${source} answered HTTP ${status}${hint}`, { details, retryable: false });
}

export function timeoutError(source: string, url: string, timeoutMs: number, cause: unknown): ConsultantError {
  return new ConsultantError('SOURCE_FAILED', `${source} did not answer within ${timeoutMs} ms`, {
    details: { source, url: redactUrl(url), timeoutMs },
    cause,
    retryable: true,
  });
}

export function networkError(source: string, url: string, cause: unknown): ConsultantError {
  const reason = cause instanceof Error ? (cause.cause instanceof Error ? cause.cause.message : cause.message) : String(cause);
  return new ConsultantError('PROVIDER_UNAVAILABLE', `${source} could not be reached: ${reason}`, {
    details: { source, url: redactUrl(url) },
    cause,
  });
}

export function badResponseError(source: string, url: string, problem: string, cause?: unknown): ConsultantError {
  return new ConsultantError('PROVIDER_BAD_RESPONSE', `${source} sent a response that could not be read: ${problem}`, {
    details: { source, url: redactUrl(url) },
    retryable: false,
    ...(cause === undefined ? {} : { cause }),
  });
}

export function tooLargeError(source: string, url: string, maxBytes: number): ConsultantError {
  return new ConsultantError('SOURCE_FAILED', `${source} sent more than ${maxBytes} bytes; the response was dropped`, {
    details: { source, url: redactUrl(url), maxBytes },
    retryable: false,
  });
}

export function cancelled(source: string, cause: unknown): CancelledError {
  return new CancelledError(`${source}: the request was cancelled`, { cause });
}

/** Query parameters that may carry credentials never reach messages or logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    for (const key of [...parsed.searchParams.keys()]) {
      if (/key|token|secret|crumb|password|auth/i.test(key)) parsed.searchParams.set(key, '[redacted]');
    }
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.slice(0, 200);
  }
}

/** A short human description of why a connector call failed, for data gaps. */
export function describeFailure(error: unknown): string {
  if (error instanceof ConsultantError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
