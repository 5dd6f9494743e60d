import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defineBudgetStoreContract } from '../../../test/contracts/budget-store.contract.js';
import { defineCacheContract } from '../../../test/contracts/cache.contract.js';
import { defineEvidenceStoreContract } from '../../../test/contracts/evidence-store.contract.js';
import { defineReportStoreContract } from '../../../test/contracts/report-store.contract.js';
import { defineRunStoreContract } from '../../../test/contracts/run-store.contract.js';
import { databaseUrl, uniqueName } from '../../../test/support/integration-services.js';
import { LeaseLostError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { NewRun } from '../../core/ports/run-store.js';
import { makeEvidence } from '../../reports/model/evidence.js';
import { SqlBudgetStore } from '../sql/sql-budget-store.js';
import { SqlCache } from '../sql/sql-cache.js';
import { SqlEvidenceStore } from '../sql/sql-evidence-store.js';
import { SqlReportStore } from '../sql/sql-report-store.js';
import { SqlRunStore } from '../sql/sql-run-store.js';
import { connectPostgres, openPostgresDatabase, type PostgresDatabase } from './open-postgres-database.js';

const schema = uniqueName('test', import.meta.url);
const T0 = '2026-01-01T00:00:00.000Z';
const at = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString();
const newRun = (): NewRun => ({
  id: newId('run'),
  tenantId: 'tenant-a',
  workflow: 'race',
  workflowVersion: 1,
  input: {},
  plan: { name: 'race', version: 1, concurrency: 1, steps: [{ id: 'a', agent: 'noop', dependsOn: [] }] },
  createdAt: T0,
});

describe.skipIf(!databaseUrl)('PostgreSQL adapters', () => {
  let shared: PostgresDatabase | undefined;
  const pools: PostgresDatabase[] = [];

  /** One migrated schema per file; every harness starts from empty tables. */
  async function freshDatabase(): Promise<PostgresDatabase> {
    shared ??= await openPostgresDatabase({ url: databaseUrl!, schema, poolSize: 10, autoMigrate: true });
    const tables = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${schema} AND table_name <> 'schema_migrations'`.execute(shared.db);
    await sql`TRUNCATE ${sql.join(tables.rows.map((row) => sql.id(schema, row.name)))} CASCADE`.execute(shared.db);
    return shared;
  }

  /**
   * Another process's pool on the same schema, tagged so tests can see its blocked queries.
   * Closed after the test (the server allows few connections and other files run beside this one).
   */
  function otherPool(label: string, options: { poolSize?: number; keep?: boolean } = {}): PostgresDatabase {
    const database = connectPostgres({ url: databaseUrl!, schema, poolSize: options.poolSize ?? 2, applicationName: `${schema}_${label}` });
    (options.keep ? kept : pools).push(database);
    return database;
  }
  const kept: PostgresDatabase[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((database) => database.close()));
  });

  const harness =
    <T>(build: (database: PostgresDatabase) => T) =>
    async () => ({ store: build(await freshDatabase()), close: async () => undefined });

  afterAll(async () => {
    await Promise.all(kept.map((database) => database.close()));
    if (shared) {
      await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(shared.db);
      await shared.close();
      expect(shared.pool.totalCount).toBe(0);
    }
  });

  // The run-store contract creates six fenced writes at once and awaits them one by one; over a
  // pool of ten they reject before their handlers are attached and Vitest reports unhandled
  // rejections. One connection queues them in order (as SQLite's single writer does); the
  // cross-pool tests below cover real concurrency.
  let serial: PostgresDatabase | undefined;
  defineRunStoreContract(
    'postgres',
    harness(() => new SqlRunStore((serial ??= otherPool('serial', { poolSize: 1, keep: true })).db)),
  );
  defineReportStoreContract('postgres', harness((database) => new SqlReportStore(database.db)));
  defineEvidenceStoreContract('postgres', harness((database) => new SqlEvidenceStore(database.db)));
  defineCacheContract('postgres', harness((database) => new SqlCache(database.db)));
  defineBudgetStoreContract('postgres', harness((database) => new SqlBudgetStore(database.db)));

  /**
   * Holds the run row's lock in a transaction of its own, starts `contenders` one after another
   * (each only once the previous one is blocked on the lock, so their order is known), then lets
   * them go.
   */
  async function contend<T extends unknown[]>(runId: string, contenders: { [K in keyof T]: { pool: PostgresDatabase; label: string; start: () => Promise<T[K]> } }): Promise<{ [K in keyof T]: T[K] | Error }> {
    const holder = otherPool('holder');
    let release!: () => void;
    let locked!: () => void;
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    const holding = holder.db.transaction().execute(async (trx) => {
      await trx.selectFrom('runs').select('id').where('id', '=', runId).forUpdate().execute();
      locked();
      await released;
    });
    await isLocked;
    const outcomes: Array<Promise<unknown>> = [];
    for (const contender of contenders) {
      outcomes.push(contender.start().catch((error: unknown) => error as Error));
      await waitUntilBlocked(`${schema}_${contender.label}`);
    }
    release();
    await holding;
    return (await Promise.all(outcomes)) as { [K in keyof T]: T[K] | Error };
  }

  async function waitUntilBlocked(applicationName: string): Promise<void> {
    const observer = await freshObserver();
    for (let tries = 0; tries < 200; tries += 1) {
      const waiting = await sql<{ count: number }>`SELECT count(*) AS count FROM pg_stat_activity WHERE application_name = ${applicationName} AND wait_event_type = 'Lock'`.execute(observer.db);
      if (Number(waiting.rows[0]?.count) > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`${applicationName} never blocked on the row lock`);
  }
  let observer: PostgresDatabase | undefined;
  const freshObserver = async () => (observer ??= otherPool('observer', { poolSize: 1, keep: true }));

  describe('concurrency across pools (separate processes)', () => {
    it('lets exactly one of N pools claim a run', async () => {
      const database = await freshDatabase();
      const claimants = Array.from({ length: 6 }, (_, index) => new SqlRunStore(otherPool(`claimant${index}`).db));
      for (let round = 0; round < 8; round += 1) {
        const { run } = await new SqlRunStore(database.db).createRun(newRun());
        const leases = await Promise.all(claimants.map((store, index) => store.claimRun(run.id, `worker-${index}`, { now: at(0), leaseMs: 10_000 })));
        const winners = leases.filter((lease) => lease !== undefined);
        expect(winners).toHaveLength(1);
        expect(winners[0]!.generation).toBe(1);
        expect((await new SqlRunStore(database.db).loadRun(run.id))?.leaseOwner).toBe(winners[0]!.owner);
      }
    });

    it('never resurrects a run finished by its stale owner while another worker claims it', async () => {
      const store = new SqlRunStore((await freshDatabase()).db);
      const { run } = await store.createRun(newRun());
      const stale = (await store.claimRun(run.id, 'worker-1', { now: at(0), leaseMs: 100 }))!;
      const finisher = otherPool('finisher');
      const claimer = otherPool('claimer');
      const [finished, claimed] = await contend<[unknown, unknown]>(run.id, [
        { pool: finisher, label: 'finisher', start: () => new SqlRunStore(finisher.db).finishRun(stale, { status: 'succeeded', endedAt: at(150) }) },
        { pool: claimer, label: 'claimer', start: () => new SqlRunStore(claimer.db).claimRun(run.id, 'worker-2', { now: at(200), leaseMs: 1000 }) },
      ]);
      expect(finished).toMatchObject({ status: 'succeeded' });
      expect(claimed).toBeUndefined();
      expect(await store.loadRun(run.id)).toMatchObject({ status: 'succeeded', leaseGeneration: 1, leaseOwner: null });
    });

    it('fences the stale owner out when the reclaim commits first', async () => {
      const store = new SqlRunStore((await freshDatabase()).db);
      const { run } = await store.createRun(newRun());
      const stale = (await store.claimRun(run.id, 'worker-1', { now: at(0), leaseMs: 100 }))!;
      const finisher = otherPool('finisher2');
      const claimer = otherPool('claimer2');
      const [claimed, finished] = await contend<[unknown, unknown]>(run.id, [
        { pool: claimer, label: 'claimer2', start: () => new SqlRunStore(claimer.db).claimRun(run.id, 'worker-2', { now: at(200), leaseMs: 1000 }) },
        { pool: finisher, label: 'finisher2', start: () => new SqlRunStore(finisher.db).finishRun(stale, { status: 'succeeded', endedAt: at(150) }) },
      ]);
      expect(claimed).toMatchObject({ owner: 'worker-2', generation: 2 });
      expect(finished).toBeInstanceOf(LeaseLostError);
      expect(await store.loadRun(run.id)).toMatchObject({ status: 'running', leaseGeneration: 2, leaseOwner: 'worker-2' });
    });

    it('never revives a run cancelled while a worker was claiming it', async () => {
      const store = new SqlRunStore((await freshDatabase()).db);
      const { run } = await store.createRun(newRun());
      const canceller = otherPool('canceller');
      const claimer = otherPool('claimer3');
      const [cancelled, claimed] = await contend<[unknown, unknown]>(run.id, [
        { pool: canceller, label: 'canceller', start: () => new SqlRunStore(canceller.db).requestCancel('tenant-a', run.id, at(10)) },
        { pool: claimer, label: 'claimer3', start: () => new SqlRunStore(claimer.db).claimRun(run.id, 'worker-2', { now: at(20), leaseMs: 1000 }) },
      ]);
      expect(cancelled).toMatchObject({ status: 'cancelled' });
      expect(claimed).toBeUndefined();
      expect((await store.loadRun(run.id))?.status).toBe('cancelled');
    });

    it('numbers events without gaps when three pools append at once', async () => {
      const database = await freshDatabase();
      const { run } = await new SqlRunStore(database.db).createRun(newRun());
      const stores = [database, otherPool('events1'), otherPool('events2')].map((pool) => new SqlRunStore(pool.db));
      const appended = await Promise.all(
        Array.from({ length: 60 }, (_, index) => stores[index % 3]!.appendEvent({ runId: run.id, type: 'step-progress', at: at(index), stepId: 'a', data: { index } })),
      );
      expect(appended.map((event) => event.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, index) => index + 1));
    });

    it('keeps evidence positions distinct when pools register for one run at once', async () => {
      const database = await freshDatabase();
      const evidence = (index: number) => makeEvidence({ kind: 'document', title: `Doc ${index}`, excerpt: `Passage ${index}`, locator: `doc.md#p${index}` }, new Date(T0));
      const stores = [database, otherPool('evidence1'), otherPool('evidence2')].map((pool) => new SqlEvidenceStore(pool.db));
      await Promise.all(stores.map((store, storeIndex) => store.putEvidence('run_shared', 'tenant-a', Array.from({ length: 20 }, (_, index) => evidence(storeIndex * 100 + index)))));
      const positions = await sql<{ total: number; distinct_positions: number }>`SELECT count(*) AS total, count(DISTINCT position) AS distinct_positions FROM evidence WHERE run_id = 'run_shared'`.execute(database.db);
      expect(positions.rows[0]).toEqual({ total: 60, distinct_positions: 60 });
      expect(await stores[0]!.listEvidence('run_shared')).toHaveLength(60);
    });
  });
});
