import type { SerializedError } from '../errors.js';
import type { JsonValue } from '../json.js';
import type { WorkflowDefinition } from '../workflow.js';
import type { TokenUsage } from '../../reports/model/report.js';

export const RUN_STATUSES = ['queued', 'running', 'succeeded', 'partial', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** A queued run as the sweeper re-enqueues it. */
export interface QueuedRun {
  id: string;
  priority: number;
}

export const TERMINAL_RUN_STATUSES: readonly RunStatus[] = ['succeeded', 'partial', 'failed', 'cancelled'];

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL_RUN_STATUSES.includes(status);
}

export interface RunRecord {
  id: string;
  tenantId: string;
  /** Workflow name and version the plan was built from. */
  workflow: string;
  workflowVersion: number;
  status: RunStatus;
  /** The validated request, as submitted. */
  input: JsonValue;
  /** The DAG this run executes, frozen at creation so a resume runs the same steps. */
  plan: WorkflowDefinition;
  priority: number;
  idempotencyKey: string | null;
  cancelRequested: boolean;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  endedAt: string | null;
  leaseOwner: string | null;
  leaseExpiresAt: string | null;
  /** Incremented on every claim; writes from an older generation are refused (fencing). */
  leaseGeneration: number;
  error: SerializedError | null;
  /** Free-form outcome summary (report id, warnings). */
  result: JsonValue | null;
}

export interface NewRun {
  id: string;
  tenantId: string;
  workflow: string;
  workflowVersion: number;
  input: JsonValue;
  plan: WorkflowDefinition;
  priority?: number;
  idempotencyKey?: string;
  createdAt: string;
}

/** Proof of ownership. Every checkpoint write carries it and is refused if it is stale. */
export interface Lease {
  runId: string;
  owner: string;
  generation: number;
  expiresAt: string;
}

export const ATTEMPT_STATUSES = ['running', 'succeeded', 'failed', 'cancelled', 'abandoned'] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export interface StepAttempt {
  runId: string;
  stepId: string;
  /** 1-based, per step, across the whole life of the run (resumes included). */
  attempt: number;
  generation: number;
  worker: string;
  status: AttemptStatus;
  startedAt: string;
  endedAt: string | null;
  output: JsonValue | null;
  error: SerializedError | null;
  usage: TokenUsage | null;
}

export interface AttemptOutcome {
  status: Exclude<AttemptStatus, 'running' | 'abandoned'>;
  endedAt: string;
  output?: JsonValue;
  error?: SerializedError;
  usage?: TokenUsage;
}

export interface RunEvent {
  runId: string;
  /** 1, 2, 3… per run, gap-free, assigned by the store. */
  seq: number;
  type: string;
  at: string;
  stepId: string | null;
  data: JsonValue;
}

export type NewRunEvent = Omit<RunEvent, 'seq'>;

export interface ClaimOptions {
  now: string;
  leaseMs: number;
  /**
   * Take the lease from this owner even if it has not expired: used when the caller has proof
   * the owner is dead (same host, process gone). Never used to take a live worker's run.
   */
  takeoverFrom?: string;
}

export interface RenewResult {
  lease: Lease;
  cancelRequested: boolean;
}

export interface RunListQuery {
  status?: RunStatus;
  workflow?: string;
  limit: number;
  /** Opaque cursor from a previous page. */
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface FinishRun {
  status: Extract<RunStatus, 'succeeded' | 'partial' | 'failed' | 'cancelled'>;
  endedAt: string;
  error?: SerializedError;
  result?: JsonValue;
}

/**
 * Durable state of runs: the run rows, their append-only step attempts, their ordered events
 * and their leases. Each method is one short transaction. Methods taking a `Lease` are fenced:
 * they throw `LeaseLostError` when the run's current generation or owner differs, so a worker
 * that lost its lease can never commit.
 */
export interface RunStore {
  /** Inserts a queued run. With an idempotency key already used in the tenant, returns that run. */
  createRun(run: NewRun): Promise<{ run: RunRecord; created: boolean }>;
  /** Tenant-scoped read; another tenant's run is `undefined`. */
  getRun(tenantId: string, runId: string): Promise<RunRecord | undefined>;
  /** Unscoped read for workers that received a run id from the queue. Never exposed to users. */
  loadRun(runId: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(tenantId: string, query: RunListQuery): Promise<Page<RunRecord>>;

  /**
   * Takes ownership: allowed when the run is queued, or running with an expired lease (or
   * `takeoverFrom` matches the owner). Increments the generation, marks the run running and
   * closes attempts left `running` by older generations as `abandoned`. `undefined` when the
   * run is terminal or owned by a live worker.
   */
  claimRun(runId: string, owner: string, options: ClaimOptions): Promise<Lease | undefined>;
  /** Extends the lease; fenced. Also reports whether a cancel was requested. */
  renewLease(lease: Lease, now: string, leaseMs: number): Promise<RenewResult>;
  /** Gives the run back (status queued, no owner) so another worker can resume it; fenced. */
  releaseRun(lease: Lease, now: string): Promise<void>;
  /** Records the final status and clears the lease; fenced. */
  finishRun(lease: Lease, finish: FinishRun): Promise<RunRecord>;

  /**
   * Appends a `running` attempt; fenced. The (run, step, attempt) triple is unique. With an
   * event, appends it in the same transaction (one commit per checkpoint) and returns it.
   */
  startAttempt(lease: Lease, attempt: { stepId: string; attempt: number; startedAt: string }, event?: NewRunEvent): Promise<RunEvent | undefined>;
  /** Ends a running attempt exactly once; fenced. Appends `event` in the same transaction. */
  finishAttempt(lease: Lease, stepId: string, attempt: number, outcome: AttemptOutcome, event?: NewRunEvent): Promise<RunEvent | undefined>;
  /** Every attempt of the run, ordered by start. */
  listAttempts(runId: string): Promise<StepAttempt[]>;

  /**
   * Appends an event with the next sequence number. With a lease the write is fenced; without
   * one (cancel requests, run creation) it is not.
   */
  appendEvent(event: NewRunEvent, lease?: Lease): Promise<RunEvent>;
  /** Events with `seq > afterSeq`, in order. */
  listEvents(runId: string, afterSeq: number, limit: number): Promise<RunEvent[]>;

  /**
   * Asks a run to stop. A queued run becomes cancelled at once; a running one gets
   * `cancelRequested` and its owner stops it. Terminal runs are returned unchanged.
   */
  requestCancel(tenantId: string, runId: string, now: string): Promise<RunRecord | undefined>;
  /**
   * Puts a failed, cancelled, queued or stale running run back in the queue for a resume.
   * Throws INVALID_STATE for succeeded or partial runs and for runs owned by a live worker.
   */
  requeueRun(tenantId: string, runId: string, now: string): Promise<RunRecord>;
  /** Reaper: runs whose lease expired go back to queued. Returns their ids. */
  reclaimExpired(now: string, limit: number): Promise<string[]>;
  /** Queued runs, highest priority then oldest first, with their priority (to re-enqueue them as they were). */
  listQueued(limit: number): Promise<QueuedRun[]>;
}
