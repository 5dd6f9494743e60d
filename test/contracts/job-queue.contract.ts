import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JobQueue, RunJob } from '../../src/core/ports/job-queue.js';
import type { StoreHarness } from './run-store.contract.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function defineJobQueueContract(name: string, factory: () => Promise<StoreHarness<JobQueue>>): void {
  describe(`JobQueue contract: ${name}`, () => {
    let harness: StoreHarness<JobQueue>;
    beforeEach(async () => {
      harness = await factory();
    });
    afterEach(async () => {
      await harness.close();
    });

    it('runs every job once, highest priority first, never a waiting run twice', async () => {
      const queue = harness.store;
      const seen: string[] = [];
      await queue.enqueue({ runId: 'run_low', priority: 0 });
      await queue.enqueue({ runId: 'run_high', priority: 10 });
      await queue.enqueue({ runId: 'run_low', priority: 0 });
      await queue.enqueue({ runId: 'run_mid', priority: 5 });
      expect((await queue.stats()).waiting).toBe(3);
      await queue.start(async (job: RunJob) => {
        seen.push(job.runId);
      }, { concurrency: 1 });
      await queue.onIdle();
      expect(seen).toEqual(['run_high', 'run_mid', 'run_low']);
    });

    it('bounds concurrency and survives failing handlers', async () => {
      const queue = harness.store;
      let running = 0;
      let peak = 0;
      const done: string[] = [];
      await queue.start(async (job) => {
        running += 1;
        peak = Math.max(peak, running);
        await sleep(20);
        running -= 1;
        if (job.runId === 'run_3') throw new Error('handler failure');
        done.push(job.runId);
      }, { concurrency: 2 });
      for (let index = 0; index < 6; index += 1) await queue.enqueue({ runId: `run_${index}` });
      await queue.onIdle();
      expect(peak).toBeLessThanOrEqual(2);
      expect(done.sort()).toEqual(['run_0', 'run_1', 'run_2', 'run_4', 'run_5']);
    });

    it('aborts in-flight jobs on close and refuses new ones', async () => {
      const queue = harness.store;
      let aborted = false;
      let started!: () => void;
      const startedPromise = new Promise<void>((resolve) => {
        started = resolve;
      });
      await queue.start(async (_job, signal) => {
        started();
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        aborted = signal.aborted;
      }, { concurrency: 1 });
      await queue.enqueue({ runId: 'run_long' });
      await startedPromise;
      await queue.close(2000);
      expect(aborted).toBe(true);
      await expect(queue.enqueue({ runId: 'run_late' })).rejects.toThrow();
    });
  });
}
