/**
 * Errors of authentication, authorisation, rate limits and quotas. They sit beside the core
 * catalogue (src/core/errors.ts) because they belong to the HTTP edge: each maps to one status
 * and stable code, and may carry response headers (`WWW-Authenticate`, `Retry-After`).
 */
export const SECURITY_ERRORS = {
  UNAUTHENTICATED: { status: 401, title: 'Authentication required' },
  FORBIDDEN: { status: 403, title: 'Not allowed' },
  CSRF_REJECTED: { status: 403, title: 'Missing or invalid CSRF token' },
  CREDENTIALS_IN_QUERY: { status: 400, title: 'Credentials are not accepted in the query string' },
  AMBIGUOUS_CREDENTIALS: { status: 400, title: 'More than one credential was sent' },
  RATE_LIMITED: { status: 429, title: 'Too many requests' },
  QUOTA_EXCEEDED: { status: 429, title: 'Quota exceeded' },
  INVALID_CREDENTIALS: { status: 401, title: 'Invalid credentials' },
} as const;

export type SecurityErrorCode = keyof typeof SECURITY_ERRORS;

export class SecurityError extends Error {
  readonly code: SecurityErrorCode;
  readonly status: number;
  readonly title: string;
  readonly headers: Record<string, string>;

  constructor(code: SecurityErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'SecurityError';
    this.code = code;
    this.status = SECURITY_ERRORS[code].status;
    this.title = SECURITY_ERRORS[code].title;
    this.headers = headers;
  }
}

export function isSecurityError(error: unknown): error is SecurityError {
  return error instanceof SecurityError;
}

/** The one answer for every authentication failure, so responses never tell which part was wrong. */
export function unauthenticated(message = 'Send a valid API key (Authorization: Bearer or X-API-Key) or a session token'): SecurityError {
  return new SecurityError('UNAUTHENTICATED', message, { 'www-authenticate': 'Bearer realm="consultantos"' });
}

export function forbidden(message = 'Your role does not allow this operation'): SecurityError {
  return new SecurityError('FORBIDDEN', message);
}
