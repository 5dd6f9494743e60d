import { APICallError, JSONParseError, RetryError } from 'ai';
import { describe, expect, it } from 'vitest';
import { UpstreamFailure, classifyUpstreamError, retryAfterMsOf } from './upstream-failure.js';

const apiError = (statusCode: number | undefined, headers: Record<string, string> = {}, message = 'failed', responseBody?: string) =>
  new APICallError({ message, url: 'http://x/v1/chat/completions', requestBodyValues: {}, ...(statusCode !== undefined ? { statusCode } : {}), responseHeaders: headers, ...(responseBody ? { responseBody } : {}) });

describe('upstream failure classification', () => {
  it('reads Retry-After as milliseconds, seconds or an HTTP date', () => {
    expect(retryAfterMsOf({ 'retry-after-ms': '250' })).toBe(250);
    expect(retryAfterMsOf({ 'Retry-After': '2' })).toBe(2_000);
    expect(retryAfterMsOf({ 'retry-after': '0.5' })).toBe(500);
    expect(retryAfterMsOf({ 'retry-after': 'Wed, 21 Oct 2015 07:28:10 GMT' }, Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(retryAfterMsOf({ 'retry-after': 'soon' })).toBeUndefined();
    expect(retryAfterMsOf(undefined)).toBeUndefined();
  });

  it('tells transient provider trouble from refusals, and only provider health counts against a circuit', () => {
    const limited = classifyUpstreamError(apiError(429, { 'retry-after': '3' }), false);
    expect(limited).toMatchObject({ kind: 'rate-limited', retryable: true, retryAfterMs: 3_000, code: 'PROVIDER_RATE_LIMITED', countsAgainstCircuit: true });
    expect(classifyUpstreamError(apiError(503), false)).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(classifyUpstreamError(apiError(undefined), false)).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(classifyUpstreamError(apiError(401), false)).toMatchObject({ kind: 'rejected', retryable: false, countsAgainstCircuit: false });
    expect(classifyUpstreamError(apiError(400, {}, 'Invalid parameter', '{"error":"response_format json_schema is not supported"}'), false)).toMatchObject({ kind: 'rejected-format', retryable: false });
    expect(classifyUpstreamError(new Error('aborted'), true)).toMatchObject({ kind: 'timeout', retryable: true, countsAgainstCircuit: true });
    expect(classifyUpstreamError(new JSONParseError({ text: '{"a', cause: new Error('x') }), false)).toMatchObject({ kind: 'malformed', code: 'PROVIDER_BAD_RESPONSE' });
    const wrapped = new RetryError({ message: 'gave up', reason: 'maxRetriesExceeded', errors: [apiError(500), apiError(429)] });
    expect(classifyUpstreamError(wrapped, false)).toMatchObject({ kind: 'rate-limited' });
    expect(classifyUpstreamError(limited, false)).toBe(limited);
    expect(limited).toBeInstanceOf(UpstreamFailure);
  });
});
