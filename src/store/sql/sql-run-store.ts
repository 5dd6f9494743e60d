import type { Kysely, Transaction } from 'kysely';
import { ConsultantError, LeaseLostError } from '../../core/errors.js';
import { assertResumable } from '../../core/memory/memory-run-store.js';
import { decodeCursor, encodeCursor } from '../../core/pagination.js';
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
} from '../../core/ports/run-store.js';
import { type QueuedRun, isTerminal } from '../../core/ports/run-store.js';
import type { Database } from '../schema.js';
import { sqlDialectOf } from './dialect.js';
import { isUniqueViolation, optionalJsonText, rowToAttempt, rowToEvent, rowToRun, toJsonText } from './rows.js';

type Executor = Kysely<Database> | Transaction<Database>;

function expiresAt(now: string, leaseMs: number): string {
  return new Date(Date.parse(now) + leaseMs).toISOString();
}

/**
 * RunStore over Kysely, one implementation for SQLite and PostgreSQL. Each method is one short
 * transaction; fenced methods first update the run row on (owner, generation, running), which
 * both checks the lease and locks the row until commit, so a concurrent claim cannot interleave.
 *
 * Methods that read the run row and then write it (claim, cancel, requeue) read it with
 * `FOR UPDATE` on PostgreSQL: under READ COMMITTED a plain read could decide on a row that a
 * concurrent finish or cancel is about to change without bumping the generation, and the claim
 * would then resurrect a finished run. SQLite serialises write transactions (`BEGIN IMMEDIATE`)
 * and has no `FOR UPDATE`, so there the clause is left out.
 */
export class SqlRunStore implements RunStore {
  private readonly rowLocks: boolean;

  constructor(private readonly db: Kysely<Database>) {
    this.rowLocks = sqlDialectOf(db) === 'postgres';
  }

  private async fence(executor: Executor, lease: Lease): Promise<void> {
    const result = await executor
      .updateTable('runs')
      .set({ lease_generation: lease.generation })
      .where('id', '=', lease.runId)
      .where('lease_owner', '=', lease.owner)
      .where('lease_generation', '=', lease.generation)
      .where('status', '=', 'running')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) {
      throw new LeaseLostError(`Lease generation ${lease.generation} of run ${lease.runId} is no longer current`);
    }
  }

  async createRun(input: NewRun): Promise<{ run: RunRecord; created: boolean }> {
    const findExisting = async (): Promise<RunRecord | undefined> => {
      if (input.idempotencyKey === undefined) return undefined;
      const row = await this.db.selectFrom('runs').selectAll().where('tenant_id', '=', input.tenantId).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
      return row ? rowToRun(row) : undefined;
    };
    const existing = await findExisting();
    if (existing) return { run: existing, created: false };
    try {
      await this.db
        .insertInto('runs')
        .values({
          id: input.id,
          tenant_id: input.tenantId,
          workflow: input.workflow,
          workflow_version: input.workflowVersion,
          status: 'queued',
          input: toJsonText(input.input),
          plan: toJsonText(input.plan),
          priority: input.priority ?? 0,
          idempotency_key: input.idempotencyKey ?? null,
          cancel_requested: 0,
          created_at: input.createdAt,
          updated_at: input.createdAt,
          started_at: null,
          ended_at: null,
          lease_owner: null,
          lease_expires_at: null,
          lease_generation: 0,
          event_seq: 0,
          error: null,
          result: null,
        })
        .execute();
    } catch (error) {
      // Two submissions with one idempotency key raced: the loser returns the winner's run.
      if (isUniqueViolation(error)) {
        const winner = await findExisting();
        if (winner) return { run: winner, created: false };
        throw new ConsultantError('CONFLICT', `Run ${input.id} already exists`, { cause: error });
      }
      throw error;
    }
    return { run: (await this.loadRun(input.id))!, created: true };
  }

  async getRun(tenantId: string, runId: string): Promise<RunRecord | undefined> {
    const row = await this.db.selectFrom('runs').selectAll().where('id', '=', runId).where('tenant_id', '=', tenantId).executeTakeFirst();
    return row ? rowToRun(row) : undefined;
  }

  async loadRun(runId: string): Promise<RunRecord | undefined> {
    const row = await this.db.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
    return row ? rowToRun(row) : undefined;
  }

  async listRuns(tenantId: string, query: RunListQuery): Promise<Page<RunRecord>> {
    let select = this.db.selectFrom('runs').selectAll().where('tenant_id', '=', tenantId);
    if (query.status !== undefined) select = select.where('status', '=', query.status);
    if (query.workflow !== undefined) select = select.where('workflow', '=', query.workflow);
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      select = select.where((eb) => eb.or([eb('created_at', '<', after.key), eb.and([eb('created_at', '=', after.key), eb('id', '<', after.id)])]));
    }
    const rows = await select.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
    const items = rows.slice(0, query.limit).map(rowToRun);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.createdAt, last.id) : null };
  }

  async claimRun(runId: string, owner: string, options: ClaimOptions): Promise<Lease | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('runs')
        .select(['status', 'lease_owner', 'lease_expires_at', 'lease_generation', 'started_at'])
        .where('id', '=', runId)
        .$if(this.rowLocks, (query) => query.forUpdate())
        .executeTakeFirst();
      if (!row || isTerminal(row.status as RunRecord['status'])) return undefined;
      const expired = row.lease_expires_at === null || row.lease_expires_at <= options.now;
      const takeover = options.takeoverFrom !== undefined && row.lease_owner === options.takeoverFrom;
      if (row.status === 'running' && !expired && !takeover) return undefined;
      const generation = Number(row.lease_generation) + 1;
      const leaseExpiresAt = expiresAt(options.now, options.leaseMs);
      const updated = await trx
        .updateTable('runs')
        .set({ status: 'running', lease_owner: owner, lease_expires_at: leaseExpiresAt, lease_generation: generation, started_at: row.started_at ?? options.now, updated_at: options.now })
        .where('id', '=', runId)
        .where('lease_generation', '=', Number(row.lease_generation))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return undefined;
      await trx.updateTable('step_attempts').set({ status: 'abandoned', ended_at: options.now }).where('run_id', '=', runId).where('status', '=', 'running').execute();
      return { runId, owner, generation, expiresAt: leaseExpiresAt };
    });
  }

  async renewLease(lease: Lease, now: string, leaseMs: number): Promise<RenewResult> {
    const next = expiresAt(now, leaseMs);
    const row = await this.db
      .updateTable('runs')
      .set({ lease_expires_at: next, updated_at: now })
      .where('id', '=', lease.runId)
      .where('lease_owner', '=', lease.owner)
      .where('lease_generation', '=', lease.generation)
      .where('status', '=', 'running')
      .returning(['cancel_requested'])
      .executeTakeFirst();
    if (!row) throw new LeaseLostError(`Lease generation ${lease.generation} of run ${lease.runId} is no longer current`);
    return { lease: { ...lease, expiresAt: next }, cancelRequested: Number(row.cancel_requested) === 1 };
  }

  async releaseRun(lease: Lease, now: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.fence(trx, lease);
      await trx.updateTable('runs').set({ status: 'queued', lease_owner: null, lease_expires_at: null, updated_at: now }).where('id', '=', lease.runId).execute();
    });
  }

  async finishRun(lease: Lease, finish: FinishRun): Promise<RunRecord> {
    return this.db.transaction().execute(async (trx) => {
      await this.fence(trx, lease);
      await trx
        .updateTable('runs')
        .set({
          status: finish.status,
          ended_at: finish.endedAt,
          updated_at: finish.endedAt,
          error: optionalJsonText(finish.error),
          result: optionalJsonText(finish.result),
          lease_owner: null,
          lease_expires_at: null,
        })
        .where('id', '=', lease.runId)
        .execute();
      const row = await trx.selectFrom('runs').selectAll().where('id', '=', lease.runId).executeTakeFirstOrThrow();
      return rowToRun(row);
    });
  }

  async startAttempt(lease: Lease, attempt: { stepId: string; attempt: number; startedAt: string }, event?: NewRunEvent): Promise<RunEvent | undefined> {
    return this.db.transaction().execute(async (trx) => {
      await this.fence(trx, lease);
      try {
        await trx
          .insertInto('step_attempts')
          .values({
            run_id: lease.runId,
            step_id: attempt.stepId,
            attempt: attempt.attempt,
            generation: lease.generation,
            worker: lease.owner,
            status: 'running',
            started_at: attempt.startedAt,
            ended_at: null,
            output: null,
            error: null,
            usage: null,
          })
          .execute();
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConsultantError('CONFLICT', `Attempt ${attempt.attempt} of step ${attempt.stepId} already exists`, { cause: error });
        throw error;
      }
      return event ? this.insertEvent(trx, event) : undefined;
    });
  }

  async finishAttempt(lease: Lease, stepId: string, attempt: number, outcome: AttemptOutcome, event?: NewRunEvent): Promise<RunEvent | undefined> {
    return this.db.transaction().execute(async (trx) => {
      await this.fence(trx, lease);
      const result = await trx
        .updateTable('step_attempts')
        .set({
          status: outcome.status,
          ended_at: outcome.endedAt,
          output: optionalJsonText(outcome.output),
          error: optionalJsonText(outcome.error),
          usage: optionalJsonText(outcome.usage),
        })
        .where('run_id', '=', lease.runId)
        .where('step_id', '=', stepId)
        .where('attempt', '=', attempt)
        .where('generation', '=', lease.generation)
        .where('status', '=', 'running')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new ConsultantError('CONFLICT', `Attempt ${attempt} of step ${stepId} is not running`);
      return event ? this.insertEvent(trx, event) : undefined;
    });
  }

  async listAttempts(runId: string) {
    const rows = await this.db.selectFrom('step_attempts').selectAll().where('run_id', '=', runId).orderBy('started_at').orderBy('step_id').orderBy('attempt').execute();
    return rows.map(rowToAttempt);
  }

  async appendEvent(event: NewRunEvent, lease?: Lease): Promise<RunEvent> {
    return this.db.transaction().execute((trx) => this.insertEvent(trx, event, lease));
  }

  /** Takes the next sequence number from the run row and inserts the event, in `trx`. */
  private async insertEvent(trx: Transaction<Database>, event: NewRunEvent, lease?: Lease): Promise<RunEvent> {
    {
      let update = trx
        .updateTable('runs')
        .set((eb) => ({ event_seq: eb('event_seq', '+', 1) }))
        .where('id', '=', event.runId);
      if (lease) {
        update = update.where('lease_owner', '=', lease.owner).where('lease_generation', '=', lease.generation).where('status', '=', 'running');
      }
      const row = await update.returning(['event_seq']).executeTakeFirst();
      if (!row) {
        if (lease) throw new LeaseLostError(`Lease generation ${lease.generation} of run ${lease.runId} is no longer current`);
        throw new ConsultantError('NOT_FOUND', `Run ${event.runId} not found`);
      }
      const stored: RunEvent = { ...event, seq: Number(row.event_seq) };
      await trx.insertInto('run_events').values({ run_id: stored.runId, seq: stored.seq, type: stored.type, at: stored.at, step_id: stored.stepId, data: toJsonText(stored.data) }).execute();
      return stored;
    }
  }

  async listEvents(runId: string, afterSeq: number, limit: number): Promise<RunEvent[]> {
    const rows = await this.db.selectFrom('run_events').selectAll().where('run_id', '=', runId).where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
    return rows.map(rowToEvent);
  }

  async requestCancel(tenantId: string, runId: string, now: string): Promise<RunRecord | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('runs').select(['status']).where('id', '=', runId).where('tenant_id', '=', tenantId).$if(this.rowLocks, (query) => query.forUpdate()).executeTakeFirst();
      if (!row) return undefined;
      if (row.status === 'queued') {
        const error = { code: 'CANCELLED', category: 'system', retryable: false, message: 'Cancelled before it started' };
        await trx.updateTable('runs').set({ status: 'cancelled', ended_at: now, updated_at: now, error: toJsonText(error) }).where('id', '=', runId).execute();
      } else if (row.status === 'running') {
        await trx.updateTable('runs').set({ cancel_requested: 1, updated_at: now }).where('id', '=', runId).execute();
      }
      return rowToRun(await trx.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow());
    });
  }

  async requeueRun(tenantId: string, runId: string, now: string): Promise<RunRecord> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('runs').selectAll().where('id', '=', runId).where('tenant_id', '=', tenantId).$if(this.rowLocks, (query) => query.forUpdate()).executeTakeFirst();
      if (!row) throw new ConsultantError('NOT_FOUND', `Run ${runId} not found`);
      assertResumable(rowToRun(row), now);
      await trx
        .updateTable('runs')
        .set({ status: 'queued', cancel_requested: 0, error: null, ended_at: null, lease_owner: null, lease_expires_at: null, updated_at: now })
        .where('id', '=', runId)
        .execute();
      return rowToRun(await trx.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirstOrThrow());
    });
  }

  async reclaimExpired(now: string, limit: number): Promise<string[]> {
    return this.db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('runs').select('id').where('status', '=', 'running').where('lease_expires_at', '<=', now).orderBy('lease_expires_at').limit(limit).execute();
      const ids = rows.map((row) => row.id);
      if (ids.length === 0) return [];
      const updated = await trx
        .updateTable('runs')
        .set({ status: 'queued', lease_owner: null, lease_expires_at: null, updated_at: now })
        .where('id', 'in', ids)
        .where('status', '=', 'running')
        .where('lease_expires_at', '<=', now)
        .returning('id')
        .execute();
      const reclaimed = new Set(updated.map((row) => row.id));
      return ids.filter((id) => reclaimed.has(id));
    });
  }

  async listQueued(limit: number): Promise<QueuedRun[]> {
    const rows = await this.db.selectFrom('runs').select(['id', 'priority']).where('status', '=', 'queued').orderBy('priority', 'desc').orderBy('created_at').orderBy('id').limit(limit).execute();
    return rows.map((row) => ({ id: row.id, priority: Number(row.priority) }));
  }
}
