import { APICallError, EmptyResponseBodyError, InvalidResponseDataError, JSONParseError, NoOutputGeneratedError, RetryError, TypeValidationError, UnsupportedFunctionalityError } from 'ai';
import { ConsultantError, type ErrorCode } from '../../core/errors.js';

/** What went wrong with one upstream request, in the terms the retry and fallback logic needs. */
export type FailureKind =
  /** 429: wait (Retry-After) and retry, or move on. */
  | 'rate-limited'
  /** 5xx, 408, 409, a connection that failed: transient. */
  | 'unavailable'
  /** Our per-request deadline passed. */
  | 'timeout'
  /** The HTTP body or stream could not be read as the provider's protocol. */
  | 'malformed'
  /** The provider refused the structured-output request itself (try the next output mode). */
  | 'rejected-format'
  /** 401/403, or a 4xx that retrying cannot fix. */
  | 'rejected';

const CODES: Record<FailureKind, ErrorCode> = {
  'rate-limited': 'PROVIDER_RATE_LIMITED',
  unavailable: 'PROVIDER_UNAVAILABLE',
  timeout: 'PROVIDER_UNAVAILABLE',
  malformed: 'PROVIDER_BAD_RESPONSE',
  'rejected-format': 'PROVIDER_BAD_RESPONSE',
  rejected: 'PROVIDER_UNAVAILABLE',
};

export class UpstreamFailure extends ConsultantError {
  readonly kind: FailureKind;
  readonly statusCode: number | undefined;
  /** From `Retry-After` / `retry-after-ms`, when the provider said how long to wait. */
  readonly retryAfterMs: number | undefined;

  constructor(kind: FailureKind, message: string, options: { statusCode?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    const retryable = kind === 'rate-limited' || kind === 'unavailable' || kind === 'timeout' || kind === 'malformed';
    super(CODES[kind], message, { retryable, cause: options.cause, details: { kind, ...(options.statusCode !== undefined ? { statusCode: options.statusCode } : {}), ...(options.retryAfterMs !== undefined ? { retryAfterMs: options.retryAfterMs } : {}) } });
    this.name = 'UpstreamFailure';
    this.kind = kind;
    this.statusCode = options.statusCode;
    this.retryAfterMs = options.retryAfterMs;
  }

  /** Provider health, not our request or the model's writing, is what opens a circuit. */
  get countsAgainstCircuit(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'unavailable' || this.kind === 'timeout' || this.kind === 'malformed';
  }
}

/** `retry-after-ms` (OpenAI), then `Retry-After` in seconds or as an HTTP date. */
export function retryAfterMsOf(headers: Record<string, string | undefined> | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const lower = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
  const milliseconds = Number.parseFloat(lower['retry-after-ms'] ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return Math.round(milliseconds);
  const value = lower['retry-after']?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number.parseFloat(value) * 1000);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

const FORMAT_HINTS = /response_format|json_schema|json schema|structured output|output_format|responseschema|response_schema|json mode|not supported/i;

function fromApiCallError(error: APICallError): UpstreamFailure {
  const status = error.statusCode;
  const message = `${status !== undefined ? `HTTP ${status}` : 'connection failed'}: ${error.message}`.slice(0, 500);
  const options = { cause: error, ...(status !== undefined ? { statusCode: status } : {}) };
  if (status === 429) {
    const retryAfterMs = retryAfterMsOf(error.responseHeaders);
    return new UpstreamFailure('rate-limited', message, { ...options, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (status === undefined || status === 408 || status === 409 || status >= 500) {
    const retryAfterMs = retryAfterMsOf(error.responseHeaders);
    return new UpstreamFailure('unavailable', message, { ...options, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if ((status === 400 || status === 422) && FORMAT_HINTS.test(`${error.message} ${error.responseBody ?? ''}`)) return new UpstreamFailure('rejected-format', message, options);
  return new UpstreamFailure('rejected', message, options);
}

/**
 * Maps whatever one upstream request threw (AI SDK errors, aborts) to an UpstreamFailure.
 * `timedOut` says our own deadline fired; a caller's abort never reaches here.
 */
export function classifyUpstreamError(error: unknown, timedOut: boolean): UpstreamFailure {
  if (error instanceof UpstreamFailure) return error;
  if (timedOut) return new UpstreamFailure('timeout', 'The provider did not answer within the per-request timeout', { cause: error });
  if (RetryError.isInstance(error)) return classifyUpstreamError(error.lastError, false);
  if (APICallError.isInstance(error)) return fromApiCallError(error);
  if (UnsupportedFunctionalityError.isInstance(error)) return new UpstreamFailure('rejected-format', error.message.slice(0, 500), { cause: error });
  if (JSONParseError.isInstance(error) || TypeValidationError.isInstance(error) || InvalidResponseDataError.isInstance(error) || EmptyResponseBodyError.isInstance(error) || NoOutputGeneratedError.isInstance(error)) {
    return new UpstreamFailure('malformed', `The provider's response could not be read: ${error.message}`.slice(0, 500), { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  // A stream cut mid-answer surfaces as a plain TypeError or a terminated socket.
  return new UpstreamFailure('unavailable', message.slice(0, 500), { cause: error });
}
