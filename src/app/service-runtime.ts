import type { Application } from './application.js';
import { toConsultantError } from '../core/errors.js';

/**
 * Consumes run jobs in this process: each job executes its run under a fenced lease; on drain
 * the run goes back to `queued` for another worker.
 */
export async function startWorker(app: Application, options: { concurrency: number }): Promise<void> {
  await app.queue.start(
    async (job, signal) => {
      const outcome = await app.engine.execute(job.runId, { drainSignal: signal });
      app.logger.info({ runId: job.runId, outcome: outcome.kind, ...(outcome.kind === 'finished' ? { status: outcome.status } : {}) }, 'run job done');
    },
    { concurrency: options.concurrency },
  );
}

/**
 * The database is the truth, the queue only a hint: every interval this process re-queues runs
 * whose lease expired (a dead worker) and puts every `queued` run back on the job queue (a lost
 * job, a restarted Redis, a drained worker). Enqueueing is idempotent per run id.
 */
export function startSweeper(app: Application, intervalMs: number): { stop(): void; sweep(): Promise<number> } {
  let running = false;
  const sweep = async (): Promise<number> => {
    if (running) return 0;
    running = true;
    try {
      const reclaimed = await app.engine.reapExpired();
      // Reclaimed runs are queued again, so they are in this list (with their priority) unless
      // it overflows; those wait for the next sweep.
      const queued = await app.stores.runs.listQueued(200);
      for (const run of queued) await app.queue.enqueue({ runId: run.id, priority: run.priority });
      return new Set([...reclaimed, ...queued.map((run) => run.id)]).size;
    } catch (error) {
      app.logger.warn({ err: toConsultantError(error).message }, 'sweep failed');
      return 0;
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), intervalMs);
  timer.unref();
  return {
    stop: () => clearInterval(timer),
    sweep,
  };
}
