import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FINDINGS_PROMPT, FindingsSchema, testGateway } from '../../../test/support/gateway-harness.js';
import { type StubServer, startStubServer } from '../../../test/support/stub-server.js';
import { GatewayFailure } from './gateway-errors.js';

let primary: StubServer;
let secondary: StubServer;
const settings = () => ({ openaiCompatible: { baseUrl: primary.baseUrl, structuredOutputs: true }, ollama: { baseUrl: secondary.baseUrl } });
const call = (overrides: Record<string, unknown> = {}) => ({
  purpose: 'test',
  schema: FindingsSchema,
  schemaName: 'findings',
  system: 'You are an analyst. Cite evidence ids.',
  prompt: FINDINGS_PROMPT,
  chain: ['openai-compatible:stub-fast', 'ollama:stub-fast'],
  signal: new AbortController().signal,
  ...overrides,
});
const chatRequests = (server: StubServer): number => server.stats().requestsByPath['/v1/chat/completions'] ?? 0;

beforeAll(async () => {
  primary = await startStubServer({ seed: 7 });
  secondary = await startStubServer({ seed: 8 });
});
afterAll(async () => {
  await Promise.all([primary.close(), secondary.close()]);
});
beforeEach(() => {
  for (const server of [primary, secondary]) {
    server.setOptions({ faults: {}, scriptedFaults: [], retryAfterSeconds: 1, latencyMs: 0 });
    server.reset();
  }
});

describe('gateway resilience against the stub over HTTP', () => {
  it('retries a 500 with backoff and succeeds on the same model', async () => {
    primary.setOptions({ scriptedFaults: ['http500'] });
    const { gateway } = testGateway({ settings: settings() });
    const result = await gateway.generate(call());

    expect(result).toMatchObject({ model: 'openai-compatible:stub-fast', upstreamCalls: 2 });
    expect(result.usage.calls).toBe(2);
    expect(chatRequests(secondary)).toBe(0);
  });

  it('honours Retry-After on a 429 before retrying', async () => {
    primary.setOptions({ scriptedFaults: ['http429'], retryAfterSeconds: 0.4 });
    const { gateway } = testGateway({ settings: settings() });
    const started = performance.now();
    const result = await gateway.generate(call());

    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
    expect(result.model).toBe('openai-compatible:stub-fast');
    expect(primary.stats().faultsInjected).toEqual({ http429: 1 });
  });

  it('moves to the next provider instead of waiting out a Retry-After longer than allowed', async () => {
    primary.setOptions({ scriptedFaults: ['http429'], retryAfterSeconds: 30 });
    const { gateway } = testGateway({ settings: settings() });
    const started = performance.now();
    const result = await gateway.generate(call());

    expect(performance.now() - started).toBeLessThan(5_000);
    expect(result.model).toBe('ollama:stub-fast');
    expect(result.fallbackFrom[0]).toMatch(/^openai-compatible:stub-fast: HTTP 429/);
    expect(chatRequests(primary)).toBe(1);
  });

  it('abandons a request that exceeds the per-request timeout and retries it', async () => {
    primary.setOptions({ scriptedFaults: ['timeout'] });
    const { gateway } = testGateway({ settings: settings(), overrides: { timeoutMs: 300 } });
    const result = await gateway.generate(call());

    expect(result).toMatchObject({ model: 'openai-compatible:stub-fast', upstreamCalls: 2 });
    await expect.poll(() => primary.stats().clientAborts).toBe(1);
  });

  it('never makes more upstream requests per logical call than allowed, counted at the stubs', async () => {
    primary.setOptions({ faults: { http500: 1 } });
    secondary.setOptions({ faults: { http500: 1 } });
    const { gateway } = testGateway({ settings: settings(), overrides: { maxAttemptsPerModel: 3, maxUpstreamCalls: 4 } });
    const error = await gateway.generate(call()).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GatewayFailure);
    const perCall = { ...primary.stats().requestsByCallId };
    for (const [id, count] of Object.entries(secondary.stats().requestsByCallId)) perCall[id] = (perCall[id] ?? 0) + count;
    expect(Object.values(perCall)).toEqual([4]);
    expect(chatRequests(primary)).toBe(3);
    expect(chatRequests(secondary)).toBe(1);
    expect((error as GatewayFailure).upstreamCalls).toBe(4);
    expect((error as GatewayFailure).usage.calls).toBe(4);
  });

  it('opens the circuit of a failing provider, skips it while open, and closes it after one good trial', async () => {
    primary.setOptions({ faults: { http500: 1 } });
    // Long enough that the second call surely finds the circuit still open on a loaded machine.
    const { gateway, guards } = testGateway({ settings: settings(), circuit: { failureThreshold: 2, halfOpenAfterMs: 2_000 } });

    const first = await gateway.generate(call());
    expect(first.model).toBe('ollama:stub-fast');
    expect(Object.values(guards.states())).toContain('open');
    expect(chatRequests(primary)).toBe(2);

    const second = await gateway.generate(call());
    expect(second.fallbackFrom[0]).toMatch(/circuit open/);
    expect(chatRequests(primary)).toBe(2);

    primary.setOptions({ faults: {} });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    const third = await gateway.generate(call());
    expect(third.model).toBe('openai-compatible:stub-fast');
    expect(chatRequests(primary)).toBe(3);
    const primaryKey = `openai-compatible@${primary.baseUrl}`;
    expect(guards.states()[primaryKey]).toBe('closed');
    expect(guards.transitions().filter((transition) => transition.providerKey === primaryKey).map((transition) => transition.state)).toEqual(['open', 'half-open', 'closed']);
  });

  it('lets exactly one trial through a half-open circuit while other callers wait for its outcome', async () => {
    primary.setOptions({ faults: { http500: 1 } });
    const { gateway } = testGateway({ settings: settings(), circuit: { failureThreshold: 1, halfOpenAfterMs: 200 }, overrides: { maxAttemptsPerModel: 1 } });
    await gateway.generate(call());
    primary.reset();
    await new Promise((resolve) => setTimeout(resolve, 250));
    // The trial fails, so the waiting callers find the circuit open again and go to the next provider.
    const results = await Promise.all(Array.from({ length: 5 }, () => gateway.generate(call())));

    expect(chatRequests(primary)).toBe(1);
    expect(results.every((result) => result.model === 'ollama:stub-fast')).toBe(true);
  });

  it('keeps to the configured requests per minute through the rate-limit store', async () => {
    // Mid-minute on a frozen clock: the three calls share one fixed window whenever the test runs.
    const midMinute = { now: () => new Date('2026-01-01T12:00:30Z') };
    const { gateway } = testGateway({ settings: settings(), rateLimits: { requestsPerMinute: 2, tokensPerMinute: 0 }, rateLimitClock: midMinute, overrides: { timeoutMs: 300 } });
    await gateway.generate(call());
    await gateway.generate(call());
    const third = await gateway.generate(call());

    // The first two used the primary's minute; the third found it exhausted and went on.
    expect(chatRequests(primary)).toBe(2);
    expect(third.model).toBe('ollama:stub-fast');
    expect(third.fallbackFrom[0]).toMatch(/Local rate limit/);
  });

  it('limits requests in flight per provider', async () => {
    primary.setOptions({ latencyMs: 100 });
    const limited = testGateway({ settings: settings() });
    const slots = limited.guards.get(`openai-compatible@${primary.baseUrl}`).concurrency;
    expect(slots.executionSlots).toBe(8);
    const started = performance.now();
    await Promise.all(Array.from({ length: 16 }, () => limited.gateway.generate(call({ chain: ['openai-compatible:stub-fast'] }))));
    // 16 requests through 8 slots of 100 ms each take at least two rounds.
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(chatRequests(primary)).toBe(16);
  });
});
