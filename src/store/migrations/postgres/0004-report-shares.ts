import { sql } from 'kysely';
import type { Migration } from '../migration.js';

/** The PostgreSQL twin of `sqlite/0004-report-shares.ts`. */
export const reportShares: Migration = {
  version: 4,
  name: 'report-shares',
  async up(db) {
    await sql`CREATE TABLE report_shares (
      id TEXT COLLATE "C" PRIMARY KEY,
      tenant_id TEXT COLLATE "C" NOT NULL,
      report_id TEXT COLLATE "C" NOT NULL,
      created_by TEXT COLLATE "C" NOT NULL,
      created_at TEXT COLLATE "C" NOT NULL,
      expires_at TEXT COLLATE "C" NOT NULL,
      revoked_at TEXT COLLATE "C"
    )`.execute(db);
    await sql`CREATE INDEX report_shares_report ON report_shares (tenant_id, report_id)`.execute(db);
  },
};
