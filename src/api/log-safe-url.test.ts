import { describe, expect, it } from 'vitest';
import { pathOf } from './log-safe-url.js';

describe('pathOf', () => {
  it('redacts query strings and share tokens, and keeps other paths', () => {
    expect(pathOf('/v1/reports/rep_1?format=pdf')).toBe('/v1/reports/rep_1?[redacted]');
    expect(pathOf('/v1/shared/shr_secret-token')).toBe('/v1/shared/[redacted]');
    expect(pathOf('/v1/shared/shr_secret-token/export?format=pdf')).toBe('/v1/shared/[redacted]/export?[redacted]');
    expect(pathOf('/v1/runs/run_1/events')).toBe('/v1/runs/run_1/events');
    // Percent-encoded as the router decodes it, and malformed encodings.
    expect(pathOf('/v1/%73hared/shr_secret-token')).toBe('/v1/shared/[redacted]');
    expect(pathOf('/v1/shared%2Fshr_secret-token')).toBe('/v1/shared/[redacted]');
    expect(pathOf('/v1/reports/%E0%A4%A')).toBe('/v1/reports/%E0%A4%A');
    expect(pathOf(`/v1/${'a'.repeat(500)}`)).toHaveLength(300);
  });
});
