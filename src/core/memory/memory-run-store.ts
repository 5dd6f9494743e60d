import { ConsultantError, LeaseLostError } from '../errors.js';
import type {
  AttemptOutcome,
  ClaimOptions,
  FinishRun,
  Lease,
  NewRun,
  NewRunEvent,
  Page,
  RenewResult,
  RunEvent,
  RunListQuery,
  RunRecord,
  RunStore,
  StepAttempt,
} from '../ports/run-store.js';
import { type QueuedRun, isTerminal } from '../ports/run-store.js';
import { decodeCursor, encodeCursor } from '../pagination.js';

function expiresAt(now: string, leaseMs: number): string {
  return new Date(Date.parse(now) + leaseMs).toISOString();
}

/** The reference implementation of `RunStore`; every adapter must behave the same. */
export class MemoryRunStore implements RunStore {
  private readonly runs = new Map<string, RunRecord>();
  private readonly attempts = new Map<string, StepAttempt[]>();
  private readonly events = new Map<string, RunEvent[]>();

  async createRun(input: NewRun): Promise<{ run: RunRecord; created: boolean }> {
    if (input.idempotencyKey !== undefined) {
      const existing = [...this.runs.values()].find((run) => run.tenantId === input.tenantId && run.idempotencyKey === input.idempotencyKey);
      if (existing) return { run: structuredClone(existing), created: false };
    }
    if (this.runs.has(input.id)) throw new ConsultantError('CONFLICT', `Run ${input.id} already exists`);
    const run: RunRecord = {
      id: input.id,
      tenantId: input.tenantId,
      workflow: input.workflow,
      workflowVersion: input.workflowVersion,
      status: 'queued',
      input: structuredClone(input.input),
      plan: structuredClone(input.plan),
      priority: input.priority ?? 0,
      idempotencyKey: input.idempotencyKey ?? null,
      cancelRequested: false,
      createdAt: input.createdAt,
      updatedAt: input.createdAt,
      startedAt: null,
      endedAt: null,
      leaseOwner: null,
      leaseExpiresAt: null,
      leaseGeneration: 0,
      error: null,
      result: null,
    };
    this.runs.set(run.id, run);
    this.attempts.set(run.id, []);
    this.events.set(run.id, []);
    return { run: structuredClone(run), created: true };
  }

  async getRun(tenantId: string, runId: string): Promise<RunRecord | undefined> {
    const run = this.runs.get(runId);
    return run && run.tenantId === tenantId ? structuredClone(run) : undefined;
  }

  async loadRun(runId: string): Promise<RunRecord | undefined> {
    const run = this.runs.get(runId);
    return run ? structuredClone(run) : undefined;
  }

  async listRuns(tenantId: string, query: RunListQuery): Promise<Page<RunRecord>> {
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const rows = [...this.runs.values()]
      .filter((run) => run.tenantId === tenantId)
      .filter((run) => query.status === undefined || run.status === query.status)
      .filter((run) => query.workflow === undefined || run.workflow === query.workflow)
      .sort((a, b) => (a.createdAt === b.createdAt ? compare(b.id, a.id) : compare(b.createdAt, a.createdAt)))
      .filter((run) => !after || run.createdAt < after.key || (run.createdAt === after.key && run.id < after.id));
    const items = rows.slice(0, query.limit).map((run) => structuredClone(run));
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async claimRun(runId: string, owner: string, options: ClaimOptions): Promise<Lease | undefined> {
    const run = this.runs.get(runId);
    if (!run || isTerminal(run.status)) return undefined;
    const expired = run.leaseExpiresAt === null || run.leaseExpiresAt <= options.now;
    const takeover = options.takeoverFrom !== undefined && run.leaseOwner === options.takeoverFrom;
    if (run.status === 'running' && !expired && !takeover) return undefined;
    run.leaseGeneration += 1;
    run.leaseOwner = owner;
    run.leaseExpiresAt = expiresAt(options.now, options.leaseMs);
    run.status = 'running';
    run.startedAt ??= options.now;
    run.updatedAt = options.now;
    for (const attempt of this.attempts.get(runId) ?? []) {
      if (attempt.status === 'running') {
        attempt.status = 'abandoned';
        attempt.endedAt = options.now;
      }
    }
    return { runId, owner, generation: run.leaseGeneration, expiresAt: run.leaseExpiresAt };
  }

  private fence(lease: Lease): RunRecord {
    const run = this.runs.get(lease.runId);
    if (!run || run.leaseOwner !== lease.owner || run.leaseGeneration !== lease.generation || run.status !== 'running') {
      throw new LeaseLostError(`Lease generation ${lease.generation} of run ${lease.runId} is no longer current`);
    }
    return run;
  }

  async renewLease(lease: Lease, now: string, leaseMs: number): Promise<RenewResult> {
    const run = this.fence(lease);
    run.leaseExpiresAt = expiresAt(now, leaseMs);
    run.updatedAt = now;
    return { lease: { ...lease, expiresAt: run.leaseExpiresAt }, cancelRequested: run.cancelRequested };
  }

  async releaseRun(lease: Lease, now: string): Promise<void> {
    const run = this.fence(lease);
    run.status = 'queued';
    run.leaseOwner = null;
    run.leaseExpiresAt = null;
    run.updatedAt = now;
  }

  async finishRun(lease: Lease, finish: FinishRun): Promise<RunRecord> {
    const run = this.fence(lease);
    run.status = finish.status;
    run.endedAt = finish.endedAt;
    run.updatedAt = finish.endedAt;
    run.error = finish.error ?? null;
    run.result = finish.result === undefined ? null : structuredClone(finish.result);
    run.leaseOwner = null;
    run.leaseExpiresAt = null;
    return structuredClone(run);
  }

  async startAttempt(lease: Lease, attempt: { stepId: string; attempt: number; startedAt: string }, event?: NewRunEvent): Promise<RunEvent | undefined> {
    this.fence(lease);
    const list = this.attempts.get(lease.runId)!;
    if (list.some((row) => row.stepId === attempt.stepId && row.attempt === attempt.attempt)) {
      throw new ConsultantError('CONFLICT', `Attempt ${attempt.attempt} of step ${attempt.stepId} already exists`);
    }
    list.push({
      runId: lease.runId,
      stepId: attempt.stepId,
      attempt: attempt.attempt,
      generation: lease.generation,
      worker: lease.owner,
      status: 'running',
      startedAt: attempt.startedAt,
      endedAt: null,
      output: null,
      error: null,
      usage: null,
    });
    return event ? this.appendEvent(event) : undefined;
  }

  async finishAttempt(lease: Lease, stepId: string, attempt: number, outcome: AttemptOutcome, event?: NewRunEvent): Promise<RunEvent | undefined> {
    this.fence(lease);
    const row = this.attempts.get(lease.runId)!.find((item) => item.stepId === stepId && item.attempt === attempt);
    if (!row || row.status !== 'running' || row.generation !== lease.generation) {
      throw new ConsultantError('CONFLICT', `Attempt ${attempt} of step ${stepId} is not running`);
    }
    row.status = outcome.status;
    row.endedAt = outcome.endedAt;
    row.output = outcome.output === undefined ? null : structuredClone(outcome.output);
    row.error = outcome.error ?? null;
    row.usage = outcome.usage ?? null;
    return event ? this.appendEvent(event) : undefined;
  }

  async listAttempts(runId: string): Promise<StepAttempt[]> {
    return structuredClone(this.attempts.get(runId) ?? []);
  }

  async appendEvent(event: NewRunEvent, lease?: Lease): Promise<RunEvent> {
    if (lease) this.fence(lease);
    const list = this.events.get(event.runId);
    if (!list) throw new ConsultantError('NOT_FOUND', `Run ${event.runId} not found`);
    const stored: RunEvent = { ...structuredClone(event), seq: list.length + 1 };
    list.push(stored);
    return structuredClone(stored);
  }

  async listEvents(runId: string, afterSeq: number, limit: number): Promise<RunEvent[]> {
    return structuredClone((this.events.get(runId) ?? []).filter((event) => event.seq > afterSeq).slice(0, limit));
  }

  async requestCancel(tenantId: string, runId: string, now: string): Promise<RunRecord | undefined> {
    const run = this.runs.get(runId);
    if (!run || run.tenantId !== tenantId) return undefined;
    if (run.status === 'queued') {
      run.status = 'cancelled';
      run.endedAt = now;
      run.error = { code: 'CANCELLED', category: 'system', retryable: false, message: 'Cancelled before it started' };
    } else if (run.status === 'running') {
      run.cancelRequested = true;
    }
    run.updatedAt = now;
    return structuredClone(run);
  }

  async requeueRun(tenantId: string, runId: string, now: string): Promise<RunRecord> {
    const run = this.runs.get(runId);
    if (!run || run.tenantId !== tenantId) throw new ConsultantError('NOT_FOUND', `Run ${runId} not found`);
    assertResumable(run, now);
    run.status = 'queued';
    run.cancelRequested = false;
    run.error = null;
    run.endedAt = null;
    run.leaseOwner = null;
    run.leaseExpiresAt = null;
    run.updatedAt = now;
    return structuredClone(run);
  }

  async reclaimExpired(now: string, limit: number): Promise<string[]> {
    const expired = [...this.runs.values()]
      .filter((run) => run.status === 'running' && run.leaseExpiresAt !== null && run.leaseExpiresAt <= now)
      .sort((a, b) => compare(a.leaseExpiresAt!, b.leaseExpiresAt!))
      .slice(0, limit);
    for (const run of expired) {
      run.status = 'queued';
      run.leaseOwner = null;
      run.leaseExpiresAt = null;
      run.updatedAt = now;
    }
    return expired.map((run) => run.id);
  }

  async listQueued(limit: number): Promise<QueuedRun[]> {
    return [...this.runs.values()]
      .filter((run) => run.status === 'queued')
      .sort((a, b) => b.priority - a.priority || compare(a.createdAt, b.createdAt) || compare(a.id, b.id))
      .slice(0, limit)
      .map((run) => ({ id: run.id, priority: run.priority }));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Shared by every adapter so the rule for what may be resumed lives in one place. */
export function assertResumable(run: Pick<RunRecord, 'id' | 'status' | 'leaseExpiresAt'>, now: string): void {
  if (run.status === 'succeeded' || run.status === 'partial') {
    throw new ConsultantError('INVALID_STATE', `Run ${run.id} already ended ${run.status}; start a new analysis instead`, { details: { status: run.status } });
  }
  if (run.status === 'running' && run.leaseExpiresAt !== null && run.leaseExpiresAt > now) {
    throw new ConsultantError('INVALID_STATE', `Run ${run.id} is running under a live lease until ${run.leaseExpiresAt}`, {
      details: { status: run.status, leaseExpiresAt: run.leaseExpiresAt },
    });
  }
}
