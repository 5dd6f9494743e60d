import { type Kysely, type Transaction, sql } from 'kysely';
import { type Clock, systemClock } from '../../core/clock.js';
import {
  type BudgetAmount,
  type BudgetState,
  type BudgetStore,
  type ReserveDecision,
  type ReserveRequest,
  exceededCap,
  fromMicroUsd,
  toMicroUsd,
  toWholeTokens,
  warningThresholds,
} from '../../core/ports/budget-store.js';
import type { Database } from '../schema.js';

interface BudgetsTable {
  key: string;
  spent_tokens: number;
  spent_micro_usd: number;
  reserved_tokens: number;
  reserved_micro_usd: number;
  warned: number;
  updated_at: string;
}

interface BudgetReservationsTable {
  budget_key: string;
  reservation_id: string;
  tokens: number;
  micro_usd: number;
  /** reserved → settled, or reserved → expired → settled. */
  status: string;
  expires_at: number;
  created_at: string;
}

// A type alias, not an interface: `withTables` needs the implicit index signature.
type BudgetTables = {
  budgets: BudgetsTable;
  budget_reservations: BudgetReservationsTable;
};

type BudgetDatabase = Kysely<Database & BudgetTables> | Transaction<Database & BudgetTables>;

function stateOf(key: string, row: BudgetsTable | undefined): BudgetState {
  return {
    key,
    spent: { tokens: Number(row?.spent_tokens ?? 0), costUsd: fromMicroUsd(Number(row?.spent_micro_usd ?? 0)) },
    reserved: { tokens: Number(row?.reserved_tokens ?? 0), costUsd: fromMicroUsd(Number(row?.reserved_micro_usd ?? 0)) },
    warned: Number(row?.warned ?? 0) === 1,
  };
}

/**
 * Budgets in the database, shared by every process on it. Each transition is one short
 * transaction of conditional updates — `reserved = reserved + n WHERE spent + reserved + n <= cap`,
 * `status = 'settled' WHERE status = 'reserved'` — which stay atomic under SQLite's single writer
 * and under PostgreSQL's row locks alike, so no read-then-write race can pass a cap.
 */
export class SqlBudgetStore implements BudgetStore {
  private readonly db: Kysely<Database & BudgetTables>;

  constructor(
    db: Kysely<Database>,
    private readonly clock: Clock = systemClock,
  ) {
    this.db = db.withTables<BudgetTables>();
  }

  private now(): Date {
    return this.clock.now();
  }

  private async read(db: BudgetDatabase, key: string): Promise<BudgetState> {
    return stateOf(key, await db.selectFrom('budgets').selectAll().where('key', '=', key).executeTakeFirst());
  }

  /** Releases reservations whose holder never settled them; only rows this call flips are subtracted. */
  private async sweep(trx: BudgetDatabase, key: string): Promise<void> {
    const expired = await trx
      .updateTable('budget_reservations')
      .set({ status: 'expired' })
      .where('budget_key', '=', key)
      .where('status', '=', 'reserved')
      .where('expires_at', '<=', this.now().getTime())
      .returning(['tokens', 'micro_usd'])
      .execute();
    if (expired.length === 0) return;
    const tokens = expired.reduce((sum, row) => sum + Number(row.tokens), 0);
    const micro = expired.reduce((sum, row) => sum + Number(row.micro_usd), 0);
    await trx
      .updateTable('budgets')
      .set({ reserved_tokens: sql`reserved_tokens - ${tokens}`, reserved_micro_usd: sql`reserved_micro_usd - ${micro}`, updated_at: this.now().toISOString() })
      .where('key', '=', key)
      .execute();
  }

  async reserve(request: ReserveRequest): Promise<ReserveDecision> {
    const tokens = toWholeTokens(request.amount.tokens);
    const micro = toMicroUsd(request.amount.costUsd);
    const now = this.now();
    return this.db.transaction().execute(async (trx): Promise<ReserveDecision> => {
      await trx.insertInto('budgets').values({ key: request.key, spent_tokens: 0, spent_micro_usd: 0, reserved_tokens: 0, reserved_micro_usd: 0, warned: 0, updated_at: now.toISOString() }).onConflict((conflict) => conflict.column('key').doNothing()).execute();
      const existing = await trx.selectFrom('budget_reservations').select('status').where('budget_key', '=', request.key).where('reservation_id', '=', request.reservationId).executeTakeFirst();
      if (existing) return { allowed: true, state: await this.read(trx, request.key), warning: false };
      await this.sweep(trx, request.key);
      let update = trx
        .updateTable('budgets')
        .set({ reserved_tokens: sql`reserved_tokens + ${tokens}`, reserved_micro_usd: sql`reserved_micro_usd + ${micro}`, updated_at: now.toISOString() })
        .where('key', '=', request.key);
      if (request.limits.maxTokens !== undefined) update = update.where(sql<boolean>`spent_tokens + reserved_tokens + ${tokens} <= ${toWholeTokens(request.limits.maxTokens)}`);
      if (request.limits.maxCostUsd !== undefined) update = update.where(sql<boolean>`spent_micro_usd + reserved_micro_usd + ${micro} <= ${toMicroUsd(request.limits.maxCostUsd)}`);
      const updated = await update.executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) {
        const state = await this.read(trx, request.key);
        const committed = { tokens: state.spent.tokens + state.reserved.tokens + tokens, microUsd: toMicroUsd(state.spent.costUsd) + toMicroUsd(state.reserved.costUsd) + micro };
        return { allowed: false, state, exceeded: exceededCap(committed, request.limits) ?? 'tokens' };
      }
      await trx.insertInto('budget_reservations').values({ budget_key: request.key, reservation_id: request.reservationId, tokens, micro_usd: micro, status: 'reserved', expires_at: now.getTime() + request.ttlMs, created_at: now.toISOString() }).execute();
      // The warning flips once: only the update that changes `warned` from 0 reports it.
      const thresholds = warningThresholds(request.limits, request.warnFraction);
      const crossing = [
        ...(thresholds.tokens !== undefined ? [sql<boolean>`spent_tokens + reserved_tokens >= ${thresholds.tokens}`] : []),
        ...(thresholds.microUsd !== undefined ? [sql<boolean>`spent_micro_usd + reserved_micro_usd >= ${thresholds.microUsd}`] : []),
      ];
      let warning = false;
      if (crossing.length > 0) {
        const flipped = await trx
          .updateTable('budgets')
          .set({ warned: 1 })
          .where('key', '=', request.key)
          .where('warned', '=', 0)
          .where((expression) => expression.or(crossing))
          .executeTakeFirst();
        warning = Number(flipped.numUpdatedRows) === 1;
      }
      return { allowed: true, state: await this.read(trx, request.key), warning };
    });
  }

  async settle(key: string, reservationId: string, actual: BudgetAmount): Promise<BudgetState> {
    const tokens = toWholeTokens(actual.tokens);
    const micro = toMicroUsd(actual.costUsd);
    const now = this.now();
    return this.db.transaction().execute(async (trx) => {
      await trx.insertInto('budgets').values({ key, spent_tokens: 0, spent_micro_usd: 0, reserved_tokens: 0, reserved_micro_usd: 0, warned: 0, updated_at: now.toISOString() }).onConflict((conflict) => conflict.column('key').doNothing()).execute();
      const held = await trx
        .updateTable('budget_reservations')
        .set({ status: 'settled' })
        .where('budget_key', '=', key)
        .where('reservation_id', '=', reservationId)
        .where('status', '=', 'reserved')
        .returning(['tokens', 'micro_usd'])
        .executeTakeFirst();
      let release = { tokens: 0, micro: 0 };
      if (held) {
        release = { tokens: Number(held.tokens), micro: Number(held.micro_usd) };
      } else {
        const expired = await trx.updateTable('budget_reservations').set({ status: 'settled' }).where('budget_key', '=', key).where('reservation_id', '=', reservationId).where('status', '=', 'expired').executeTakeFirst();
        if (Number(expired.numUpdatedRows) === 0) {
          const known = await trx.selectFrom('budget_reservations').select('status').where('budget_key', '=', key).where('reservation_id', '=', reservationId).executeTakeFirst();
          // Already settled: a retried settle changes nothing.
          if (known) return this.read(trx, key);
          await trx.insertInto('budget_reservations').values({ budget_key: key, reservation_id: reservationId, tokens: 0, micro_usd: 0, status: 'settled', expires_at: 0, created_at: now.toISOString() }).execute();
        }
      }
      await trx
        .updateTable('budgets')
        .set({
          reserved_tokens: sql`reserved_tokens - ${release.tokens}`,
          reserved_micro_usd: sql`reserved_micro_usd - ${release.micro}`,
          spent_tokens: sql`spent_tokens + ${tokens}`,
          spent_micro_usd: sql`spent_micro_usd + ${micro}`,
          updated_at: now.toISOString(),
        })
        .where('key', '=', key)
        .execute();
      return this.read(trx, key);
    });
  }

  async get(key: string): Promise<BudgetState> {
    const state = await this.read(this.db, key);
    if (state.reserved.tokens === 0 && state.reserved.costUsd === 0) return state;
    // Expiry is applied lazily: a read that sees reservations releases the stale ones first.
    return this.db.transaction().execute(async (trx) => {
      await this.sweep(trx, key);
      return this.read(trx, key);
    });
  }
}
