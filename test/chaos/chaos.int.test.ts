import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseUrl, uniqueName } from '../support/integration-services.js';
import { PrivateRedis, ServiceProcess, freePort } from '../support/service-processes.js';

/**
 * Real processes against the real PostgreSQL and a private Redis: 2 API processes and 2 workers.
 * Workers are SIGKILLed 20 times over a batch of runs, Redis is restarted mid-batch (losing every
 * job), and a worker is SIGTERMed to check a clean drain. Every run must still end, and no step
 * that completed may ever execute again.
 */
const enabled = Boolean(databaseUrl) && PrivateRedis.available();
// CI configures PostgreSQL and has redis-server: a silent skip there would hide the chaos test.
if (process.env.CI && databaseUrl && !enabled) throw new Error('The chaos test needs redis-server on PATH in CI (it restarts a private Redis)');

interface Attempt {
  step_id: string;
  attempt: number;
  status: string;
  started_at: string;
}

describe.skipIf(!enabled)('chaos: workers killed, Redis restarted, a worker drained', { timeout: 600_000 }, () => {
  const schema = uniqueName('chaos', import.meta.url);
  const dataDir = mkdtempSync(join(tmpdir(), 'consultantos-chaos-'));
  let redis: PrivateRedis;
  let environment: Record<string, string>;
  const processes: ServiceProcess[] = [];
  let database: pg.Client;

  const start = (args: string[]): ServiceProcess => {
    const child = new ServiceProcess(args, environment);
    processes.push(child);
    return child;
  };

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
    environment = {
      CONSULTANTOS_DATA_DIR: dataDir,
      CONSULTANTOS_OFFLINE: '1',
      CONSULTANTOS_LOG_LEVEL: 'warn',
      CONSULTANTOS_DATABASE_URL: databaseUrl!,
      CONSULTANTOS_DATABASE_SCHEMA: schema,
      CONSULTANTOS_DATABASE_AUTO_MIGRATE: 'true',
      CONSULTANTOS_REDIS_URL: redis.url,
      CONSULTANTOS_TOKEN_SECRET: 'chaos-test-token-secret-0123456789abcdef',
      CONSULTANTOS_ENGINE_LEASE_MS: '2000',
      CONSULTANTOS_ENGINE_DRAIN_GRACE_MS: '5000',
      CONSULTANTOS_SWEEP_INTERVAL_MS: '300',
      CONSULTANTOS_REDIS_JOB_LOCK_MS: '2000',
      CONSULTANTOS_REDIS_STALLED_INTERVAL_MS: '1000',
      CONSULTANTOS_DEBUG_STEP_DELAY_MS: '150',
    };
    database = new pg.Client({ connectionString: databaseUrl });
    await database.connect();
  });

  afterAll(async () => {
    for (const child of processes) child.kill('SIGKILL');
    await Promise.all(processes.map((child) => child.exited));
    await redis?.stop();
    await database?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await database?.end();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('completes every run exactly once per step through 20 worker kills, a Redis restart and a drain', async () => {
    const created = start(['keys', 'create', '--name', 'chaos', '--json']);
    const { code } = await created.exited;
    expect(code, created.stderr).toBe(0);
    const key = (JSON.parse(created.stdout) as { key: string }).key;

    const apis = [start(['serve', '--port', '0']), start(['serve', '--port', '0'])];
    const addresses = await Promise.all(apis.map(async (api) => (await api.waitFor(/listening on (http:\/\/[^\s]+)/))[1]!));
    const workers = [start(['worker', '--concurrency', '3']), start(['worker', '--concurrency', '3'])];
    const workerId = async (worker: ServiceProcess) => (await worker.waitFor(/worker (\S+) running/))[1]!;
    await Promise.all(workers.map(workerId));
    /**
     * What a process supervisor does: a worker that exited on its own (one started while Redis was
     * down refuses to start, by design) is replaced. Returns the slot's live worker.
     */
    const supervised = (slot: number): ServiceProcess => {
      const worker = workers[slot]!;
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) workers[slot] = start(['worker', '--concurrency', '3']);
      return workers[slot]!;
    };
    /** Waits until the slot's worker is up (replacing it while it keeps failing to start). */
    const running = async (slot: number): Promise<string> => {
      for (;;) {
        const match = /worker (\S+) running/.exec(supervised(slot).stderr);
        if (match) return match[1]!;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    /**
     * Waits until the slot's worker holds the lease of a running run, so the kill lands mid-run;
     * while it waits, it submits another run every two seconds so the queue never runs dry.
     */
    const busy = async (slot: number, onIdle: () => Promise<void>): Promise<boolean> => {
      const deadline = Date.now() + 60_000;
      let nextTopUp = Date.now() + 2_000;
      while (Date.now() < deadline) {
        const id = await running(slot);
        const held = await database.query(`SELECT 1 FROM "${schema}".runs WHERE lease_owner = $1 AND status = 'running' LIMIT 1`, [id]);
        if (held.rowCount) return true;
        if (Date.now() > nextTopUp) {
          await onIdle();
          nextTopUp = Date.now() + 2_000;
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return false;
    };

    const submit = async (index: number): Promise<string> => {
      const response = await fetch(`${addresses[index % 2]}/v1/analyses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ company: `Chaos Co ${index}`, frameworks: ['porter', 'swot', 'pestel'], depth: index % 2 === 0 ? 'quick' : 'standard' }),
      });
      expect(response.status).toBe(202);
      return ((await response.json()) as { run: { id: string } }).run.id;
    };
    /** Redis may be restarting: a refused submission is retried once the API reconnects. */
    const submitRetrying = async (index: number): Promise<string> => {
      for (let attempt = 0; ; attempt += 1) {
        try {
          return await submit(index);
        } catch (error) {
          if (attempt >= 10) throw error;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
      }
    };
    const runIds: string[] = [];
    for (let index = 0; index < 12; index += 1) runIds.push(await submit(index));

    // 20 SIGKILLs, alternating workers, each landing while the worker holds a run and each
    // replaced by a fresh process.
    let killedMidRun = 0;
    let extra = 100;
    for (let kill = 0; kill < 20; kill += 1) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const slot = kill % 2;
      if (await busy(slot, async () => void runIds.push(await submitRetrying(extra++)))) killedMidRun += 1;
      workers[slot]!.kill('SIGKILL');
      await workers[slot]!.exited;
      workers[slot] = start(['worker', '--concurrency', '3']);
      if (kill === 9) {
        // Redis restarts empty: every queued job and subscription is gone.
        await redis.stop();
        await new Promise((resolve) => setTimeout(resolve, 500));
        await redis.start();
        for (let index = 12; index < 16; index += 1) runIds.push(await submitRetrying(index));
      }
    }
    await Promise.all([running(0), running(1)]);

    // A SIGTERMed worker drains: it exits cleanly within its grace period.
    const drained = workers[0]!;
    const drainStarted = Date.now();
    drained.kill('SIGTERM');
    const exit = await drained.exited;
    expect(exit.code).toBe(0);
    expect(Date.now() - drainStarted).toBeLessThan(15_000);
    workers[0] = start(['worker', '--concurrency', '3']);

    // Every run ends.
    const deadline = Date.now() + 240_000;
    let statuses: string[] = [];
    while (Date.now() < deadline) {
      const rows = await database.query<{ status: string }>(`SELECT status FROM "${schema}".runs WHERE id = ANY($1)`, [runIds]);
      statuses = rows.rows.map((row) => row.status);
      if (statuses.length === runIds.length && statuses.every((status) => ['succeeded', 'partial', 'failed', 'cancelled'].includes(status))) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    expect(statuses).toHaveLength(runIds.length);
    expect(statuses.every((status) => status === 'succeeded' || status === 'partial'), statuses.join(',')).toBe(true);

    // No step that completed ever executed again; every step completed exactly once; one report each.
    let abandoned = 0;
    for (const runId of runIds) {
      const attempts = (await database.query<Attempt>(`SELECT step_id, attempt, status, started_at FROM "${schema}".step_attempts WHERE run_id = $1 ORDER BY started_at, attempt`, [runId])).rows;
      const steps = new Set(attempts.map((attempt) => attempt.step_id));
      for (const stepId of steps) {
        const own = attempts.filter((attempt) => attempt.step_id === stepId).sort((a, b) => a.attempt - b.attempt);
        const succeeded = own.filter((attempt) => attempt.status === 'succeeded');
        expect(succeeded, `${runId} ${stepId}`).toHaveLength(1);
        expect(own.at(-1)!.status, `${runId} ${stepId}: nothing may run after success`).toBe('succeeded');
      }
      abandoned += attempts.filter((attempt) => attempt.status === 'abandoned' || attempt.status === 'cancelled').length;
      const reports = await database.query(`SELECT id FROM "${schema}".reports WHERE run_id = $1`, [runId]);
      expect(reports.rowCount).toBe(1);
    }
    // The kills really interrupted work: every kill found its worker holding a run.
    expect(killedMidRun).toBe(20);
    expect(abandoned).toBeGreaterThan(0);
  });
});
