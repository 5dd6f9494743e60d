import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitAnalysis } from '../../src/app/analyses.js';
import { type Application, createApplication } from '../../src/app/application.js';
import { startSweeper, startWorker } from '../../src/app/service-runtime.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/core/logger.js';
import type { RunEvent } from '../../src/core/ports/run-store.js';
import { citedEvidenceIds } from '../../src/reports/citation-check.js';
import { Report } from '../../src/reports/model/report.js';
import { prepareAnalysis } from '../../src/workflows/strategy/prepare.js';
import { waitForRun } from '../../src/api/wait-for-run.js';
import { exampleRequest } from '../support/analysis-harness.js';
import { databaseUrl, redisUrl, uniqueName } from '../support/integration-services.js';
import { chainEnvironment, expectOnlyRetrievedCitations } from '../support/model-harness.js';
import { startStubServer } from '../support/stub-server.js';

const enabled = Boolean(databaseUrl && redisUrl);

describe.skipIf(!enabled)('strategy analysis in distributed mode (PostgreSQL + Redis/BullMQ)', () => {
  const schema = uniqueName('dist', import.meta.url);
  const prefix = `${uniqueName('dist', import.meta.url)}:`;
  const modelSchema = uniqueName('distm', import.meta.url);
  const directories: string[] = [];
  const apps: Application[] = [];

  async function processLike(extra: Record<string, string> = {}): Promise<Application> {
    const dataDir = mkdtempSync(join(tmpdir(), 'consultantos-dist-'));
    directories.push(dataDir);
    const config = loadConfig({
      environment: {
        CONSULTANTOS_DATA_DIR: dataDir,
        CONSULTANTOS_OFFLINE: '1',
        CONSULTANTOS_DATABASE_URL: databaseUrl!,
        CONSULTANTOS_DATABASE_SCHEMA: schema,
        CONSULTANTOS_DATABASE_AUTO_MIGRATE: 'true',
        CONSULTANTOS_REDIS_URL: redisUrl!,
        CONSULTANTOS_REDIS_KEY_PREFIX: prefix,
        CONSULTANTOS_SWEEP_INTERVAL_MS: '500',
        CONSULTANTOS_TOKEN_SECRET: 'distributed-test-secret-0123456789abcdef',
        ...extra,
      },
      cwd: dataDir,
    });
    const app = await createApplication(config, { logger: silentLogger });
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    // Two "processes": each has its own pools, queue worker and subscriber.
    await processLike();
    await processLike();
    for (const app of apps) {
      await startWorker(app, { concurrency: 2 });
      startSweeper(app, app.config.server.sweepIntervalMs);
    }
  });

  afterAll(async () => {
    for (const app of apps) await app.close();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS "${modelSchema}" CASCADE`);
    await client.end();
    for (const directory of directories) rmSync(directory, { recursive: true, force: true });
  });

  it('runs analyses submitted in one process on workers of both, with grounded reports and live events across processes', async () => {
    const [api, other] = apps as [Application, Application];
    const seen: RunEvent[] = [];
    const unsubscribe = await other.events.subscribe('*', (event) => seen.push(event));
    const runIds: string[] = [];
    for (const depth of ['quick', 'standard', 'quick', 'standard'] as const) {
      const request = await prepareAnalysis(exampleRequest({ depth }));
      const { run } = await submitAnalysis(api, request, { tenantId: api.config.tenantId, enqueue: true });
      runIds.push(run.id);
    }
    const finished = await Promise.all(runIds.map((runId) => waitForRun(api, api.config.tenantId, runId, 120_000)));
    expect(finished.map((run) => run?.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'succeeded']);

    const workers = new Set<string>();
    for (const runId of runIds) {
      const attempts = await api.stores.runs.listAttempts(runId);
      for (const attempt of attempts) workers.add(attempt.worker);
      const report = await api.stores.reports.getReportByRun(api.config.tenantId, runId);
      expect(() => Report.parse(report)).not.toThrow();
      const registry = new Set(report!.evidence.map((item) => item.id));
      for (const id of citedEvidenceIds(report!.frameworks, report!.synthesis)) expect(registry.has(id)).toBe(true);
      expect(report!.financials?.metrics.length).toBeGreaterThan(5);
    }
    // Both processes' workers took part, and the other process saw every run end over Redis.
    expect(workers.size).toBeGreaterThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const runId of runIds) expect(seen.some((event) => event.runId === runId && event.type === 'run-end')).toBe(true);
    await unsubscribe();
    const versions = await api.stores.reports.listVersions(api.config.tenantId, 'Halvern Agritech');
    expect(versions.map((summary) => summary.version)).toEqual([1, 2, 3, 4]);
  });

  it('runs the standard four-framework analysis through the stub model on a worker of another process', async () => {
    const [primary, secondary] = await Promise.all([startStubServer({ seed: 41 }), startStubServer({ seed: 42 })]);
    try {
      // A submitting process with no worker, and a worker process, both configured for the model,
      // in a deployment of their own (the first test's extractive workers must not take the run).
      const deployment = { ...chainEnvironment(primary, secondary), CONSULTANTOS_DATABASE_SCHEMA: modelSchema, CONSULTANTOS_REDIS_KEY_PREFIX: `${modelSchema}:` };
      const submitter = await processLike(deployment);
      const worker = await processLike(deployment);
      await startWorker(worker, { concurrency: 2 });
      const request = await prepareAnalysis(exampleRequest({ company: 'Halvern Agritech Modelled' }));
      const { run } = await submitAnalysis(submitter, request, { tenantId: submitter.config.tenantId, enqueue: true });
      const finished = await waitForRun(submitter, submitter.config.tenantId, run.id, 120_000);
      expect(finished?.status).toBe('succeeded');
      const attempts = await submitter.stores.runs.listAttempts(run.id);
      expect(new Set(attempts.map((attempt) => attempt.worker))).toEqual(new Set([worker.engine.workerId]));
      const report = Report.parse(await submitter.stores.reports.getReportByRun(submitter.config.tenantId, run.id));
      expect(Object.keys(report.frameworks).sort()).toEqual(['blue_ocean', 'pestel', 'porter', 'swot']);
      expect(report.synthesis.recommendations.length).toBeGreaterThan(0);
      expect(report.quality.overall).toBeGreaterThan(0);
      expectOnlyRetrievedCitations(report);
      const parts = Object.values(report.generator.parts);
      expect(parts.length).toBeGreaterThan(0);
      expect(parts.every((part) => part.kind === 'model')).toBe(true);
      expect(primary.stats().totalRequests).toBeGreaterThanOrEqual(6);
    } finally {
      await Promise.all([primary.close(), secondary.close()]);
    }
  }, 180_000);
});
