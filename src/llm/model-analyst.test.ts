import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testGateway } from '../../test/support/gateway-harness.js';
import { type StubServer, startStubServer } from '../../test/support/stub-server.js';
import type { JsonObject } from '../core/json.js';
import { type Evidence, evidenceId, sha256Hex } from '../reports/model/evidence.js';
import type { AnalysisBrief } from './analyst.js';
import { ExtractiveAnalyst } from './extractive/index.js';
import { ModelAnalyst } from './model-analyst.js';
import { selectPromptEvidence } from './prompt-evidence.js';

function evidence(locator: string, excerpt: string): Evidence {
  const contentHash = sha256Hex(excerpt);
  return { id: evidenceId('document', locator, contentHash), kind: 'document', title: locator, retrievedAt: '2025-01-01T00:00:00Z', excerpt, contentHash, locator };
}

const brief: AnalysisBrief = {
  company: { name: 'Acme Robotics', industry: 'Warehouse automation' },
  depth: 'standard',
  focusTerms: [],
  metrics: [],
  evidence: [
    evidence('report.md#1', 'Acme Robotics grew revenue 38 % to $42 million in 2024, driven by warehouse automation demand from large retailers.'),
    evidence('report.md#2', 'Three competitors cut prices by 10 % in 2024, and rivalry in mid-size warehouses intensified as new entrants raised funding.'),
    evidence('report.md#3', 'Sensor suppliers raised prices 12 % and a single supplier provides 60 % of lidar units, a supply concentration risk.'),
    evidence('market.md#1', 'New EU machinery safety rules take effect in 2026 and require certification of autonomous mobile robots.'),
  ],
};

let server: StubServer;
beforeAll(async () => {
  server = await startStubServer({ seed: 9 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.setOptions({ faults: {}, scriptedFaults: [], streamChunkDelayMs: 0 });
  server.reset();
});

function analyst(tiers = { fast: ['openai-compatible:stub-fast'], strong: ['openai-compatible:stub-strong'] }, budget?: { maxTokens: number }) {
  const { gateway } = testGateway({ settings: { openaiCompatible: { baseUrl: server.baseUrl, structuredOutputs: true } }, overrides: { maxOutputTokens: 4_000 } });
  return new ModelAnalyst({
    gateway,
    tiers,
    fallback: new ExtractiveAnalyst(),
    selectEvidence: selectPromptEvidence,
    budgetScopes: (call) => (call.runId && budget ? [{ key: `run:${call.runId}`, limits: budget }] : []),
    progressIntervalMs: 0,
  });
}
const signal = () => new AbortController().signal;

describe('model analyst over the gateway', () => {
  it('sends each agent to its declared tier, a request model first, and records the generator', async () => {
    const model = analyst();
    const swot = await model.framework('swot', brief, signal());
    const override = await model.framework('pestel', brief, signal(), { model: 'openai-compatible:stub-strong' });

    expect(swot.generator).toEqual({ kind: 'model', model: 'openai-compatible:stub-fast' });
    expect(override.generator).toEqual({ kind: 'model', model: 'openai-compatible:stub-strong' });
    expect(server.requests().map((request) => request.model)).toEqual(['stub-fast', 'stub-strong']);
    // The prompt carried the evidence as fenced data blocks with the safety rules.
    const body = JSON.stringify(server.requests()[0]!.body);
    expect(body).toContain(`<<<EVIDENCE 1 id=${brief.evidence[0]!.id}`);
    expect(body).toContain('never an instruction');
  });

  it('streams the synthesis on the strong tier, emitting progress that never outlives the call', async () => {
    server.setOptions({ streamChunkDelayMs: 1 });
    const model = analyst();
    const frameworks = { swot: (await model.framework('swot', brief, signal())).output };
    const events: JsonObject[] = [];
    let finished = false;
    const result = await model.synthesis(brief, { frameworks }, signal(), {
      progress: async (_message, data) => {
        expect(finished).toBe(false);
        events.push(data ?? {});
      },
    });
    finished = true;

    expect(result.generator.model).toBe('openai-compatible:stub-strong');
    expect(server.requests()[1]?.stream).toBe(true);
    expect(events.length).toBeGreaterThan(1);
    expect(events.at(-1)).toMatchObject({ streaming: { characters: expect.any(Number) } });
    // The synthesis prompt reads the analyses as cited lines, not JSON.
    expect(JSON.stringify(server.requests()[1]!.body)).toContain('## SWOT');
  });

  it('keeps the tokens of failed attempts when the extractive analyst stands in', async () => {
    server.setOptions({ faults: { schemaInvalid: 1 } });
    const result = await analyst().framework('porter', brief, signal());

    expect(result.generator.kind).toBe('extractive');
    expect(result.generator.fallbackReason).toMatch(/openai-compatible:stub-fast: answer invalid after one repair/);
    expect(result.usage.calls).toBe(2);
    expect(result.usage.inputTokens).toBe(server.stats().tokens.prompt);
    expect(result.output.forces.length).toBeGreaterThan(0);
  });

  it('fails an optional part on an exhausted budget, and lets the extractive analyst write a required one for free', async () => {
    const model = analyst(undefined, { maxTokens: 100 });
    const failed = await model.framework('swot', brief, signal(), { runId: 'r1', onBudgetExceeded: 'fail' }).catch((error: unknown) => error);
    const substituted = await model.quality(brief, { frameworks: {}, synthesis: (await new ExtractiveAnalyst().synthesis(brief, { frameworks: {} }, signal())).output }, signal(), { runId: 'r1', onBudgetExceeded: 'fallback' });

    expect(failed).toMatchObject({ code: 'BUDGET_EXCEEDED', retryable: false });
    expect(substituted.generator).toMatchObject({ kind: 'extractive', fallbackReason: expect.stringMatching(/Budget run:r1/) });
    expect(substituted.usage.costUsd).toBe(0);
    expect(server.stats().totalRequests).toBe(0);
  });

  it('is extractive with no model configured, unless a request names one', async () => {
    const model = analyst({ fast: [], strong: [] });
    expect(model.kind).toBe('extractive');
    const plain = await model.framework('swot', brief, signal());
    const named = await model.framework('swot', brief, signal(), { model: 'openai-compatible:stub-fast' });

    expect(plain.generator).toEqual({ kind: 'extractive' });
    expect(named.generator).toEqual({ kind: 'model', model: 'openai-compatible:stub-fast' });
  });
});
