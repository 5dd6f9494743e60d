import { sql } from 'kysely';
import type { Migration } from '../migration.js';

export const reportShares: Migration = {
  version: 4,
  name: 'report-shares',
  async up(db) {
    await sql`CREATE TABLE report_shares (
      id TEXT PRIMARY KEY,
      tenant_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      created_by TEXT NOT NULL,
      created_at TEXT NOT NULL,
      expires_at TEXT NOT NULL,
      revoked_at TEXT
    )`.execute(db);
    await sql`CREATE INDEX report_shares_report ON report_shares (tenant_id, report_id)`.execute(db);
  },
};
