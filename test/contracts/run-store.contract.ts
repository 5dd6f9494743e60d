import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsultantError, LeaseLostError } from '../../src/core/errors.js';
import { newId } from '../../src/core/ids.js';
import type { Lease, NewRun, RunStore } from '../../src/core/ports/run-store.js';
import type { WorkflowDefinition } from '../../src/core/workflow.js';

export interface StoreHarness<T> {
  store: T;
  close(): Promise<void>;
}

const plan: WorkflowDefinition = {
  name: 'contract-test',
  version: 1,
  concurrency: 2,
  steps: [
    { id: 'a', agent: 'noop', dependsOn: [] },
    { id: 'b', agent: 'noop', dependsOn: ['a'], params: { note: 'ünïcødé ✓ 日本' } },
  ],
};

const T0 = '2026-01-01T00:00:00.000Z';
const at = (ms: number): string => new Date(Date.parse(T0) + ms).toISOString();

function newRun(overrides: Partial<NewRun> = {}): NewRun {
  return {
    id: newId('run'),
    tenantId: 'tenant-a',
    workflow: plan.name,
    workflowVersion: plan.version,
    input: { company: 'Acme ✓', nested: { list: [1, 2.5, null, 'x'] } },
    plan,
    createdAt: T0,
    ...overrides,
  };
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(ConsultantError);
  expect((error as ConsultantError).code).toBe(code);
}

/**
 * The behaviour every RunStore adapter must have. Adapters call this with a factory that
 * returns a fresh, empty store (and a close function).
 */
export function defineRunStoreContract(name: string, factory: () => Promise<StoreHarness<RunStore>>): void {
  describe(`RunStore contract: ${name}`, () => {
    let harness: StoreHarness<RunStore>;
    let store: RunStore;
    beforeEach(async () => {
      harness = await factory();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.close();
    });

    it('creates queued runs and scopes reads by tenant', async () => {
      const input = newRun();
      const { run, created } = await store.createRun(input);
      expect(created).toBe(true);
      expect(run).toMatchObject({ id: input.id, tenantId: 'tenant-a', status: 'queued', leaseGeneration: 0, cancelRequested: false, priority: 0 });
      expect(run.input).toEqual(input.input);
      expect(run.plan).toEqual(plan);
      expect(await store.getRun('tenant-a', input.id)).toEqual(run);
      expect(await store.getRun('tenant-b', input.id)).toBeUndefined();
      expect(await store.loadRun(input.id)).toEqual(run);
      expect(await store.loadRun('run_missing')).toBeUndefined();
    });

    it('honours idempotency keys per tenant', async () => {
      const first = await store.createRun(newRun({ idempotencyKey: 'key-1' }));
      const again = await store.createRun(newRun({ idempotencyKey: 'key-1' }));
      expect(again.created).toBe(false);
      expect(again.run.id).toBe(first.run.id);
      const otherTenant = await store.createRun(newRun({ idempotencyKey: 'key-1', tenantId: 'tenant-b' }));
      expect(otherTenant.created).toBe(true);
      expect(otherTenant.run.id).not.toBe(first.run.id);
    });

    it('lists runs newest first with complete, non-overlapping pages', async () => {
      const ids: string[] = [];
      for (let index = 0; index < 7; index += 1) {
        const { run } = await store.createRun(newRun({ createdAt: at(index * 1000 - (index === 3 ? 1000 : 0)) }));
        ids.push(run.id);
      }
      await store.createRun(newRun({ tenantId: 'tenant-b' }));
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 10; page += 1) {
        const result = await store.listRuns('tenant-a', { limit: 3, ...(cursor ? { cursor } : {}) });
        seen.push(...result.items.map((run) => run.id));
        if (!result.nextCursor) break;
        cursor = result.nextCursor;
      }
      expect(seen).toHaveLength(7);
      expect(new Set(seen).size).toBe(7);
      expect(new Set(seen)).toEqual(new Set(ids));
      const all = await store.listRuns('tenant-a', { limit: 50 });
      const times = all.items.map((run) => run.createdAt);
      expect([...times].sort().reverse()).toEqual(times);
      expect((await store.listRuns('tenant-a', { limit: 50, status: 'running' })).items).toHaveLength(0);
      await expectCode(store.listRuns('tenant-a', { limit: 5, cursor: 'not-a-cursor' }), 'INVALID_INPUT');
    });

    it('claims with increasing generations and refuses live leases', async () => {
      const { run } = await store.createRun(newRun());
      const lease = await store.claimRun(run.id, 'worker-1', { now: at(0), leaseMs: 1000 });
      expect(lease).toMatchObject({ runId: run.id, owner: 'worker-1', generation: 1, expiresAt: at(1000) });
      expect(await store.claimRun(run.id, 'worker-2', { now: at(500), leaseMs: 1000 })).toBeUndefined();
      const loaded = await store.loadRun(run.id);
      expect(loaded).toMatchObject({ status: 'running', leaseOwner: 'worker-1', leaseGeneration: 1, startedAt: at(0) });
      const stolen = await store.claimRun(run.id, 'worker-2', { now: at(1001), leaseMs: 1000 });
      expect(stolen?.generation).toBe(2);
      const takeover = await store.claimRun(run.id, 'worker-3', { now: at(1100), leaseMs: 1000, takeoverFrom: 'worker-2' });
      expect(takeover?.generation).toBe(3);
      expect(await store.claimRun(run.id, 'worker-4', { now: at(1200), leaseMs: 1000, takeoverFrom: 'worker-2' })).toBeUndefined();
      expect(await store.claimRun('run_missing', 'worker-1', { now: at(0), leaseMs: 1000 })).toBeUndefined();
    });

    it('fences every write of a stale lease', async () => {
      const { run } = await store.createRun(newRun());
      const stale = (await store.claimRun(run.id, 'worker-1', { now: at(0), leaseMs: 100 }))!;
      await store.startAttempt(stale, { stepId: 'a', attempt: 1, startedAt: at(1) });
      const current = (await store.claimRun(run.id, 'worker-2', { now: at(200), leaseMs: 1000 }))!;
      expect(current.generation).toBe(2);
      const refused: Array<Promise<unknown>> = [
        store.renewLease(stale, at(201), 1000),
        store.startAttempt(stale, { stepId: 'b', attempt: 1, startedAt: at(201) }),
        store.finishAttempt(stale, 'a', 1, { status: 'succeeded', endedAt: at(201), output: { x: 1 } }),
        store.appendEvent({ runId: run.id, type: 'step-start', at: at(201), stepId: 'a', data: {} }, stale),
        store.finishRun(stale, { status: 'succeeded', endedAt: at(201) }),
        store.releaseRun(stale, at(201)),
      ];
      for (const attempt of refused) {
        await expect(attempt).rejects.toBeInstanceOf(LeaseLostError);
      }
      // The abandoned attempt of the old generation is closed, and the new owner can write.
      const attempts = await store.listAttempts(run.id);
      expect(attempts).toHaveLength(1);
      expect(attempts[0]).toMatchObject({ stepId: 'a', attempt: 1, status: 'abandoned', generation: 1, worker: 'worker-1' });
      await store.startAttempt(current, { stepId: 'a', attempt: 2, startedAt: at(210) });
      await store.finishAttempt(current, 'a', 2, { status: 'succeeded', endedAt: at(220), output: { ok: true } });
      const event = await store.appendEvent({ runId: run.id, type: 'step-end', at: at(220), stepId: 'a', data: { ok: 1 } }, current);
      expect(event.seq).toBe(1);
    });

    it('records attempts exactly once each, in start order', async () => {
      const { run } = await store.createRun(newRun());
      const lease = (await store.claimRun(run.id, 'worker-1', { now: at(0), leaseMs: 10_000 }))!;
      await store.startAttempt(lease, { stepId: 'a', attempt: 1, startedAt: at(1) });
      await expectCode(store.startAttempt(lease, { stepId: 'a', attempt: 1, startedAt: at(2) }), 'CONFLICT');
      await store.finishAttempt(lease, 'a', 1, { status: 'failed', endedAt: at(3), error: { code: 'STEP_FAILED', category: 'system', retryable: true, message: 'boom' } });
      await expectCode(store.finishAttempt(lease, 'a', 1, { status: 'succeeded', endedAt: at(4) }), 'CONFLICT');
      await store.startAttempt(lease, { stepId: 'a', attempt: 2, startedAt: at(5) });
      const output = { text: 'ünïcødé 日本 ✓', numbers: [1, 2.25], nested: { deep: [{ x: null }] } };
      await store.finishAttempt(lease, 'a', 2, {
        status: 'succeeded',
        endedAt: at(6),
        output,
        usage: { inputTokens: 10, outputTokens: 5, cachedTokens: 0, costUsd: 0.001, calls: 1 },
      });
      const attempts = await store.listAttempts(run.id);
      expect(attempts.map((row) => [row.stepId, row.attempt, row.status])).toEqual([
        ['a', 1, 'failed'],
        ['a', 2, 'succeeded'],
      ]);
      expect(attempts[0]!.error?.message).toBe('boom');
      expect(attempts[1]!.output).toEqual(output);
      expect(attempts[1]!.usage?.costUsd).toBeCloseTo(0.001);
      expect(attempts[1]!.endedAt).toBe(at(6));
    });

    it('numbers events 1..n without gaps, even when appended concurrently', async () => {
      const { run } = await store.createRun(newRun());
      const lease = (await store.claimRun(run.id, 'worker-1', { now: at(0), leaseMs: 10_000 }))!;
      const appended = await Promise.all(
        Array.from({ length: 40 }, (_, index) =>
          store.appendEvent({ runId: run.id, type: 'step-progress', at: at(index), stepId: 'a', data: { index } }, index % 2 === 0 ? lease : undefined),
        ),
      );
      expect(appended.map((event) => event.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
      const listed = await store.listEvents(run.id, 0, 100);
      expect(listed.map((event) => event.seq)).toEqual(Array.from({ length: 40 }, (_, index) => index + 1));
      const page = await store.listEvents(run.id, 35, 3);
      expect(page.map((event) => event.seq)).toEqual([36, 37, 38]);
      expect(page[0]!.data).toHaveProperty('index');
      expect(await store.listEvents(run.id, 40, 10)).toEqual([]);
    });

    it('cancels queued runs at once and flags running ones', async () => {
      const queued = (await store.createRun(newRun())).run;
      const cancelled = await store.requestCancel('tenant-a', queued.id, at(1));
      expect(cancelled?.status).toBe('cancelled');
      expect(await store.claimRun(queued.id, 'worker-1', { now: at(2), leaseMs: 1000 })).toBeUndefined();
      expect(await store.requestCancel('tenant-b', queued.id, at(1))).toBeUndefined();

      const running = (await store.createRun(newRun())).run;
      const lease = (await store.claimRun(running.id, 'worker-1', { now: at(0), leaseMs: 1000 }))!;
      expect((await store.renewLease(lease, at(10), 1000)).cancelRequested).toBe(false);
      const flagged = await store.requestCancel('tenant-a', running.id, at(20));
      expect(flagged).toMatchObject({ status: 'running', cancelRequested: true });
      const renewed = await store.renewLease(lease, at(30), 1000);
      expect(renewed.cancelRequested).toBe(true);
      expect(renewed.lease.expiresAt).toBe(at(1030));
      const finished = await store.finishRun(lease, { status: 'cancelled', endedAt: at(40), error: { code: 'CANCELLED', category: 'system', retryable: false, message: 'stop' } });
      expect(finished).toMatchObject({ status: 'cancelled', endedAt: at(40), leaseOwner: null });
      expect((await store.requestCancel('tenant-a', running.id, at(50)))?.status).toBe('cancelled');
    });

    it('requeues only resumable runs', async () => {
      const { run } = await store.createRun(newRun());
      const lease = (await store.claimRun(run.id, 'worker-1', { now: at(0), leaseMs: 1000 }))!;
      await expectCode(store.requeueRun('tenant-a', run.id, at(10)), 'INVALID_STATE');
      await expectCode(store.requeueRun('tenant-b', run.id, at(10)), 'NOT_FOUND');
      await store.finishRun(lease, { status: 'failed', endedAt: at(20), error: { code: 'STEP_FAILED', category: 'system', retryable: true, message: 'x' }, result: { failedSteps: ['a'] } });
      const failed = await store.loadRun(run.id);
      expect(failed).toMatchObject({ status: 'failed', result: { failedSteps: ['a'] } });
      expect(failed?.error?.code).toBe('STEP_FAILED');
      const requeued = await store.requeueRun('tenant-a', run.id, at(30));
      expect(requeued).toMatchObject({ status: 'queued', error: null, cancelRequested: false });
      const again = (await store.claimRun(run.id, 'worker-2', { now: at(40), leaseMs: 1000 }))!;
      expect(again.generation).toBe(2);
      await store.finishRun(again, { status: 'succeeded', endedAt: at(50) });
      await expectCode(store.requeueRun('tenant-a', run.id, at(60)), 'INVALID_STATE');

      const stale = (await store.createRun(newRun())).run;
      await store.claimRun(stale.id, 'worker-1', { now: at(0), leaseMs: 100 });
      expect((await store.requeueRun('tenant-a', stale.id, at(500))).status).toBe('queued');
    });

    it('releases runs back to the queue and reclaims expired leases', async () => {
      const one = (await store.createRun(newRun())).run;
      const two = (await store.createRun(newRun())).run;
      const three = (await store.createRun(newRun({ priority: 5, createdAt: at(5) }))).run;
      const leaseOne = (await store.claimRun(one.id, 'worker-1', { now: at(0), leaseMs: 100 }))!;
      const leaseTwo = (await store.claimRun(two.id, 'worker-1', { now: at(0), leaseMs: 10_000 }))!;
      expect(await store.listQueued(10)).toEqual([{ id: three.id, priority: 5 }]);
      expect(await store.reclaimExpired(at(50), 10)).toEqual([]);
      expect(await store.reclaimExpired(at(150), 10)).toEqual([one.id]);
      expect((await store.loadRun(one.id))?.status).toBe('queued');
      await expect(store.renewLease(leaseOne, at(160), 100)).rejects.toBeInstanceOf(LeaseLostError);
      await store.releaseRun(leaseTwo, at(170));
      expect((await store.loadRun(two.id))).toMatchObject({ status: 'queued', leaseOwner: null });
      const queued = await store.listQueued(10);
      expect(queued[0]).toEqual({ id: three.id, priority: 5 });
      expect(new Set(queued.map((run) => run.id))).toEqual(new Set([one.id, two.id, three.id]));
      const reclaimed: Lease | undefined = await store.claimRun(two.id, 'worker-2', { now: at(180), leaseMs: 100 });
      expect(reclaimed?.generation).toBe(2);
    });
  });
}
