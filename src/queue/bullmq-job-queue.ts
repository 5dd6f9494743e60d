import { type Job, Queue, WaitingError, Worker } from 'bullmq';
import { ConsultantError, DrainingError, toConsultantError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';
import type { JobHandler, JobQueue, QueueStats, RunJob } from '../core/ports/job-queue.js';
import { checkRedisServer, closeRedis, connectRedis } from '../distributed/redis-clients.js';

export interface BullmqJobQueueOptions {
  /** Redis for BullMQ's own connections (one for the queue, two per worker). */
  redisUrl: string;
  /** Jobs of one deployment; processes sharing it share the work. */
  queueName: string;
  /** BullMQ's key prefix (`<prefix>:<queueName>:…`), so deployments can share a Redis. */
  prefix: string;
  /** A worker that stops renewing its job lock (crash, frozen event loop) loses the job after this. */
  lockDurationMs?: number;
  /** How often workers look for jobs whose lock expired, and put them back in the queue. */
  stalledIntervalMs?: number;
  /** Recoveries of one job before BullMQ fails it; the database sweeper re-enqueues after that. */
  maxStalledCount?: number;
  /** Deliveries of a job whose handler threw, with exponential backoff from `backoffMs`. */
  attempts?: number;
  backoffMs?: number;
  /** How often `onIdle` looks at the queue's counts. */
  idlePollMs?: number;
  connectTimeoutMs?: number;
  logger?: Logger;
}

interface RunJobData {
  runId: string;
  priority: number;
}

/** BullMQ runs lower numbers first and 0 (no priority) before everything; ours is higher-first. */
const PRIORITY_OFFSET = 1_000_001;
const MAX_RUN_PRIORITY = 1_000_000;

/** Our priority (higher runs first, any integer) as BullMQ's (1 runs first, up to 2^21). */
export function toBullmqPriority(priority: number): number {
  const clamped = Math.max(-MAX_RUN_PRIORITY, Math.min(MAX_RUN_PRIORITY, Math.round(priority)));
  return PRIORITY_OFFSET - clamped;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The distributed `JobQueue` over BullMQ. A job carries a run id and nothing else; the database
 * decides what the run is (ADR 0010).
 *
 * - One job per run: the run id is the job's deduplication id, so enqueueing a waiting run is a
 *   no-op; enqueueing a run whose job is running keeps one follow-up job, created atomically
 *   when the running one ends (BullMQ `keepLastIfActive`), so a resume that races with the end
 *   of the previous execution is never lost; once a job finished, the run can be enqueued again
 *   (finished jobs are removed).
 * - At least once: a job whose worker died is put back after its lock expires (stalled-job
 *   recovery) and runs again elsewhere; lease fencing in the run store makes that safe.
 * - Drain: `close` stops fetching, aborts every in-flight handler's signal, waits up to the grace
 *   period, and hands the jobs that were stopped back to the queue at once, so another worker
 *   resumes those runs without waiting for a lock to expire.
 */
export class BullmqJobQueue implements JobQueue {
  private readonly logger: Logger;
  private worker: Worker<RunJobData> | undefined;
  private readonly inFlight = new Set<AbortController>();
  private closed = false;
  private closing: Promise<void> | undefined;
  /** Set when the grace period ran out: late handlers must not touch the closed connections. */
  private abandoned = false;

  private constructor(
    private readonly queue: Queue<RunJobData>,
    private readonly options: BullmqJobQueueOptions,
  ) {
    this.logger = options.logger ?? silentLogger;
  }

  /**
   * Checks Redis first (reachable, or a clear `STORE_FAILED`; eviction policy, or a warning),
   * then opens the producer side. Workers start with `start`.
   */
  static async open(options: BullmqJobQueueOptions): Promise<BullmqJobQueue> {
    const logger = options.logger ?? silentLogger;
    const probe = await connectRedis({ url: options.redisUrl, name: `${options.prefix}:queue-check`, ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}), logger });
    try {
      await checkRedisServer(probe, logger);
    } finally {
      await closeRedis(probe);
    }
    const queue = new Queue<RunJobData>(options.queueName, {
      // Fail fast while Redis is down: the caller answers 503 and the run stays queued in the
      // database, where the sweeper finds it, instead of an enqueue hanging in a buffer.
      connection: { url: options.redisUrl, enableOfflineQueue: false, ...(options.connectTimeoutMs !== undefined ? { connectTimeout: options.connectTimeoutMs } : {}) },
      prefix: options.prefix,
    });
    queue.on('error', (error: Error) => logger.warn({ queue: options.queueName, err: error.message }, 'Job queue connection error'));
    await queue.waitUntilReady();
    return new BullmqJobQueue(queue, options);
  }

  async enqueue(job: RunJob): Promise<void> {
    if (this.closed) throw new DrainingError('The job queue is closed');
    const priority = job.priority ?? 0;
    try {
      await this.queue.add(
        'run',
        { runId: job.runId, priority },
        {
          priority: toBullmqPriority(priority),
          deduplication: { id: job.runId, keepLastIfActive: true },
          removeOnComplete: true,
          removeOnFail: true,
          attempts: this.options.attempts ?? 3,
          backoff: { type: 'exponential', delay: this.options.backoffMs ?? 2_000 },
        },
      );
    } catch (error) {
      // Redis down: the run is already queued in the database and the sweeper will enqueue it;
      // the caller gets a retryable catalogue error instead of a driver message.
      throw new ConsultantError('STORE_FAILED', `Could not enqueue run ${job.runId}: ${(error as Error).message}`, { cause: error, details: { runId: job.runId } });
    }
  }

  async start(handler: JobHandler, options: { concurrency: number }): Promise<void> {
    if (this.closed) throw new DrainingError('The job queue is closed');
    if (this.worker) throw new Error('The job queue is already consuming');
    const worker = new Worker<RunJobData>(this.options.queueName, (job, token) => this.process(handler, job, token), {
      connection: { url: this.options.redisUrl, ...(this.options.connectTimeoutMs !== undefined ? { connectTimeout: this.options.connectTimeoutMs } : {}) },
      prefix: this.options.prefix,
      concurrency: Math.max(1, options.concurrency),
      lockDuration: this.options.lockDurationMs ?? 30_000,
      stalledInterval: this.options.stalledIntervalMs ?? 15_000,
      maxStalledCount: this.options.maxStalledCount ?? 5,
    });
    // An EventEmitter 'error' without a listener would crash the process (e.g. Redis restarting).
    worker.on('error', (error: Error) => this.logger.warn({ queue: this.options.queueName, err: error.message }, 'Job worker error'));
    worker.on('failed', (job, error) => this.logger.warn({ runId: job?.data.runId, attempts: job?.attemptsMade, err: error.message }, 'Run job failed'));
    worker.on('stalled', (jobId) => this.logger.warn({ jobId }, 'Run job stalled (its worker stopped renewing the lock); it runs again'));
    this.worker = worker;
    await worker.waitUntilReady();
  }

  private async process(handler: JobHandler, job: Job<RunJobData>, token: string | undefined): Promise<void> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    // A job fetched while the drain began must not start work it will be asked to stop.
    if (this.closed) controller.abort(new DrainingError());
    try {
      if (!controller.signal.aborted) await handler({ runId: job.data.runId, priority: job.data.priority }, controller.signal);
    } catch (error) {
      if (!controller.signal.aborted) {
        this.logger.error({ runId: job.data.runId, err: toConsultantError(error).message }, 'Run job handler failed');
        throw error;
      }
    } finally {
      this.inFlight.delete(controller);
    }
    if (controller.signal.aborted && token !== undefined && !this.abandoned) {
      // Stopped by the drain: straight back to the queue (WaitingError tells BullMQ the job was
      // moved on purpose, without using up an attempt).
      await job.moveToWait(token);
      throw new WaitingError();
    }
  }

  close(graceMs: number): Promise<void> {
    this.closing ??= this.drain(graceMs);
    return this.closing;
  }

  private async drain(graceMs: number): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    if (worker) {
      // close() stops fetching first, then waits for the handlers; they are told to stop now.
      const workerClosed = worker.close();
      for (const controller of this.inFlight) controller.abort(new DrainingError());
      let timer: NodeJS.Timeout | undefined;
      const inTime = await Promise.race([
        workerClosed.then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), graceMs);
        }),
      ]);
      if (timer) clearTimeout(timer);
      if (!inTime) {
        // Handlers that ignored the abort keep their jobs; the locks expire and other workers
        // recover them as stalled. Drop the connections so this process can exit.
        this.abandoned = true;
        this.logger.warn({ graceMs, running: this.inFlight.size }, 'Drain grace period ran out; leaving the remaining jobs to stalled-job recovery');
        await worker.disconnect().catch(() => undefined);
        workerClosed.catch(() => undefined);
      }
    }
    await this.queue.close().catch((error: unknown) => this.logger.warn({ err: (error as Error).message }, 'Closing the job queue failed'));
  }

  async stats(): Promise<QueueStats> {
    // 'wait' includes a paused queue's jobs; 'delayed' holds jobs backing off before a retry.
    const counts = await this.queue.getJobCounts('wait', 'prioritized', 'delayed', 'active');
    return {
      waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0) + (counts.delayed ?? 0),
      active: counts.active ?? 0,
    };
  }

  /**
   * Resolves when the shared queue has nothing waiting, delayed or running in any process, or
   * when this queue is closed.
   */
  async onIdle(): Promise<void> {
    while (!this.closed) {
      let stats: QueueStats;
      try {
        stats = await this.stats();
      } catch (error) {
        // Closed while asking: that is idle as far as this queue is concerned.
        if (this.closed) return;
        throw error;
      }
      if (stats.waiting === 0 && stats.active === 0) return;
      await sleep(this.options.idlePollMs ?? 100);
    }
  }
}
