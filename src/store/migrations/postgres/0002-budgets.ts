import { sql } from 'kysely';
import type { Migration } from '../migration.js';

/**
 * The PostgreSQL twin of `sqlite/0002-budgets.ts`. Amounts are BIGINT: micro-dollars pass
 * INTEGER's 2^31 at about $2,147, and SQLite's INTEGER is 64-bit already.
 */
export const budgets: Migration = {
  version: 2,
  name: 'budgets',
  async up(db) {
    const statements = [
      sql`CREATE TABLE budgets (
        key TEXT COLLATE "C" PRIMARY KEY,
        spent_tokens BIGINT NOT NULL DEFAULT 0,
        spent_micro_usd BIGINT NOT NULL DEFAULT 0,
        reserved_tokens BIGINT NOT NULL DEFAULT 0,
        reserved_micro_usd BIGINT NOT NULL DEFAULT 0,
        warned SMALLINT NOT NULL DEFAULT 0,
        updated_at TEXT COLLATE "C" NOT NULL
      )`,
      sql`CREATE TABLE budget_reservations (
        budget_key TEXT COLLATE "C" NOT NULL,
        reservation_id TEXT COLLATE "C" NOT NULL,
        tokens BIGINT NOT NULL,
        micro_usd BIGINT NOT NULL,
        status TEXT COLLATE "C" NOT NULL,
        expires_at BIGINT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (budget_key, reservation_id)
      )`,
      sql`CREATE INDEX budget_reservations_expiry ON budget_reservations (budget_key, status, expires_at)`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
