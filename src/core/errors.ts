/**
 * The error catalogue. Every error the engine, the stores, the CLI or the API raises on purpose
 * carries a stable code from this table, a category (who has to act: the user, an upstream
 * provider, or us) and whether retrying can help. The API maps codes to RFC 9457 problem
 * responses; the CLI maps categories to exit codes.
 */
export type ErrorCategory = 'user' | 'provider' | 'system';

interface CatalogueEntry {
  readonly category: ErrorCategory;
  readonly retryable: boolean;
  readonly httpStatus: number;
  readonly title: string;
}

export const ERROR_CATALOGUE = {
  // user: the request is wrong; retrying the same request cannot help
  INVALID_INPUT: { category: 'user', retryable: false, httpStatus: 400, title: 'Invalid input' },
  INVALID_CONFIG: { category: 'user', retryable: false, httpStatus: 500, title: 'Invalid configuration' },
  UNKNOWN_FRAMEWORK: { category: 'user', retryable: false, httpStatus: 400, title: 'Unknown framework' },
  DOCUMENT_UNREADABLE: { category: 'user', retryable: false, httpStatus: 400, title: 'Document cannot be read' },
  FACTS_MALFORMED: { category: 'user', retryable: false, httpStatus: 400, title: 'Financial facts file is malformed' },
  NOT_FOUND: { category: 'user', retryable: false, httpStatus: 404, title: 'Not found' },
  CONFLICT: { category: 'user', retryable: false, httpStatus: 409, title: 'Conflict' },
  INVALID_STATE: { category: 'user', retryable: false, httpStatus: 409, title: 'Invalid state for this operation' },
  WORKFLOW_INVALID: { category: 'user', retryable: false, httpStatus: 400, title: 'Workflow definition is invalid' },
  WORKFLOW_UNKNOWN: { category: 'user', retryable: false, httpStatus: 400, title: 'Unknown workflow or version' },
  BUDGET_EXCEEDED: { category: 'user', retryable: false, httpStatus: 402, title: 'Token or cost budget exceeded' },
  // provider: an upstream (model, data source) misbehaved; often transient
  PROVIDER_UNAVAILABLE: { category: 'provider', retryable: true, httpStatus: 502, title: 'Upstream provider unavailable' },
  PROVIDER_RATE_LIMITED: { category: 'provider', retryable: true, httpStatus: 503, title: 'Upstream provider rate limited' },
  PROVIDER_BAD_RESPONSE: { category: 'provider', retryable: true, httpStatus: 502, title: 'Upstream provider returned an invalid response' },
  SOURCE_FAILED: { category: 'provider', retryable: true, httpStatus: 502, title: 'Evidence source failed' },
  // system: ours to fix, or a control-flow signal
  STEP_TIMEOUT: { category: 'system', retryable: true, httpStatus: 504, title: 'Step timed out' },
  STEP_FAILED: { category: 'system', retryable: true, httpStatus: 500, title: 'Step failed' },
  CIRCUIT_OPEN: { category: 'system', retryable: false, httpStatus: 503, title: 'Circuit open' },
  CANCELLED: { category: 'system', retryable: false, httpStatus: 409, title: 'Cancelled' },
  DRAINING: { category: 'system', retryable: false, httpStatus: 503, title: 'Process is shutting down' },
  LEASE_LOST: { category: 'system', retryable: false, httpStatus: 409, title: 'Run lease lost to another worker' },
  LEASE_HELD: { category: 'system', retryable: false, httpStatus: 409, title: 'Run is owned by another worker' },
  STORE_FAILED: { category: 'system', retryable: true, httpStatus: 500, title: 'Storage failure' },
  MIGRATION_REQUIRED: { category: 'system', retryable: false, httpStatus: 500, title: 'Database schema is not at the expected version' },
  INTERNAL: { category: 'system', retryable: false, httpStatus: 500, title: 'Internal error' },
} as const satisfies Record<string, CatalogueEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export interface ConsultantErrorOptions {
  details?: Record<string, unknown>;
  cause?: unknown;
  retryable?: boolean;
}

/** Base class of every error raised on purpose. `code` is stable; `message` is for people. */
export class ConsultantError extends Error {
  readonly code: ErrorCode;
  readonly category: ErrorCategory;
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: ConsultantErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConsultantError';
    this.code = code;
    const entry: CatalogueEntry = ERROR_CATALOGUE[code];
    this.category = entry.category;
    this.retryable = options.retryable ?? entry.retryable;
    this.details = options.details ?? {};
  }

  get httpStatus(): number {
    return ERROR_CATALOGUE[this.code].httpStatus;
  }

  toJSON(): SerializedError {
    return { code: this.code, category: this.category, retryable: this.retryable, message: this.message, details: this.details };
  }
}

/**
 * Control-flow signals: the retry layer must never retry these, and they are not failures of
 * the step itself. Each is its own type so `instanceof` checks stay honest.
 */
export class CancelledError extends ConsultantError {
  constructor(message = 'The run was cancelled', options: ConsultantErrorOptions = {}) {
    super('CANCELLED', message, options);
    this.name = 'CancelledError';
  }
}

export class DrainingError extends ConsultantError {
  constructor(message = 'The process is shutting down', options: ConsultantErrorOptions = {}) {
    super('DRAINING', message, options);
    this.name = 'DrainingError';
  }
}

export class LeaseLostError extends ConsultantError {
  constructor(message = 'The run lease was taken by another worker', options: ConsultantErrorOptions = {}) {
    super('LEASE_LOST', message, options);
    this.name = 'LeaseLostError';
  }
}

export class CircuitOpenError extends ConsultantError {
  constructor(message: string, options: ConsultantErrorOptions = {}) {
    super('CIRCUIT_OPEN', message, options);
    this.name = 'CircuitOpenError';
  }
}

export class StepTimeoutError extends ConsultantError {
  constructor(message: string, options: ConsultantErrorOptions = {}) {
    super('STEP_TIMEOUT', message, options);
    this.name = 'StepTimeoutError';
  }
}

/** Marks an error the retry layer must not retry, whatever its code says. */
export class NonRetryableError extends ConsultantError {
  constructor(code: ErrorCode, message: string, options: ConsultantErrorOptions = {}) {
    super(code, message, { ...options, retryable: false });
    this.name = 'NonRetryableError';
  }
}

export function isControlSignal(error: unknown): boolean {
  return error instanceof CancelledError || error instanceof DrainingError || error instanceof LeaseLostError;
}

export interface SerializedError {
  code: string;
  category: ErrorCategory;
  retryable: boolean;
  message: string;
  details?: Record<string, unknown>;
}

/** Turns anything thrown into a catalogue error, keeping the original as `cause`. */
export function toConsultantError(error: unknown, fallback: ErrorCode = 'INTERNAL'): ConsultantError {
  if (error instanceof ConsultantError) return error;
  if (error instanceof Error && error.name === 'AbortError') {
    return new CancelledError('The operation was aborted', { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ConsultantError(fallback, message, { cause: error });
}

export function serializeError(error: unknown): SerializedError {
  const normalized = toConsultantError(error, 'STEP_FAILED');
  return normalized.toJSON();
}

/** Whether retrying the operation that threw `error` can help. */
export function isRetryable(error: unknown): boolean {
  if (isControlSignal(error) || error instanceof CircuitOpenError) return false;
  if (error instanceof ConsultantError) return error.retryable;
  // Unknown errors (a bug, a driver hiccup) get the benefit of the doubt, bounded by the policy.
  return true;
}
