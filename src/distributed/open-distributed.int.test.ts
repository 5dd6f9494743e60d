import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrl, redisUrl, uniqueName } from '../../test/support/integration-services.js';
import { Engine, type StepHandler } from '../core/engine.js';
import type { RunEvent } from '../core/ports/run-store.js';
import { workflow } from '../core/testing/engine-harness.js';
import { makeEvidence } from '../reports/model/evidence.js';
import { connectPostgres } from '../store/postgres/open-postgres-database.js';
import { type Distributed, openDistributed } from './open-distributed.js';
import { closeRedis, connectRedis } from './redis-clients.js';

const schema = uniqueName('dist', import.meta.url);
const prefix = `${uniqueName('dist', import.meta.url)}:`;

/** Sockets and timers this process holds, by kind (TCPSocketWrap, Timeout…). */
function activeResources(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.skipIf(!databaseUrl || !redisUrl)('openDistributed', () => {
  afterAll(async () => {
    const admin = connectPostgres({ url: databaseUrl!, poolSize: 1 });
    await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(admin.db);
    await admin.close();
    // BullMQ leaves each queue's metadata behind; the prefix is this file's alone.
    const redis = await connectRedis({ url: redisUrl!, name: `${prefix}cleanup` });
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 })) {
      if ((keys as string[]).length > 0) await redis.del(...(keys as string[]));
    }
    await closeRedis(redis);
  });

  const open = (queueName: string): Promise<Distributed> =>
    openDistributed({ databaseUrl: databaseUrl!, databaseSchema: schema, databasePoolSize: 4, autoMigrate: true, redisUrl: redisUrl!, prefix, queueName, queue: { attempts: 1, idlePollMs: 20 } });

  it('runs a workflow end to end: API process submits, worker process executes, events cross Redis', async () => {
    const queueName = uniqueName('flow');
    const api = await open(queueName);
    const worker = await open(queueName);
    try {
      const handlers = new Map<string, StepHandler>([
        [
          'gather',
          async (context) => {
            await context.registerEvidence([makeEvidence({ kind: 'note', title: 'Note', excerpt: 'A fact.', locator: 'note#1' })]);
            await context.progress('gathered');
            return { output: { facts: 1 } };
          },
        ],
        ['summarize', async (context) => ({ output: { summary: context.dependencies.gather ?? null } })],
      ]);
      const engineOf = (side: Distributed) => new Engine({ runs: side.stores.runs, evidence: side.stores.evidence, events: side.events, handlers, leaseMs: 5_000 });
      const apiEngine = engineOf(api);
      const workerEngine = engineOf(worker);
      await worker.queue.start(async (job, signal) => {
        await workerEngine.execute(job.runId, { drainSignal: signal });
      }, { concurrency: 2 });

      const { run } = await apiEngine.submit({
        tenantId: 'tenant-a',
        workflow: workflow([
          { id: 'gather', agent: 'gather', dependsOn: [] },
          { id: 'summarize', agent: 'summarize', dependsOn: ['gather'] },
        ]),
        input: {},
      });
      const live: RunEvent[] = [];
      const unsubscribe = await api.events.subscribe(run.id, (event) => live.push(event));
      await api.queue.enqueue({ runId: run.id, priority: run.priority });
      await eventually(async () => (await api.stores.runs.loadRun(run.id))?.status === 'succeeded');
      const stored = await api.stores.runs.listEvents(run.id, 0, 100);
      await eventually(() => live.length > 0 && live[live.length - 1]!.seq === stored[stored.length - 1]!.seq);
      await unsubscribe();
      expect(stored.map((event) => event.seq)).toEqual(stored.map((_, index) => index + 1));
      expect(live.map((event) => event.type)).toContain('step-progress');
      expect(live.every((event, index) => index === 0 || event.seq > live[index - 1]!.seq)).toBe(true);
      expect((await api.stores.evidence.listEvidence(run.id)).map((item) => item.title)).toEqual(['Note']);
      const attempts = await api.stores.runs.listAttempts(run.id);
      expect(attempts.map((attempt) => [attempt.stepId, attempt.status])).toEqual([
        ['gather', 'succeeded'],
        ['summarize', 'succeeded'],
      ]);
      await api.queue.onIdle();
    } finally {
      await worker.close(2_000);
      await api.close(2_000);
    }
  });

  it('serves the cache and rate limits, reports health, and leaves no open handle after close', async () => {
    const before = activeResources();
    const distributed = await open(uniqueName('handles'));
    expect(activeResources().TCPSocketWrap ?? 0).toBeGreaterThan(before.TCPSocketWrap ?? 0);
    expect(await distributed.health()).toEqual({ database: true, redis: true });
    await distributed.cache.set('key', { value: 1 }, 60_000);
    expect(await distributed.cache.get('key')).toEqual({ value: 1 });
    expect((await distributed.rateLimits.consume('tenant:a', 1, 1, 60_000)).allowed).toBe(true);
    expect((await distributed.rateLimits.consume('tenant:a', 1, 1, 60_000)).allowed).toBe(false);
    await distributed.queue.start(async () => undefined, { concurrency: 1 });
    const pool = (distributed.stores.database as unknown as { pool: { totalCount: number } }).pool;
    await distributed.close(1_000);
    await distributed.close(1_000);
    expect(pool.totalCount).toBe(0);
    expect(distributed.redis.status).toBe('end');
    await eventually(() => (activeResources().TCPSocketWrap ?? 0) <= (before.TCPSocketWrap ?? 0), 5_000);
  });

  it('closes what it opened when Redis is unreachable', async () => {
    const before = activeResources();
    const refused = await openDistributed({ databaseUrl: databaseUrl!, databaseSchema: schema, databasePoolSize: 2, autoMigrate: true, redisUrl: 'redis://127.0.0.1:1', connectTimeoutMs: 1_000, prefix }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'STORE_FAILED' });
    await eventually(() => (activeResources().TCPSocketWrap ?? 0) <= (before.TCPSocketWrap ?? 0), 5_000);
  });
});
