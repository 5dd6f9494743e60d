import { simulateReadableStream } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINDINGS_PROMPT, FindingsSchema, testGateway } from '../../test/support/gateway-harness.js';
import { type ModelPrice, PriceTable, costWithPrice } from './prices.js';

const price = fc.record({
  inputPerMillionUsd: fc.double({ min: 0, max: 100, noNaN: true }),
  outputPerMillionUsd: fc.double({ min: 0, max: 200, noNaN: true }),
  cachedInputPerMillionUsd: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
  cacheWritePerMillionUsd: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
});

/** Input tokens with a cache-read and a cache-write share that never exceed them. */
const tokens = fc
  .tuple(fc.nat({ max: 2_000_000 }), fc.nat({ max: 500_000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }))
  .map(([inputTokens, outputTokens, readShare, writeShare]) => {
    const cacheReadTokens = Math.floor(inputTokens * readShare);
    const cacheWriteTokens = Math.floor((inputTokens - cacheReadTokens) * writeShare);
    return { inputTokens, outputTokens, cacheReadTokens, cacheWriteTokens };
  });

const answer = JSON.stringify({ summary: 'Acme grows.', findings: [{ text: 'Revenue grew 12 %.', evidenceIds: ['ev_00000000000000a1'] }] });

function usageOf(counts: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number }) {
  return {
    inputTokens: { total: counts.inputTokens, noCache: counts.inputTokens - counts.cacheReadTokens - counts.cacheWriteTokens, cacheRead: counts.cacheReadTokens, cacheWrite: counts.cacheWriteTokens },
    outputTokens: { total: counts.outputTokens, text: counts.outputTokens, reasoning: 0 },
  };
}

/** The SDK's mock model answering with the given usage, both as one response and as a stream. */
function mockModel(counts: Parameters<typeof usageOf>[0]): MockLanguageModelV3 {
  const usage = usageOf(counts);
  const finishReason = { unified: 'stop' as const, raw: 'stop' };
  return new MockLanguageModelV3({
    provider: 'openai.chat',
    modelId: 'gpt-4o-mini',
    doGenerate: async () => ({ content: [{ type: 'text', text: answer }], finishReason, usage, warnings: [] }),
    doStream: async () => ({
      stream: simulateReadableStream({
        chunks: [
          { type: 'text-start', id: 't' },
          ...[answer.slice(0, 20), answer.slice(20)].map((delta) => ({ type: 'text-delta' as const, id: 't', delta })),
          { type: 'text-end', id: 't' },
          { type: 'finish', finishReason, usage },
        ],
      }),
    }),
  });
}

describe('price table', () => {
  it('computes cost as uncached, cached, cache-write and output tokens times their rates', () => {
    fc.assert(
      fc.property(price, tokens, (rates: ModelPrice, counts) => {
        const uncached = counts.inputTokens - counts.cacheReadTokens - counts.cacheWriteTokens;
        const expected =
          (uncached * rates.inputPerMillionUsd +
            counts.cacheReadTokens * (rates.cachedInputPerMillionUsd ?? rates.inputPerMillionUsd) +
            counts.cacheWriteTokens * (rates.cacheWritePerMillionUsd ?? rates.inputPerMillionUsd) +
            counts.outputTokens * rates.outputPerMillionUsd) /
          1_000_000;
        const cost = costWithPrice(rates, counts);
        expect(cost).toBeGreaterThanOrEqual(0);
        expect(cost).toBeCloseTo(expected, 9);
        // More output never costs less.
        expect(costWithPrice(rates, { ...counts, outputTokens: counts.outputTokens + 1 })).toBeGreaterThanOrEqual(cost);
      }),
      { numRuns: 500 },
    );
  });

  it('prices dated variants by their family, honours overrides, and knows local models are free', () => {
    const table = new PriceTable({ 'openai-compatible:qwen2.5-7b': { inputPerMillionUsd: 0.2, outputPerMillionUsd: 0.2 }, 'openai:gpt-4o': { inputPerMillionUsd: 9, outputPerMillionUsd: 9 } });
    expect(table.priceOf('openai:gpt-4o-mini-2024-07-18')).toMatchObject({ inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 });
    expect(table.priceOf('openai:gpt-4o-2024-11-20')).toMatchObject({ inputPerMillionUsd: 2.5 });
    expect(table.priceOf('openai:gpt-4o')).toMatchObject({ inputPerMillionUsd: 9 });
    expect(table.priceOf('anthropic:claude-3-5-haiku-latest')).toMatchObject({ cacheWritePerMillionUsd: 1 });
    expect(table.priceOf('google:gemini-2.5-flash-lite')).toMatchObject({ inputPerMillionUsd: 0.1 });
    expect(table.priceOf('ollama:llama3.1:8b')).toEqual({ inputPerMillionUsd: 0, outputPerMillionUsd: 0 });
    expect(table.priceOf('openai-compatible:qwen2.5-7b')).toMatchObject({ inputPerMillionUsd: 0.2 });
    expect(table.priceOf('openai-compatible:unknown-model')).toBeUndefined();
    expect(table.costOf('openai-compatible:unknown-model', { inputTokens: 10, outputTokens: 10, cacheReadTokens: 0, cacheWriteTokens: 0 })).toBe(0);
    expect(table.priceOf('openai:gpt-4omni')).toBeUndefined();
  });

  it('gives streamed and non-streamed calls through the gateway the price-table cost of their usage', async () => {
    await fc.assert(
      fc.asyncProperty(tokens, fc.boolean(), async (counts, stream) => {
        const model = mockModel(counts);
        const { gateway, prices } = testGateway({ prebuilt: { 'openai:gpt-4o-mini': model } });
        const result = await gateway.generate({
          purpose: 'cost',
          schema: FindingsSchema,
          schemaName: 'findings',
          system: 'Cite evidence.',
          prompt: FINDINGS_PROMPT,
          chain: ['openai:gpt-4o-mini'],
          signal: new AbortController().signal,
          stream,
        });
        const expected = costWithPrice(prices.priceOf('openai:gpt-4o-mini')!, counts);
        expect(result.usage).toMatchObject({ inputTokens: counts.inputTokens, outputTokens: counts.outputTokens, cachedTokens: counts.cacheReadTokens, calls: 1 });
        expect(result.usage.costUsd).toBeCloseTo(expected, 12);
        expect(stream ? model.doStreamCalls.length : model.doGenerateCalls.length).toBe(1);
      }),
      { numRuns: 60 },
    );
  });
});
