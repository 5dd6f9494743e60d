import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/logger.js';
import { MemoryRunStore } from '../core/memory/memory-run-store.js';
import type { RunJob } from '../core/ports/job-queue.js';
import type { Application } from './application.js';
import { startSweeper } from './service-runtime.js';

describe('the sweeper', () => {
  it('re-enqueues queued runs with their priority, highest first', async () => {
    const runs = new MemoryRunStore();
    const submit = async (priority: number) =>
      (await runs.createRun({ id: `run_${priority + 10}`, tenantId: 't', workflow: 'w', workflowVersion: 1, input: {}, plan: { name: 'w', version: 1, steps: [] } as never, priority, createdAt: '2026-01-01T00:00:00.000Z' })).run.id;
    const low = await submit(-3);
    const urgent = await submit(7);
    const normal = await submit(0);
    const enqueued: RunJob[] = [];
    const app = {
      engine: { reapExpired: async () => [] },
      stores: { runs },
      queue: { enqueue: async (job: RunJob) => void enqueued.push(job) },
      logger: silentLogger,
    } as unknown as Application;
    const sweeper = startSweeper(app, 60_000);
    try {
      expect(await sweeper.sweep()).toBe(3);
    } finally {
      sweeper.stop();
    }
    expect(enqueued).toEqual([
      { runId: urgent, priority: 7 },
      { runId: normal, priority: 0 },
      { runId: low, priority: -3 },
    ]);
  });
});
