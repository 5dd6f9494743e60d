import { DrainingError, toConsultantError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import type { JobHandler, JobQueue, QueueStats, RunJob } from '../ports/job-queue.js';

/**
 * The embedded job runner: jobs run in this process, highest priority first, then first in.
 * A run id already waiting or running is not queued twice. Durability does not come from here
 * — the run store does that; after a restart the caller re-enqueues queued runs.
 */
export class InlineJobQueue implements JobQueue {
  private readonly waiting: RunJob[] = [];
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private handler: JobHandler | undefined;
  private concurrency = 1;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly logger: Logger = silentLogger) {}

  async enqueue(job: RunJob): Promise<void> {
    if (this.closed) throw new DrainingError('The job queue is closed');
    if (this.active.has(job.runId) || this.waiting.some((item) => item.runId === job.runId)) return;
    const priority = job.priority ?? 0;
    const index = this.waiting.findIndex((item) => (item.priority ?? 0) < priority);
    if (index < 0) this.waiting.push(job);
    else this.waiting.splice(index, 0, job);
    this.pump();
  }

  async start(handler: JobHandler, options: { concurrency: number }): Promise<void> {
    this.handler = handler;
    this.concurrency = Math.max(1, options.concurrency);
    this.pump();
  }

  private pump(): void {
    if (!this.handler || this.closed) return;
    while (this.active.size < this.concurrency && this.waiting.length > 0) {
      const job = this.waiting.shift()!;
      const controller = new AbortController();
      const handler = this.handler;
      const done = Promise.resolve()
        .then(() => handler(job, controller.signal))
        .catch((error: unknown) => {
          this.logger.error({ runId: job.runId, err: toConsultantError(error).message }, 'job failed');
        })
        .finally(() => {
          this.active.delete(job.runId);
          this.pump();
          this.notifyIdle();
        });
      this.active.set(job.runId, { controller, done });
    }
    this.notifyIdle();
  }

  private notifyIdle(): void {
    if (this.active.size === 0 && (this.waiting.length === 0 || !this.handler || this.closed)) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  async close(graceMs: number): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    const running = [...this.active.values()];
    for (const { controller } of running) controller.abort(new DrainingError());
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled(running.map((entry) => entry.done)),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
        timer.unref();
      }),
    ]);
    if (timer) clearTimeout(timer);
    this.notifyIdle();
  }

  async stats(): Promise<QueueStats> {
    return { waiting: this.waiting.length, active: this.active.size };
  }

  onIdle(): Promise<void> {
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      this.notifyIdle();
    });
  }
}
