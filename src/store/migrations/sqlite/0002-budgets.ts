import { sql } from 'kysely';
import type { Migration } from '../migration.js';

/**
 * Token and cost budgets (BudgetStore). Amounts are integers — tokens and micro-dollars — so
 * concurrent reservations add up exactly; reservations are rows so a settle is idempotent and a
 * crashed holder's reservation can expire.
 */
export const budgets: Migration = {
  version: 2,
  name: 'budgets',
  async up(db) {
    const statements = [
      sql`CREATE TABLE budgets (
        key TEXT PRIMARY KEY,
        spent_tokens INTEGER NOT NULL DEFAULT 0,
        spent_micro_usd INTEGER NOT NULL DEFAULT 0,
        reserved_tokens INTEGER NOT NULL DEFAULT 0,
        reserved_micro_usd INTEGER NOT NULL DEFAULT 0,
        warned INTEGER NOT NULL DEFAULT 0,
        updated_at TEXT NOT NULL
      )`,
      sql`CREATE TABLE budget_reservations (
        budget_key TEXT NOT NULL,
        reservation_id TEXT NOT NULL,
        tokens INTEGER NOT NULL,
        micro_usd INTEGER NOT NULL,
        status TEXT NOT NULL,
        expires_at INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (budget_key, reservation_id)
      )`,
      sql`CREATE INDEX budget_reservations_expiry ON budget_reservations (budget_key, status, expires_at)`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
