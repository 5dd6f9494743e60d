import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../src/api/server.js';
import { waitForRun } from '../../src/api/wait-for-run.js';
import { submitAnalysis } from '../../src/app/analyses.js';
import { type Application, createApplication } from '../../src/app/application.js';
import { ensureBootstrap } from '../../src/auth/bootstrap.js';
import { loadConfig } from '../../src/config/load.js';
import { silentLogger } from '../../src/core/logger.js';
import { prepareAnalysis } from '../../src/workflows/strategy/prepare.js';
import { exampleRequest } from '../support/analysis-harness.js';
import { databaseUrl, redisUrl, uniqueName } from '../support/integration-services.js';
import { chainEnvironment } from '../support/model-harness.js';
import { parsePrometheusText, sampleSum } from '../support/prometheus-text.js';
import { ServiceProcess } from '../support/service-processes.js';
import { type StubServer, startStubServer } from '../support/stub-server.js';

const enabled = Boolean(databaseUrl && redisUrl);

/**
 * Distributed mode: the engine that executes a run counts its runs, steps, model usage and
 * circuits, so those metrics live in the `consultantos worker` process. Its `--metrics-port`
 * listener must expose them; the API process that only submitted the run has none of them.
 */
describe.skipIf(!enabled)('consultantos worker --metrics-port (PostgreSQL + Redis)', { timeout: 180_000 }, () => {
  const schema = uniqueName('wmetrics', import.meta.url);
  const dataDir = mkdtempSync(join(tmpdir(), 'consultantos-worker-metrics-'));
  let stubs: [StubServer, StubServer];
  let environment: Record<string, string>;
  let submitter: Application;
  let worker: ServiceProcess | undefined;
  let runId: string | undefined;

  beforeAll(async () => {
    stubs = await Promise.all([startStubServer({ seed: 7 }), startStubServer({ seed: 8 })]);
    environment = {
      CONSULTANTOS_DATA_DIR: dataDir,
      CONSULTANTOS_OFFLINE: '1',
      CONSULTANTOS_LOG_LEVEL: 'warn',
      CONSULTANTOS_DATABASE_URL: databaseUrl!,
      CONSULTANTOS_DATABASE_SCHEMA: schema,
      CONSULTANTOS_DATABASE_AUTO_MIGRATE: 'true',
      CONSULTANTOS_REDIS_URL: redisUrl!,
      CONSULTANTOS_REDIS_KEY_PREFIX: `${schema}:`,
      CONSULTANTOS_TOKEN_SECRET: 'worker-metrics-test-secret-0123456789abcdef',
      CONSULTANTOS_SWEEP_INTERVAL_MS: '500',
      ...chainEnvironment(...stubs),
    };
    // The API side: submits and serves reports, executes nothing (no worker started).
    submitter = await createApplication(loadConfig({ environment, cwd: dataDir }), { logger: silentLogger });
  });

  afterAll(async () => {
    worker?.kill('SIGKILL');
    await worker?.exited;
    await submitter?.close();
    await Promise.all((stubs ?? []).map((stub) => stub.close()));
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exposes the runs, steps and model calls it executed, and shuts the listener down with the worker', async () => {
    worker = new ServiceProcess(['worker', '--concurrency', '2', '--metrics-port', '0'], environment);
    const address = (await worker.waitFor(/metrics listening on (http:\/\/\S+)\/metrics/))[1]!;
    await worker.waitFor(/worker \S+ running/);
    const scrape = async () => {
      const response = await fetch(`${address}/metrics`);
      expect(response.status).toBe(200);
      return parsePrometheusText(await response.text());
    };
    expect(await (await fetch(`${address}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(sampleSum(await scrape(), 'consultantos_runs_total')).toBe(0);

    const request = await prepareAnalysis(exampleRequest({ company: 'Worker Metrics Co', frameworks: ['swot'], depth: 'quick' }));
    const { run } = await submitAnalysis(submitter, request, { tenantId: submitter.config.tenantId, enqueue: true });
    const finished = await waitForRun(submitter, submitter.config.tenantId, run.id, 120_000);
    expect(finished?.status).toBe('succeeded');
    runId = run.id;

    const samples = await scrape();
    expect(sampleSum(samples, 'consultantos_runs_total', { status: 'succeeded' })).toBe(1);
    expect(sampleSum(samples, 'consultantos_step_attempts_total', { agent: 'synthesis', outcome: 'succeeded' })).toBe(1);
    expect(sampleSum(samples, 'consultantos_step_attempts_total', { outcome: 'succeeded' })).toBeGreaterThan(3);
    expect(sampleSum(samples, 'consultantos_step_duration_seconds_count')).toBeGreaterThan(3);
    expect(sampleSum(samples, 'consultantos_model_calls_total')).toBeGreaterThan(0);
    expect(sampleSum(samples, 'consultantos_model_tokens_total', { direction: 'input' })).toBeGreaterThan(0);
    expect(samples.some((sample) => sample.name === 'consultantos_circuit_state')).toBe(true);
    expect(samples.some((sample) => sample.name === 'consultantos_queue_jobs' && sample.labels.state === 'waiting' && sample.value >= 0)).toBe(true);
    // Distributed mode: one shared cache, memory → Redis → database.
    const tiers = new Set(samples.filter((sample) => sample.name === 'consultantos_cache_requests_total' && sample.labels.cache === 'shared').map((sample) => sample.labels.tier));
    expect(tiers).toEqual(new Set(['memory', 'redis', 'database']));

    // The submitting process executed nothing, so it has nothing of this to show.
    const submitted = parsePrometheusText(await submitter.metrics.registry.metrics());
    expect(sampleSum(submitted, 'consultantos_runs_total')).toBe(0);
    expect(sampleSum(submitted, 'consultantos_step_attempts_total')).toBe(0);

    worker.kill('SIGTERM');
    expect((await worker.exited).code).toBe(0);
    await expect(fetch(`${address}/healthz`)).rejects.toThrow();
  });

  it('answers a repeated report read from the API process memory tier, and says so on /metrics', async () => {
    const { key } = await ensureBootstrap(submitter.security, { issueKey: true });
    const server = await buildApiServer(submitter);
    try {
      expect(runId, 'the first test ran an analysis').toBeDefined();
      const report = await submitter.stores.reports.getReportByRun(submitter.config.tenantId, runId!);
      expect(report).toBeDefined();
      const headers = { authorization: `Bearer ${key!.key}` };
      const hits = async () =>
        sampleSum(parsePrometheusText((await server.inject({ url: '/metrics', headers })).body), 'consultantos_cache_requests_total', { cache: 'shared', tier: 'memory', result: 'hit' });
      const first = await server.inject({ url: `/v1/reports/${report!.id}`, headers });
      expect(first.statusCode).toBe(200);
      const before = await hits();
      const second = await server.inject({ url: `/v1/reports/${report!.id}`, headers });
      expect(second.body).toBe(first.body);
      expect(await hits()).toBe(before + 1);
    } finally {
      await server.close();
    }
  });
});
