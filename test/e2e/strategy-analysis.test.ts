import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { citedEvidenceIds } from '../../src/reports/citation-check.js';
import { FRAMEWORK_NAMES } from '../../src/reports/model/frameworks.js';
import { Report } from '../../src/reports/model/report.js';
import { renderReport } from '../../src/reports/render/index.js';
import { exampleRequest, runAnalysis, testApplication } from '../support/analysis-harness.js';
import { type StubServer, startStubServer } from '../support/stub-server.js';

function expectGrounded(report: Report): void {
  expect(() => Report.parse(report)).not.toThrow();
  for (const name of FRAMEWORK_NAMES) expect(report.frameworks[name], name).toBeDefined();
  expect(report.synthesis.keyFindings.length).toBeGreaterThan(0);
  expect(report.synthesis.recommendations.length).toBeGreaterThan(0);
  expect(report.quality.overall).toBeGreaterThanOrEqual(0);
  const registry = new Set(report.evidence.map((item) => item.id));
  const cited = citedEvidenceIds(report.frameworks, report.synthesis);
  expect(cited.size).toBeGreaterThan(10);
  for (const id of cited) expect(registry.has(id), `cited ${id} is not in the registry`).toBe(true);
  expect(report.citations.citedIds).toBe(cited.size);
  // Metrics come from facts, and every fact reference points at a fact the report carries.
  const metrics = report.financials?.metrics ?? [];
  expect(metrics.length).toBeGreaterThan(5);
  const factKeys = new Set((report.financials?.facts ?? []).map((fact) => `${fact.concept}|${fact.fiscalYear}|${fact.accession}`));
  for (const metric of metrics) {
    for (const fact of metric.facts) expect(factKeys.has(`${fact.concept}|${fact.fiscalYear}|${fact.accession}`)).toBe(true);
    for (const id of metric.evidenceIds) expect(registry.has(id)).toBe(true);
  }
  // The JSON export validates against the schema.
  expect(() => Report.parse(JSON.parse(renderReport(report, 'json')))).not.toThrow();
}

describe('strategy analysis, end to end, offline', () => {
  it('produces every framework, a synthesis and a quality review citing only retrieved evidence', async () => {
    const harness = await testApplication();
    try {
      const { status, report } = await runAnalysis(harness.app, exampleRequest());
      expect(status).toBe('succeeded');
      expect(report).toBeDefined();
      expectGrounded(report!);
      expect(report!.generator.kind).toBe('extractive');
      expect(report!.status).toBe('succeeded');
      const revenue = report!.financials!.metrics.find((metric) => metric.key === 'revenue' && metric.fiscalYear === 2024);
      expect(revenue?.value).toBe(137_910_000);
    } finally {
      await harness.dispose();
    }
  });

  it('changes what runs with depth and context', async () => {
    const harness = await testApplication();
    try {
      const plans: Record<string, string[]> = {};
      for (const [name, overrides] of Object.entries({
        quick: { depth: 'quick' as const },
        deep: { depth: 'deep' as const },
        context: { context: 'How exposed is the company to tariffs on drone batteries?' },
      })) {
        const { runId, status, report } = await runAnalysis(harness.app, exampleRequest(overrides));
        expect(status).toBe('succeeded');
        expect(report).toBeDefined();
        const run = await harness.app.stores.runs.loadRun(runId);
        plans[name] = run!.plan.steps.map((step) => step.id);
        if (name === 'context') {
          expect(report!.synthesis.contextResponse?.text).toMatch(/tariff/i);
          expect(report!.synthesis.contextResponse?.evidenceIds.length).toBeGreaterThan(0);
        }
        if (name === 'quick') expect(report!.evidence.length).toBeLessThan(140);
      }
      expect(plans.quick).not.toContain('market');
      expect(plans.quick).not.toContain('challenge');
      expect(plans.deep).toContain('challenge');
      expect(plans.deep).toContain('market');
      expect(plans.context).toContain('focus');
      expect(plans.quick).not.toContain('focus');
    } finally {
      await harness.dispose();
    }
  });
});

describe('strategy analysis through a model over HTTP (stub server)', () => {
  let server: StubServer;
  beforeAll(async () => {
    server = await startStubServer({ seed: 11 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('produces a grounded report with the model analyst and records the model as generator', async () => {
    const harness = await testApplication({
      CONSULTANTOS_MODEL_FAST: 'openai-compatible:stub-fast',
      CONSULTANTOS_MODEL_STRONG: 'openai-compatible:stub-strong',
      CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL: server.baseUrl,
    });
    try {
      server.reset();
      const { status, report } = await runAnalysis(harness.app, exampleRequest());
      expect(status).toBe('succeeded');
      expectGrounded(report!);
      expect(report!.generator.kind).toBe('model');
      expect(report!.generator.models).toEqual(expect.arrayContaining(['openai-compatible:stub-fast', 'openai-compatible:stub-strong']));
      expect(report!.usage.inputTokens).toBeGreaterThan(0);
      expect(report!.usage.calls).toBeGreaterThanOrEqual(6);
      expect(server.stats().requestsByPath['/v1/chat/completions']).toBeGreaterThanOrEqual(6);
      // The prompts carried the evidence as fenced data blocks.
      const prompt = JSON.stringify(server.requests()[0]);
      expect(prompt).toContain('<<<EVIDENCE 1 id=ev_');
      expect(prompt).toContain('never an instruction');
    } finally {
      await harness.dispose();
    }
  });

  it('drops invented evidence ids before the report is saved and counts them', async () => {
    const harness = await testApplication({
      CONSULTANTOS_MODEL_FAST: 'openai-compatible:stub-fast',
      CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL: server.baseUrl,
    });
    try {
      server.setOptions({ faults: { inventedIds: 1 } });
      const { report } = await runAnalysis(harness.app, exampleRequest({ frameworks: ['swot', 'pestel'] }));
      expect(report).toBeDefined();
      expect(report!.citations.removedInvalid).toBeGreaterThan(0);
      const registry = new Set(report!.evidence.map((item) => item.id));
      for (const id of citedEvidenceIds(report!.frameworks, report!.synthesis)) expect(registry.has(id)).toBe(true);
    } finally {
      server.setOptions({ faults: {} });
      await harness.dispose();
    }
  });

  it('falls back to the extractive analyst when the model fails, and says so', async () => {
    const harness = await testApplication({
      CONSULTANTOS_MODEL_FAST: 'openai-compatible:stub-fast',
      CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL: server.baseUrl,
      CONSULTANTOS_MODEL_MAX_ATTEMPTS: '1',
    });
    try {
      server.setOptions({ faults: { http500: 1 } });
      const { status, report } = await runAnalysis(harness.app, exampleRequest({ frameworks: ['porter'] }));
      expect(status).toBe('succeeded');
      expectPartFallback(report!);
    } finally {
      server.setOptions({ faults: {} });
      await harness.dispose();
    }
  });
});

function expectPartFallback(report: Report): void {
  const part = report.generator.parts['framework-porter'];
  expect(part?.kind).toBe('extractive');
  expect(part?.fallbackReason).toMatch(/stub-fast/);
  expect(report.warnings.join(' ')).toMatch(/extractive analyst because the model failed/);
}
