export interface RunJob {
  runId: string;
  priority?: number;
}

export type JobHandler = (job: RunJob, signal: AbortSignal) => Promise<void>;

export interface QueueStats {
  waiting: number;
  active: number;
}

/**
 * Carries "execute run X" and nothing else; the database decides what a run is. Delivery is at
 * least once, which the engine's lease fencing makes safe. Enqueueing a run that is already
 * waiting is a no-op (the job id is the run id).
 */
export interface JobQueue {
  enqueue(job: RunJob): Promise<void>;
  /** Starts consuming jobs with at most `concurrency` handlers at a time. */
  start(handler: JobHandler, options: { concurrency: number }): Promise<void>;
  /**
   * Stops taking jobs, aborts the signal of the ones in flight and waits for them up to
   * `graceMs`.
   */
  close(graceMs: number): Promise<void>;
  stats(): Promise<QueueStats>;
  /** Resolves when no job is waiting or running (for tests and the CLI). */
  onIdle(): Promise<void>;
}
