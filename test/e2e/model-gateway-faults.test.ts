import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FRAMEWORK_NAMES } from '../../src/reports/model/frameworks.js';
import { exampleRequest, runAnalysis, testApplication } from '../support/analysis-harness.js';
import { chainEnvironment, expectOnlyRetrievedCitations, requestsPerCall } from '../support/model-harness.js';
import { type FaultName, type StubServer, startStubServer } from '../support/stub-server.js';

/**
 * The fault matrix: real provider clients (OpenAI-compatible, then Ollama's) over HTTP against
 * two stub servers, through the whole application. Every run must end succeeded or partial, no
 * promise may be left rejected, and no logical call may make more upstream requests than the
 * configured bound (5), counted at the stubs by the call id the gateway sends.
 */
const MAX_UPSTREAM_CALLS = 5;
let primary: StubServer;
let secondary: StubServer;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => {
  unhandled.push(reason);
};

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  [primary, secondary] = await Promise.all([startStubServer({ seed: 21, retryAfterSeconds: 0.2 }), startStubServer({ seed: 22, retryAfterSeconds: 0.2 })]);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await Promise.all([primary.close(), secondary.close()]);
});
beforeEach(() => {
  for (const server of [primary, secondary]) {
    server.setOptions({ faults: {}, scriptedFaults: [] });
    server.reset();
  }
});
afterEach(() => {
  expect(unhandled).toEqual([]);
});

describe('fault matrix: each fault alone on the first provider', () => {
  const faults: FaultName[] = ['http500', 'http429', 'timeout', 'malformedJson', 'schemaInvalid', 'inventedIds', 'thinkPreamble'];

  it.each(faults)('%s: the run ends succeeded with a grounded report, within the upstream bound', async (fault) => {
    primary.setOptions({ faults: { [fault]: 1 } });
    const harness = await testApplication(chainEnvironment(primary, secondary));
    try {
      const { status, report } = await runAnalysis(harness.app, exampleRequest({ frameworks: ['swot', 'pestel'] }));

      expect(status).toBe('succeeded');
      expect(report).toBeDefined();
      expectOnlyRetrievedCitations(report!);
      expect(primary.stats().faultsInjected[fault]).toBeGreaterThan(0);
      for (const count of requestsPerCall(primary, secondary)) expect(count).toBeLessThanOrEqual(MAX_UPSTREAM_CALLS);
      const parts = Object.values(report!.generator.parts);
      if (fault === 'inventedIds') {
        // The model answered, with ids it made up: the citation check removed them before saving.
        expect(report!.citations.removedInvalid).toBeGreaterThan(0);
      } else if (fault === 'thinkPreamble') {
        // Extraction recovers the answer: the first provider keeps serving.
        expect(parts.every((part) => part.model?.startsWith('openai-compatible:'))).toBe(true);
      } else {
        // The first provider never produced a valid answer: the chain's next provider did, on record.
        expect(parts.every((part) => part.model?.startsWith('ollama:'))).toBe(true);
        expect(parts.every((part) => part.fallbackFrom?.[0]?.startsWith('openai-compatible:'))).toBe(true);
      }
    } finally {
      await harness.dispose();
    }
  });
});

describe('fault matrix: a realistic mix on both providers', () => {
  it('30 % 5xx, 10 % 429, 5 % timeouts, 5 % malformed: every run ends succeeded or partial, within the bound', async () => {
    const mix = { http500: 0.3, http429: 0.1, timeout: 0.05, malformedJson: 0.05 };
    primary.setOptions({ faults: mix, seed: 31 });
    secondary.setOptions({ faults: mix, seed: 32 });
    const harness = await testApplication(chainEnvironment(primary, secondary));
    try {
      const outcomes = await Promise.all([exampleRequest(), exampleRequest({ depth: 'quick' }), exampleRequest({ frameworks: ['porter', 'blue_ocean'] })].map((request) => runAnalysis(harness.app, request)));

      for (const { status, report } of outcomes) {
        expect(['succeeded', 'partial']).toContain(status);
        expect(report).toBeDefined();
        expectOnlyRetrievedCitations(report!);
      }
      const counts = requestsPerCall(primary, secondary);
      expect(counts.length).toBeGreaterThanOrEqual(10);
      for (const count of counts) expect(count).toBeLessThanOrEqual(MAX_UPSTREAM_CALLS);
      // The mix really hit the providers (which rarer faults come up depends on request order).
      const injected = [primary, secondary].flatMap((server) => Object.entries(server.stats().faultsInjected));
      expect(injected.map(([fault]) => fault)).toContain('http500');
      expect(injected.reduce((sum, [, count]) => sum + count, 0)).toBeGreaterThanOrEqual(5);
    } finally {
      await harness.dispose();
    }
  }, 60_000);
});

describe('fault matrix: degradation and recovery', () => {
  it('falls back to the extractive analyst when every provider is down, and says so per part', async () => {
    primary.setOptions({ faults: { http500: 1 } });
    secondary.setOptions({ faults: { http500: 1 } });
    const harness = await testApplication(chainEnvironment(primary, secondary));
    try {
      const { status, report } = await runAnalysis(harness.app, exampleRequest());

      expect(status).toBe('succeeded');
      for (const name of FRAMEWORK_NAMES) expect(report!.frameworks[name]).toBeDefined();
      const parts = report!.generator.parts;
      for (const stepId of ['framework-porter', 'framework-swot', 'framework-pestel', 'framework-blue-ocean', 'synthesis']) {
        expect(parts[stepId]?.kind, stepId).toBe('extractive');
        expect(parts[stepId]?.fallbackReason).toMatch(/openai-compatible:stub-\w+: .*ollama:stub-\w+: /);
      }
      expect(report!.warnings.join('\n')).toMatch(/extractive analyst because the model failed/);
      // Both circuits opened; later calls stopped reaching the stubs at all.
      const states = harness.app.models.gateway.guards.states();
      expect(Object.values(states)).toEqual(['open', 'open']);
      for (const count of requestsPerCall(primary, secondary)) expect(count).toBeLessThanOrEqual(MAX_UPSTREAM_CALLS);
    } finally {
      await harness.dispose();
    }
  });

  it('opens the first provider circuit under failures and closes it again once the provider recovers', async () => {
    primary.setOptions({ faults: { http500: 1 } });
    const harness = await testApplication(chainEnvironment(primary, secondary));
    try {
      const first = await runAnalysis(harness.app, exampleRequest({ frameworks: ['swot'] }));
      expect(first.status).toBe('succeeded');
      const key = `openai-compatible@${primary.baseUrl}`;
      expect(harness.app.models.gateway.guards.states()[key]).toBe('open');

      primary.setOptions({ faults: {} });
      await new Promise((resolve) => setTimeout(resolve, 350));
      const second = await runAnalysis(harness.app, exampleRequest({ frameworks: ['swot'] }));

      expect(second.status).toBe('succeeded');
      expect(second.report!.generator.parts['framework-swot']?.model).toBe('openai-compatible:stub-fast');
      expect(harness.app.models.gateway.guards.states()[key]).toBe('closed');
      const history = harness.app.models.gateway.guards.transitions().filter((transition) => transition.providerKey === key).map((transition) => transition.state);
      // Trials during the outage failed and re-opened it; the first trial after recovery closed it.
      expect(history[0]).toBe('open');
      expect(history.slice(-2)).toEqual(['half-open', 'closed']);
    } finally {
      await harness.dispose();
    }
  });
});
