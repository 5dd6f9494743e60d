import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CancelledError, ConsultantError } from '../../core/errors.js';
import { MemoryCache } from '../../core/memory/memory-cache.js';
import { fakeNetwork, hangingAnswer, json } from '../../../test/fixtures/sources/recorded-fetch.js';
import { SourceHttpClient } from './http-client.js';
import type { FetchFunction, HttpPolicy } from './http-client.js';
import { parseRetryAfter } from './http-errors.js';
import { unlimited } from './rate-limiter.js';

const POLICY: HttpPolicy = {
  source: 'test-source',
  timeoutMs: 2_000,
  maxAttempts: 3,
  initialBackoffMs: 10,
  maxBackoffMs: 40,
  maxRetryAfterMs: 5_000,
  maxBodyBytes: 1_000,
  cacheTtlMs: 60_000,
};

function client(fetch: FetchFunction, policy: Partial<HttpPolicy> = {}): SourceHttpClient {
  return new SourceHttpClient({ policy: { ...POLICY, ...policy }, fetch, limiter: unlimited });
}

const signal = (): AbortSignal => new AbortController().signal;
const Value = z.object({ value: z.number() });

async function failure(promise: Promise<unknown>): Promise<ConsultantError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConsultantError);
  return error as ConsultantError;
}

describe('SourceHttpClient', () => {
  it('serves a cache hit without making a request', async () => {
    const network = fakeNetwork([{ match: /\/data$/, answer: json({ value: 1 }) }]);
    const cache = new MemoryCache();
    const http = client(network.fetch);
    const first = await http.json({ url: 'https://example.test/data', signal: signal(), cache }, Value.parse);
    const second = await http.text({ url: 'https://example.test/data', signal: signal(), cache });
    expect(first).toEqual({ value: 1 });
    expect(second.fromCache).toBe(true);
    expect(JSON.parse(second.text)).toEqual({ value: 1 });
    expect(network.calls).toHaveLength(1);
  });

  it('does not cache when the time to live is zero, and never caches failures', async () => {
    let count = 0;
    const network = fakeNetwork([{ match: /./, answer: () => (count++ === 0 ? { status: 404, body: 'no' } : json({ value: 2 })) }]);
    const cache = new MemoryCache();
    const http = client(network.fetch);
    await failure(http.text({ url: 'https://example.test/x', signal: signal(), cache }));
    await http.text({ url: 'https://example.test/x', signal: signal(), cache, cacheTtlMs: 0 });
    await http.text({ url: 'https://example.test/x', signal: signal(), cache });
    expect(network.calls).toHaveLength(3);
  });

  it('retries a 429, waiting the Retry-After it was given, then succeeds', async () => {
    let count = 0;
    const network = fakeNetwork([{ match: /./, answer: () => (count++ === 0 ? { status: 429, headers: { 'retry-after': '1' } } : json({ value: 3 })) }]);
    const result = await client(network.fetch).json({ url: 'https://example.test/limited', signal: signal() }, Value.parse);
    expect(result).toEqual({ value: 3 });
    expect(network.calls).toHaveLength(2);
    expect(network.calls[1]!.at - network.calls[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it('gives up at once on a Retry-After longer than it may wait, as rate limited', async () => {
    const network = fakeNetwork([{ match: /./, answer: { status: 429, headers: { 'retry-after': '3600' } } }]);
    const error = await failure(client(network.fetch).text({ url: 'https://example.test/limited', signal: signal() }));
    expect(error.code).toBe('PROVIDER_RATE_LIMITED');
    expect(error.details.retryAfterMs).toBe(3_600_000);
    expect(network.calls).toHaveLength(1);
  });

  it('retries outages (503) up to the attempt limit and reports the last one', async () => {
    const network = fakeNetwork([{ match: /./, answer: { status: 503 } }]);
    const error = await failure(client(network.fetch).text({ url: 'https://example.test/down', signal: signal() }));
    expect(error.code).toBe('PROVIDER_UNAVAILABLE');
    expect(network.calls).toHaveLength(3);
  });

  it('does not retry a definite answer (404)', async () => {
    const network = fakeNetwork([]);
    const error = await failure(client(network.fetch).text({ url: 'https://example.test/missing', signal: signal() }));
    expect(error.code).toBe('SOURCE_FAILED');
    expect(error.message).toContain('404');
    expect(network.calls).toHaveLength(1);
  });

  it('times out a hung upstream per attempt, retries, then fails with a timeout error', async () => {
    const network = fakeNetwork([{ match: /./, answer: hangingAnswer }]);
    const started = performance.now();
    const error = await failure(client(network.fetch, { timeoutMs: 100, maxAttempts: 2 }).text({ url: 'https://example.test/slow', signal: signal() }));
    expect(error.code).toBe('SOURCE_FAILED');
    expect(error.message).toMatch(/did not answer within 100 ms/);
    expect(network.calls).toHaveLength(2);
    expect(performance.now() - started).toBeLessThan(1_500);
  });

  it('turns a malformed body into a bad-response error without retrying', async () => {
    const network = fakeNetwork([{ match: /./, answer: { headers: { 'content-type': 'application/json' }, body: '{"value": ' } }]);
    const error = await failure(client(network.fetch).json({ url: 'https://example.test/garbage', signal: signal() }, Value.parse));
    expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
    expect(network.calls).toHaveLength(1);
    const shape = fakeNetwork([{ match: /./, answer: json({ value: 'not a number' }) }]);
    expect((await failure(client(shape.fetch).json({ url: 'https://example.test/shape', signal: signal() }, Value.parse))).message).toMatch(/unexpected shape/);
  });

  it('refuses an unexpected content type (an HTML error page instead of JSON)', async () => {
    const network = fakeNetwork([{ match: /./, answer: { headers: { 'content-type': 'text/html' }, body: '<html>consent</html>' } }]);
    const error = await failure(client(network.fetch).json({ url: 'https://example.test/page', signal: signal() }, Value.parse));
    expect(error.code).toBe('PROVIDER_BAD_RESPONSE');
    expect(error.message).toContain('text/html');
  });

  it('refuses bodies over the size limit, declared or streamed', async () => {
    const big = 'x'.repeat(5_000);
    const declared = fakeNetwork([{ match: /./, answer: { headers: { 'content-type': 'text/plain', 'content-length': '5000' }, body: big } }]);
    expect((await failure(client(declared.fetch).text({ url: 'https://example.test/big', signal: signal() }))).message).toMatch(/more than 1000 bytes/);
    const streamed: FetchFunction = async () => new Response(new ReadableStream({ start(controller) { for (let index = 0; index < 10; index += 1) controller.enqueue(new TextEncoder().encode(big.slice(0, 500))); controller.close(); } }), { headers: { 'content-type': 'text/plain' } });
    expect((await failure(client(streamed).text({ url: 'https://example.test/stream', signal: signal() }))).code).toBe('SOURCE_FAILED');
  });

  it('maps network errors to a retryable unavailability', async () => {
    let count = 0;
    const flaky: FetchFunction = async () => {
      count += 1;
      if (count === 1) throw new TypeError('fetch failed', { cause: new Error('getaddrinfo ENOTFOUND example.test') });
      return new Response(JSON.stringify({ value: 4 }), { headers: { 'content-type': 'application/json' } });
    };
    expect(await client(flaky).json({ url: 'https://example.test/flaky', signal: signal() }, Value.parse)).toEqual({ value: 4 });
    expect(count).toBe(2);
  });

  it('throws CancelledError when the caller aborts, and does not retry', async () => {
    const network = fakeNetwork([{ match: /./, answer: hangingAnswer }]);
    const controller = new AbortController();
    const pending = client(network.fetch).text({ url: 'https://example.test/slow', signal: controller.signal });
    setTimeout(() => controller.abort(new Error('stop')), 20);
    await expect(pending).rejects.toBeInstanceOf(CancelledError);
    expect(network.calls).toHaveLength(1);
  });

  it('makes identical concurrent requests once', async () => {
    const network = fakeNetwork([{ match: /./, answer: async () => { await new Promise((resolve) => setTimeout(resolve, 20)); return json({ value: 5 }); } }]);
    const http = client(network.fetch);
    const results = await Promise.all([1, 2, 3].map(() => http.json({ url: 'https://example.test/same', signal: signal() }, Value.parse)));
    expect(results).toEqual([{ value: 5 }, { value: 5 }, { value: 5 }]);
    expect(network.calls).toHaveLength(1);
  });

  it('keeps credentials out of error messages', async () => {
    const network = fakeNetwork([{ match: /./, answer: { status: 403 } }]);
    const error = await failure(client(network.fetch).text({ url: 'https://example.test/q?api_key=secret123&q=x', signal: signal() }));
    expect(JSON.stringify(error.details)).not.toContain('secret123');
  });
});

describe('parseRetryAfter', () => {
  it('reads delta seconds and HTTP dates, and ignores garbage', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
