/**
 * bench/model-gateway: three figures of the model gateway, measured against the local stub
 * model server over HTTP in one process.
 *
 * 1. Gateway overhead per call against a direct AI SDK `generateText` (the SDK's mock model, and
 *    the stub over HTTP), the two interleaved call by call so drift hits both alike.
 * 2. Tokens per standard-depth four-framework analysis of the example company (stub usage).
 * 3. Upstream requests per logical call under the fault mix 30 % 5xx, 10 % 429, 5 % timeouts,
 *    5 % malformed, on both providers of the chain (counted at the stubs by call id).
 *
 *   npx tsx bench/model-gateway.ts [--runs 3] [--calls 200]
 */
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { type LanguageModel, Output, generateText } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { MemoryBudgetStore } from '../src/core/memory/memory-budget-store.js';
import { BudgetGuard } from '../src/llm/gateway/budget-guard.js';
import { FINDINGS_PROMPT, FindingsSchema, testGateway } from '../test/support/gateway-harness.js';
import { exampleRequest, runAnalysis, testApplication } from '../test/support/analysis-harness.js';
import { chainEnvironment, requestsPerCall } from '../test/support/model-harness.js';
import { startStubServer } from '../test/support/stub-server.js';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}

const RUNS = argument('runs', 3);
const CALLS = argument('calls', 200);
const TOKEN_TARGET = 40_000;

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function tokensPerAnalysis(): Promise<void> {
  const [primary, secondary] = await Promise.all([startStubServer({ seed: 11 }), startStubServer({ seed: 12 })]);
  const harness = await testApplication(chainEnvironment(primary, secondary));
  try {
    const { status, report } = await runAnalysis(harness.app, exampleRequest());
    const tokens = primary.stats().tokens;
    console.log(`\n2. tokens per standard four-framework analysis (example company, stub usage): run ${status}`);
    console.log('   step                    input   output');
    for (const [step, usage] of Object.entries(report!.usage.byStep)) console.log(`   ${step.padEnd(22)} ${String(usage.inputTokens).padStart(7)} ${String(usage.outputTokens).padStart(8)}`);
    console.log(`   total ${tokens.total} tokens (${tokens.prompt} prompt + ${tokens.completion} completion) in ${report!.usage.calls} requests; target ≤ ${TOKEN_TARGET}: ${tokens.total <= TOKEN_TARGET ? 'met' : 'MISSED'} (÷ target ${(tokens.total / TOKEN_TARGET).toFixed(3)})`);
  } finally {
    await harness.dispose();
    await Promise.all([primary.close(), secondary.close()]);
  }
}

async function upstreamCallsUnderFaults(): Promise<void> {
  const mix = { http500: 0.3, http429: 0.1, timeout: 0.05, malformedJson: 0.05 };
  const [primary, secondary] = await Promise.all([startStubServer({ seed: 51, faults: mix, retryAfterSeconds: 0.2 }), startStubServer({ seed: 52, faults: mix, retryAfterSeconds: 0.2 })]);
  const harness = await testApplication(chainEnvironment(primary, secondary));
  try {
    const statuses: string[] = [];
    let extractiveParts = 0;
    let fallbackParts = 0;
    let parts = 0;
    for (let run = 0; run < RUNS; run += 1) {
      const { status, report } = await runAnalysis(harness.app, exampleRequest());
      statuses.push(status);
      for (const part of Object.values(report?.generator.parts ?? {})) {
        parts += 1;
        if (part.kind === 'extractive') extractiveParts += 1;
        else if (part.fallbackFrom?.length) fallbackParts += 1;
      }
    }
    const counts = requestsPerCall(primary, secondary);
    const mean = counts.reduce((sum, count) => sum + count, 0) / counts.length;
    const injected = { ...primary.stats().faultsInjected };
    for (const [fault, count] of Object.entries(secondary.stats().faultsInjected)) injected[fault as keyof typeof injected] = (injected[fault as keyof typeof injected] ?? 0) + count;
    console.log(`\n3. upstream requests per logical call, fault mix 30 % 5xx / 10 % 429 / 5 % timeout / 5 % malformed on both providers (${RUNS} analyses)`);
    console.log(`   runs: ${statuses.join(', ')}; ${counts.length} logical calls; faults injected ${JSON.stringify(injected)}`);
    console.log(`   requests per call: mean ${mean.toFixed(2)}, p50 ${quantile(counts, 0.5)}, p95 ${quantile(counts, 0.95)}, max ${Math.max(...counts)} (bound ${harness.app.config.models.maxUpstreamCalls})`);
    console.log(`   parts: ${parts - extractiveParts - fallbackParts} first model, ${fallbackParts} next provider in the chain, ${extractiveParts} extractive`);
  } finally {
    await harness.dispose();
    await Promise.all([primary.close(), secondary.close()]);
  }
}

const ANSWER = JSON.stringify({ summary: 'Acme grows.', findings: [{ text: 'Revenue grew 12 % to $40 million.', evidenceIds: ['ev_00000000000000a1'] }] });

/** The SDK's mock model: no network, so the difference to a direct call is the gateway alone. */
function instantModel(): LanguageModel {
  return new MockLanguageModelV3({
    provider: 'openai-compatible.chat',
    modelId: 'stub-fast',
    doGenerate: async () => ({
      content: [{ type: 'text', text: ANSWER }],
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { inputTokens: { total: 120, noCache: 120, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 40, text: 40, reasoning: 0 } },
      warnings: [],
    }),
  });
}

async function gatewayOverhead(label: string, model: LanguageModel, settings: Parameters<typeof testGateway>[0]): Promise<void> {
  const budgets = new MemoryBudgetStore();
  const { gateway } = testGateway({
    ...settings,
    prices: { 'openai-compatible:stub-fast': { inputPerMillionUsd: 0.15, outputPerMillionUsd: 0.6 } },
    overrides: { budgets: new BudgetGuard(budgets, { warnFraction: 0.8, reservationTtlMs: 60_000 }) },
  });
  const system = 'You are an analyst. Cite evidence ids.';
  const direct = () => generateText({ model, system, prompt: FINDINGS_PROMPT, output: Output.object({ schema: FindingsSchema }), maxRetries: 0, maxOutputTokens: 1_000, temperature: 0.2 });
  const viaGateway = () =>
    gateway.generate({ purpose: 'bench', schema: FindingsSchema, schemaName: 'findings', system, prompt: FINDINGS_PROMPT, chain: ['openai-compatible:stub-fast'], signal: new AbortController().signal, budgets: [{ key: 'run:bench', limits: { maxCostUsd: 1_000 } }] });
  {
    for (let warm = 0; warm < 20; warm += 1) {
      await direct();
      await viaGateway();
    }
    const samples = { direct: [] as number[], gateway: [] as number[] };
    for (let index = 0; index < CALLS; index += 1) {
      const order = index % 2 === 0 ? (['direct', 'gateway'] as const) : (['gateway', 'direct'] as const);
      for (const contender of order) {
        const started = performance.now();
        await (contender === 'direct' ? direct() : viaGateway());
        samples[contender].push(performance.now() - started);
      }
    }
    const directMedian = quantile(samples.direct, 0.5);
    const gatewayMedian = quantile(samples.gateway, 0.5);
    console.log(`   ${label}: direct ${directMedian.toFixed(3)} ms, gateway ${gatewayMedian.toFixed(3)} ms; overhead ${(gatewayMedian - directMedian).toFixed(3)} ms per call; ratio gateway ÷ direct ${(gatewayMedian / directMedian).toFixed(3)}`);
  }
}

async function main(): Promise<void> {
  globalThis.AI_SDK_LOG_WARNINGS = false;
  console.log(`model-gateway bench (node ${process.version})`);
  // The overhead is measured first, on a fresh heap: after the analyses, garbage collection of
  // their leftovers lands on whichever contender allocates more and blurs a sub-millisecond figure.
  console.log(`\n1. gateway overhead per call vs a direct AI SDK generateText + Output.object (${CALLS} calls each, interleaved; medians; the gateway adds budget reserve/settle, circuit, concurrency limit, extraction and pricing)`);
  await gatewayOverhead('SDK mock model, no network', instantModel(), { prebuilt: { 'openai-compatible:stub-fast': instantModel() } });
  const server = await startStubServer({ seed: 61 });
  try {
    const provider = createOpenAICompatible({ name: 'openai-compatible', baseURL: server.baseUrl, supportsStructuredOutputs: true, includeUsage: true });
    await gatewayOverhead('stub over HTTP', provider('stub-fast'), { settings: { openaiCompatible: { baseUrl: server.baseUrl, structuredOutputs: true } } });
  } finally {
    await server.close();
  }
  await tokensPerAnalysis();
  await upstreamCallsUnderFaults();
}

await main();
