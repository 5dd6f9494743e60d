import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FINDINGS_PROMPT, FindingsSchema, testGateway } from '../../../test/support/gateway-harness.js';
import { type StubServer, startStubServer } from '../../../test/support/stub-server.js';
import { MemoryBudgetStore } from '../../core/memory/memory-budget-store.js';
import { costWithPrice } from '../prices.js';
import { BudgetExceededError, GatewayFailure } from './gateway-errors.js';

let server: StubServer;
const settings = () => ({ openaiCompatible: { baseUrl: server.baseUrl, structuredOutputs: true } });
const call = (overrides: Record<string, unknown> = {}) => ({
  purpose: 'test',
  schema: FindingsSchema,
  schemaName: 'findings',
  system: 'You are an analyst. Cite evidence ids.',
  prompt: FINDINGS_PROMPT,
  chain: ['openai-compatible:stub-fast'],
  signal: new AbortController().signal,
  ...overrides,
});

beforeAll(async () => {
  server = await startStubServer({ seed: 5 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setOptions({ faults: {}, scriptedFaults: [], unsupportedResponseFormats: [], cachedPromptFraction: 0 });
  server.reset();
});

describe('structured output through the gateway (openai-compatible client, stub over HTTP)', () => {
  it('returns a validated answer with the provider usage, in one upstream request tagged with its call id', async () => {
    const { gateway } = testGateway({ settings: settings() });
    const result = await gateway.generate(call());

    expect(FindingsSchema.safeParse(result.output).success).toBe(true);
    expect(result).toMatchObject({ model: 'openai-compatible:stub-fast', upstreamCalls: 1, cached: false, fallbackFrom: [] });
    const stats = server.stats();
    expect(result.usage).toMatchObject({ inputTokens: stats.tokens.prompt, outputTokens: stats.tokens.completion, calls: 1 });
    expect(Object.values(stats.requestsByCallId)).toEqual([1]);
    expect(server.requests()[0]?.body).toMatchObject({ response_format: { type: 'json_schema' }, max_tokens: 1_000 });
  });

  it('recovers the JSON behind a <think> preamble and a code fence without a repair', async () => {
    server.setOptions({ scriptedFaults: ['thinkPreamble'] });
    const { gateway } = testGateway({ settings: settings() });
    const result = await gateway.generate(call());

    expect(server.stats().faultsInjected).toEqual({ thinkPreamble: 1 });
    expect(result.upstreamCalls).toBe(1);
    expect(FindingsSchema.safeParse(result.output).success).toBe(true);
  });

  it.each(['schemaInvalid', 'malformedJson'] as const)('repairs a %s answer once, showing the model its validation errors', async (fault) => {
    server.setOptions({ scriptedFaults: [fault] });
    const { gateway } = testGateway({ settings: settings() });
    const result = await gateway.generate(call());

    expect(result.upstreamCalls).toBe(2);
    const repair = server.requests()[1]?.body as { messages: { role: string; content: string }[] };
    const last = repair.messages[repair.messages.length - 1]!;
    expect(last.role).toBe('user');
    expect(last.content).toMatch(/failed validation/);
    expect(repair.messages[repair.messages.length - 2]?.role).toBe('assistant');
    expect(FindingsSchema.safeParse(result.output).success).toBe(true);
    // Both requests were billed.
    expect(result.usage.calls).toBe(2);
    expect(result.usage.inputTokens).toBe(server.stats().tokens.prompt);
  });

  it('gives up on a model after one failed repair and moves to the next in the chain', async () => {
    server.setOptions({ scriptedFaults: ['schemaInvalid', 'schemaInvalid'] });
    const { gateway } = testGateway({ settings: settings() });
    const result = await gateway.generate(call({ chain: ['openai-compatible:stub-fast', 'openai-compatible:stub-strong'] }));

    expect(result.model).toBe('openai-compatible:stub-strong');
    expect(result.fallbackFrom).toEqual([expect.stringMatching(/^openai-compatible:stub-fast: answer invalid after one repair/)]);
    expect(result.upstreamCalls).toBe(3);
  });

  it('falls back from native structured output to JSON mode, then to the prompt, when the server refuses them', async () => {
    server.setOptions({ unsupportedResponseFormats: ['json_schema', 'json_object'] });
    const { gateway } = testGateway({ settings: settings() });
    const result = await gateway.generate(call());

    const bodies = server.requests().map((request) => request.body as { response_format?: { type: string }; messages: { role: string; content: string }[] });
    expect(bodies.map((body) => body.response_format?.type ?? 'none')).toEqual(['json_schema', 'json_object', 'none']);
    // Without native structured output the schema travels in the system prompt.
    expect(bodies[2]!.messages[0]!.content).toMatch(/validate against this JSON Schema/);
    expect(FindingsSchema.safeParse(result.output).success).toBe(true);
  });

  it('works prompt-only, extracting the answer from plain text', async () => {
    server.setOptions({ scriptedFaults: ['thinkPreamble'] });
    const { gateway } = testGateway({ settings: { ...settings(), structuredOutput: 'prompt' } });
    const result = await gateway.generate(call());

    expect((server.requests()[0]?.body as { response_format?: unknown }).response_format).toBeUndefined();
    expect(FindingsSchema.safeParse(result.output).success).toBe(true);
  });

  it('streams, reporting the text as it arrives, with usage from the final chunk', async () => {
    server.setOptions({ streamChunkDelayMs: 1 });
    try {
      const { gateway } = testGateway({ settings: settings() });
      const seen: number[] = [];
      const result = await gateway.generate(call({ stream: true, onText: (text: string) => seen.push(text.length) }));

      expect(server.requests()[0]?.stream).toBe(true);
      expect(seen.length).toBeGreaterThan(3);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
      expect(result.usage.inputTokens).toBe(server.stats().tokens.prompt);
      expect(result.usage.outputTokens).toBe(server.stats().tokens.completion);
    } finally {
      server.setOptions({ streamChunkDelayMs: 0 });
    }
  });

  it('prices streamed and non-streamed calls alike, cached prompt tokens at the cached rate', async () => {
    server.setOptions({ cachedPromptFraction: 0.25 });
    const price = { inputPerMillionUsd: 3, outputPerMillionUsd: 15, cachedInputPerMillionUsd: 0.3 };
    const { gateway } = testGateway({ settings: settings(), prices: { 'openai-compatible:stub-fast': price } });
    for (const stream of [false, true]) {
      server.reset();
      const result = await gateway.generate(call({ stream }));
      const tokens = server.stats().tokens;
      expect(result.usage.cachedTokens).toBe(tokens.cached);
      expect(tokens.cached).toBeGreaterThan(0);
      expect(result.usage.costUsd).toBeCloseTo(costWithPrice(price, { inputTokens: tokens.prompt, outputTokens: tokens.completion, cacheReadTokens: tokens.cached, cacheWriteTokens: 0 }), 12);
    }
  });

  it('serves a repeated call from the exact response cache at zero cost, and misses on any change', async () => {
    const { gateway } = testGateway({ settings: settings(), cacheTtlMs: 60_000, prices: { 'openai-compatible:stub-fast': { inputPerMillionUsd: 1, outputPerMillionUsd: 1 } } });
    const first = await gateway.generate(call({ tenantId: 't1' }));
    const second = await gateway.generate(call({ tenantId: 't1' }));
    const otherTenant = await gateway.generate(call({ tenantId: 't2' }));
    const otherPrompt = await gateway.generate(call({ tenantId: 't1', system: 'You are a different analyst.' }));

    expect(first.usage.costUsd).toBeGreaterThan(0);
    expect(second).toMatchObject({ cached: true, upstreamCalls: 0, usage: { inputTokens: 0, outputTokens: 0, costUsd: 0, calls: 0, cacheHits: 1 } });
    expect(second.output).toEqual(first.output);
    expect(otherTenant.cached).toBe(false);
    expect(otherPrompt.cached).toBe(false);
    expect(server.stats().requestsByPath['/v1/chat/completions']).toBe(3);
  });

  it('refuses a call whose reservation would pass the budget, before any request is sent', async () => {
    const budgetStore = new MemoryBudgetStore();
    const { gateway } = testGateway({ settings: settings(), budgetStore });
    const error = await gateway.generate(call({ budgets: [{ key: 'run:r1', limits: { maxTokens: 500 } }] })).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(BudgetExceededError);
    expect((error as BudgetExceededError).code).toBe('BUDGET_EXCEEDED');
    expect(server.stats().totalRequests).toBe(0);
    expect(await budgetStore.get('run:r1')).toMatchObject({ spent: { tokens: 0 }, reserved: { tokens: 0 } });
  });

  it('settles a reservation to the real usage and warns once at the threshold', async () => {
    const budgetStore = new MemoryBudgetStore();
    const { gateway } = testGateway({ settings: settings(), budgetStore });
    const warnings: string[] = [];
    // Each call reserves ~1,150 tokens (prompt estimate + 1,000 output) and really uses ~500.
    const budgeted = () => call({ budgets: [{ key: 'run:r2', limits: { maxTokens: 1_700 } }], onBudgetWarning: (warned: { key: string }) => void warnings.push(warned.key) });
    const result = await gateway.generate(budgeted());
    const state = await budgetStore.get('run:r2');

    expect(state.reserved.tokens).toBe(0);
    expect(state.spent.tokens).toBe(result.usage.inputTokens + result.usage.outputTokens);
    expect(warnings).toEqual([]);
    await gateway.generate(budgeted());
    expect(warnings).toEqual(['run:r2']);
    await expect(gateway.generate(budgeted())).rejects.toBeInstanceOf(BudgetExceededError);
    expect(warnings).toEqual(['run:r2']);
    expect(server.stats().requestsByPath['/v1/chat/completions']).toBe(2);
  });

  it('fails with the trail of every model when the whole chain is unusable', async () => {
    const { gateway } = testGateway({ settings: {} });
    const error = await gateway.generate(call({ chain: ['openai-compatible:stub-fast', 'openai:gpt-4o-mini'] })).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(GatewayFailure);
    expect((error as GatewayFailure).trail).toEqual(['openai-compatible:stub-fast: CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL is not set', 'openai:gpt-4o-mini: OPENAI_API_KEY is not set']);
    expect(server.stats().totalRequests).toBe(0);
  });
});
