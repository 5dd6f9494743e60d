import { Queue } from 'bullmq';
import { afterEach, describe, expect, it } from 'vitest';
import { defineJobQueueContract } from '../../test/contracts/job-queue.contract.js';
import { redisUrl, uniqueName } from '../../test/support/integration-services.js';
import type { JobHandler } from '../core/ports/job-queue.js';
import { BullmqJobQueue, type BullmqJobQueueOptions } from './bullmq-job-queue.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const prefix = `${uniqueName('queue', import.meta.url)}:bull`;

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** Removes every key of a test queue. */
async function obliterate(queueName: string): Promise<void> {
  const queue = new Queue(queueName, { connection: { url: redisUrl! }, prefix });
  try {
    await queue.obliterate({ force: true });
  } finally {
    await queue.close();
  }
}

describe.skipIf(!redisUrl)('BullMQ job queue', () => {
  const settings = (queueName: string, overrides: Partial<BullmqJobQueueOptions> = {}): BullmqJobQueueOptions => ({
    redisUrl: redisUrl!,
    queueName,
    prefix,
    attempts: 2,
    backoffMs: 10,
    idlePollMs: 20,
    ...overrides,
  });

  defineJobQueueContract('bullmq', async () => {
    const queueName = uniqueName('contract');
    const queue = await BullmqJobQueue.open(settings(queueName));
    return {
      store: queue,
      close: async () => {
        await queue.close(100);
        await obliterate(queueName);
      },
    };
  });

  const opened: Array<{ queue: BullmqJobQueue; name: string }> = [];
  const open = async (queueName: string, overrides: Partial<BullmqJobQueueOptions> = {}) => {
    const queue = await BullmqJobQueue.open(settings(queueName, overrides));
    opened.push({ queue, name: queueName });
    return queue;
  };
  afterEach(async () => {
    const names = new Set(opened.map((entry) => entry.name));
    for (const entry of opened.splice(0)) await entry.queue.close(100);
    for (const name of names) await obliterate(name);
  });

  it('runs a run again when it is enqueued after its job completed', async () => {
    const queue = await open(uniqueName('again'));
    const seen: string[] = [];
    await queue.start(async (job) => {
      seen.push(job.runId);
    }, { concurrency: 1 });
    await queue.enqueue({ runId: 'run_a' });
    await eventually(() => seen.length === 1);
    await queue.onIdle();
    await queue.enqueue({ runId: 'run_a' });
    await eventually(() => seen.length === 2);
    expect(seen).toEqual(['run_a', 'run_a']);
  });

  it('keeps one follow-up job for a run enqueued while it is running', async () => {
    const queue = await open(uniqueName('follow'));
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await queue.start(async (job) => {
      seen.push(job.runId);
      if (seen.length === 1) await gate;
    }, { concurrency: 2 });
    await queue.enqueue({ runId: 'run_busy' });
    await eventually(() => seen.length === 1);
    await queue.enqueue({ runId: 'run_busy' });
    await queue.enqueue({ runId: 'run_busy' });
    expect(await queue.stats()).toEqual({ waiting: 0, active: 1 });
    release();
    await eventually(() => seen.length === 2);
    await queue.onIdle();
    await sleep(100);
    expect(seen).toEqual(['run_busy', 'run_busy']);
  });

  it('shares the work between workers and runs each job once', async () => {
    const name = uniqueName('shared');
    const first = await open(name);
    const second = await open(name);
    const byWorker: Record<string, string[]> = { first: [], second: [] };
    const handler = (worker: string): JobHandler => async (job) => {
      byWorker[worker]!.push(job.runId);
      await sleep(15);
    };
    await first.start(handler('first'), { concurrency: 2 });
    await second.start(handler('second'), { concurrency: 2 });
    for (let index = 0; index < 24; index += 1) await first.enqueue({ runId: `run_${index}` });
    await first.onIdle();
    const all = [...byWorker.first!, ...byWorker.second!];
    expect(all).toHaveLength(24);
    expect(new Set(all).size).toBe(24);
    expect(byWorker.first!.length).toBeGreaterThan(0);
    expect(byWorker.second!.length).toBeGreaterThan(0);
  });

  it('hands a drained job back to the queue at once, for another worker to resume', async () => {
    const name = uniqueName('drain');
    const draining = await open(name);
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    let reason: unknown;
    await draining.start(async (_job, signal) => {
      started();
      await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
      reason = signal.reason;
    }, { concurrency: 1 });
    await draining.enqueue({ runId: 'run_drained' });
    await isStarted;
    const before = Date.now();
    await draining.close(5_000);
    expect(Date.now() - before).toBeLessThan(4_000);
    expect(reason).toMatchObject({ code: 'DRAINING' });
    const successor = await open(name);
    expect(await successor.stats()).toEqual({ waiting: 1, active: 0 });
    const resumed: string[] = [];
    await successor.start(async (job) => {
      resumed.push(job.runId);
    }, { concurrency: 1 });
    await eventually(() => resumed.length === 1);
    expect(resumed).toEqual(['run_drained']);
  });

  it('closes within the grace period when a handler ignores the abort, and the job is recovered as stalled', async () => {
    const name = uniqueName('stalled');
    const stubborn = await open(name, { lockDurationMs: 1_000, stalledIntervalMs: 500 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const isStarted = new Promise<void>((resolve) => (started = resolve));
    await stubborn.start(async () => {
      started();
      await gate;
    }, { concurrency: 1 });
    await stubborn.enqueue({ runId: 'run_stuck' });
    await isStarted;
    const before = Date.now();
    await stubborn.close(200);
    expect(Date.now() - before).toBeLessThan(2_000);
    const rescuer = await open(name, { lockDurationMs: 1_000, stalledIntervalMs: 500 });
    const recovered: string[] = [];
    await rescuer.start(async (job) => {
      recovered.push(job.runId);
    }, { concurrency: 1 });
    await eventually(() => recovered.length === 1, 15_000);
    expect(recovered).toEqual(['run_stuck']);
    release();
  });

  it('fails an enqueue at once with a retryable error while its Redis connection is down', async () => {
    const queue = await open(uniqueName('offline'));
    // Reach the producer to cut its connection, as a Redis restart would.
    await (queue as unknown as { queue: Queue }).queue.disconnect();
    const started = Date.now();
    await expect(queue.enqueue({ runId: 'run_offline' })).rejects.toMatchObject({ code: 'STORE_FAILED', retryable: true });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('fails fast and clearly when Redis cannot be reached, without echoing the password', async () => {
    const started = Date.now();
    const refused = await BullmqJobQueue.open({ redisUrl: 'redis://:s3cret@127.0.0.1:1', queueName: 'unreachable', prefix, connectTimeoutMs: 1_000 }).catch((error: unknown) => error);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(refused).toMatchObject({ code: 'STORE_FAILED' });
    expect((refused as Error).message).toContain('127.0.0.1:1');
    expect((refused as Error).message).not.toContain('s3cret');
  });
});
