import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CancelledError, ConsultantError, ERROR_CATALOGUE, isRetryable, serializeError, toConsultantError } from './errors.js';

describe('error catalogue', () => {
  it('is documented completely in docs/errors.md', () => {
    const documentation = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
    for (const [code, entry] of Object.entries(ERROR_CATALOGUE)) {
      const row = documentation.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
      expect(row, code).toBeDefined();
      expect(row).toContain(`| ${entry.category} | ${entry.retryable ? 'yes' : 'no'} | ${entry.httpStatus} |`);
    }
  });

  it('classifies and serializes errors', () => {
    const error = new ConsultantError('PROVIDER_RATE_LIMITED', 'slow down', { details: { retryAfterMs: 1000 } });
    expect(error).toMatchObject({ category: 'provider', retryable: true, httpStatus: 503 });
    expect(serializeError(error)).toEqual({ code: 'PROVIDER_RATE_LIMITED', category: 'provider', retryable: true, message: 'slow down', details: { retryAfterMs: 1000 } });
    expect(isRetryable(new CancelledError())).toBe(false);
    expect(isRetryable(new ConsultantError('INVALID_INPUT', 'no'))).toBe(false);
    const aborted = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(toConsultantError(aborted)).toBeInstanceOf(CancelledError);
    expect(serializeError(new Error('boom')).code).toBe('STEP_FAILED');
  });
});
