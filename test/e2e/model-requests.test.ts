import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exampleRequest, runAnalysis, testApplication } from '../support/analysis-harness.js';
import { chainEnvironment, expectOnlyRetrievedCitations, failedSteps } from '../support/model-harness.js';
import { type StubServer, startStubServer } from '../support/stub-server.js';

/** Budgets, streaming progress, per-request models and invented citations, end to end over HTTP. */
let primary: StubServer;
let secondary: StubServer;

beforeAll(async () => {
  [primary, secondary] = await Promise.all([startStubServer({ seed: 41 }), startStubServer({ seed: 42 })]);
});
afterAll(async () => {
  await Promise.all([primary.close(), secondary.close()]);
});
beforeEach(() => {
  for (const server of [primary, secondary]) {
    server.setOptions({ faults: {}, scriptedFaults: [], streamChunkDelayMs: 0 });
    server.reset();
  }
});

describe('per-run budgets', () => {
  it('warns at 80 %, fails framework steps as BUDGET_EXCEEDED at 100 %, and ends the run partial with a report', async () => {
    const harness = await testApplication(chainEnvironment(primary, secondary));
    try {
      const maxTokens = 20_000;
      const { runId, status, report } = await runAnalysis(harness.app, exampleRequest({ budget: { maxTokens } }));

      expect(status).toBe('partial');
      expect(report?.status).toBe('partial');
      const failed = await failedSteps(harness.app, runId);
      expect(Object.keys(failed).length).toBeGreaterThan(0);
      for (const [stepId, code] of Object.entries(failed)) {
        expect(stepId).toMatch(/^framework-/);
        expect(code).toBe('BUDGET_EXCEEDED');
      }
      // The budget was refused, never retried: each failed step has exactly one attempt.
      const attempts = await harness.app.stores.runs.listAttempts(runId);
      for (const stepId of Object.keys(failed)) expect(attempts.filter((attempt) => attempt.stepId === stepId)).toHaveLength(1);
      // Spend stays within the cap plus one reservation (the largest prompt estimate + output cap).
      const largestReservation = Math.max(...primary.requests().map((request) => Math.ceil(JSON.stringify((request.body as { messages: unknown }).messages).length / 3) + 3_000));
      expect(report!.usage.inputTokens + report!.usage.outputTokens).toBeLessThanOrEqual(maxTokens + largestReservation);
      expect(report!.usage.inputTokens + report!.usage.outputTokens).toBe(primary.stats().tokens.total);
      // One warning event when 80 % was committed.
      const events = await harness.app.stores.runs.listEvents(runId, 0, 1_000);
      const warnings = events.filter((event) => event.type === 'step-progress' && (event.data as { budget?: { warning?: boolean } }).budget?.warning === true);
      expect(warnings).toHaveLength(1);
      expect((warnings[0]!.data as { budget: { key: string; maxTokens: number } }).budget).toMatchObject({ key: `run:${runId}`, maxTokens });
      // Parts the report cannot do without were written by the extractive analyst at no cost instead.
      const synthesis = report!.generator.parts.synthesis!;
      if (synthesis.kind === 'extractive') expect(synthesis.fallbackReason).toMatch(/Budget run:/);
    } finally {
      await harness.dispose();
    }
  }, 60_000);

  it('applies the configured run cap when the request sets none', async () => {
    const harness = await testApplication(chainEnvironment(primary, secondary, { CONSULTANTOS_BUDGET_RUN_MAX_TOKENS: '1000' }));
    try {
      const { runId, status, report } = await runAnalysis(harness.app, exampleRequest({ frameworks: ['swot'] }));

      expect(status).toBe('partial');
      expect(await failedSteps(harness.app, runId)).toEqual({ 'framework-swot': 'BUDGET_EXCEEDED' });
      expect(report!.generator.kind).toBe('extractive');
      expect(primary.stats().totalRequests).toBe(0);
    } finally {
      await harness.dispose();
    }
  });
});

describe('streaming synthesis', () => {
  it('emits step-progress events while the synthesis streams in, and records the streamed usage', async () => {
    primary.setOptions({ streamChunkDelayMs: 3 });
    const harness = await testApplication(chainEnvironment(primary, secondary));
    try {
      const { runId, status, report } = await runAnalysis(harness.app, exampleRequest({ frameworks: ['swot'] }));

      expect(status).toBe('succeeded');
      const synthesisRequest = primary.requests().find((request) => request.model === 'stub-strong');
      expect(synthesisRequest?.stream).toBe(true);
      const events = await harness.app.stores.runs.listEvents(runId, 0, 1_000);
      const streaming = events.filter((event) => event.type === 'step-progress' && event.stepId === 'synthesis' && (event.data as { streaming?: unknown }).streaming);
      expect(streaming.length).toBeGreaterThanOrEqual(1);
      expect((streaming[0]!.data as { message: string }).message).toMatch(/synthesis: \d+ characters received/);
      expect(report!.usage.byStep.synthesis!.outputTokens).toBeGreaterThan(0);
      const stepEnd = events.find((event) => event.type === 'step-end' && event.stepId === 'synthesis');
      expect((stepEnd!.data as { usage: { outputTokens: number } }).usage.outputTokens).toBe(report!.usage.byStep.synthesis!.outputTokens);
    } finally {
      await harness.dispose();
    }
  });
});

describe('per-request model override', () => {
  it('puts the request model first in every tier chain', async () => {
    const harness = await testApplication(chainEnvironment(primary, secondary));
    try {
      const { status, report } = await runAnalysis(harness.app, exampleRequest({ frameworks: ['swot'], model: 'ollama:stub-strong' }));

      expect(status).toBe('succeeded');
      for (const part of ['framework-swot', 'synthesis', 'quality']) expect(report!.generator.parts[part]?.model, part).toBe('ollama:stub-strong');
      expect(primary.stats().totalRequests).toBe(0);
    } finally {
      await harness.dispose();
    }
  });

  it('uses a request model even when no tier is configured', async () => {
    const harness = await testApplication({ CONSULTANTOS_OLLAMA_BASE_URL: secondary.baseUrl, CONSULTANTOS_MODEL_RESPONSE_CACHE_TTL_MS: '0' });
    try {
      expect(harness.app.analyst.kind).toBe('extractive');
      const { report } = await runAnalysis(harness.app, exampleRequest({ frameworks: ['swot'], model: 'ollama:stub-fast' }));

      expect(report!.generator.parts['framework-swot']?.model).toBe('ollama:stub-fast');
      expect(report!.generator.parts.quality?.model).toBe('ollama:stub-fast');
      expect(report!.usage.calls).toBe(secondary.stats().requestsByPath['/v1/chat/completions']);
    } finally {
      await harness.dispose();
    }
  });
});

describe('invented evidence ids', () => {
  it('never reach a saved report: removed, items without support dropped or flagged, all counted', async () => {
    primary.setOptions({ faults: { inventedIds: 0.5 }, seed: 43 });
    const harness = await testApplication(chainEnvironment(primary, secondary));
    try {
      const { runId } = await runAnalysis(harness.app, exampleRequest());
      const saved = await harness.app.stores.reports.getReportByRun(harness.app.config.tenantId, runId);

      expect(primary.stats().faultsInjected.inventedIds).toBeGreaterThan(0);
      expect(saved).toBeDefined();
      expectOnlyRetrievedCitations(saved!);
      expect(saved!.citations.removedInvalid).toBeGreaterThan(0);
      expect(saved!.citations.verified).toBeGreaterThan(0);
      const counted = saved!.citations.droppedItems + saved!.citations.flaggedItems;
      if (counted > 0) expect(saved!.warnings.join('\n')).toMatch(/without supporting evidence|no supporting evidence|unverified/);
    } finally {
      await harness.dispose();
    }
  });
});
