import { sql } from 'kysely';
import type { Migration } from '../migration.js';

/**
 * The PostgreSQL twin of `sqlite/0001-initial.ts`: same tables, columns, keys and index names.
 * Every TEXT column uses the "C" collation so ordering and comparisons are byte-wise exactly as
 * in SQLite (ids, ISO timestamps and cursors sort the same whatever the server's locale).
 * Counters that only grow are BIGINT; `pg` hands them back as numbers (`pg-types.ts`).
 */
export const initial: Migration = {
  version: 1,
  name: 'initial',
  async up(db) {
    const statements = [
      sql`CREATE TABLE runs (
        id TEXT COLLATE "C" PRIMARY KEY,
        tenant_id TEXT COLLATE "C" NOT NULL,
        workflow TEXT COLLATE "C" NOT NULL,
        workflow_version INTEGER NOT NULL,
        status TEXT COLLATE "C" NOT NULL,
        input TEXT NOT NULL,
        plan TEXT NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0,
        idempotency_key TEXT COLLATE "C",
        cancel_requested SMALLINT NOT NULL DEFAULT 0,
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL,
        started_at TEXT COLLATE "C",
        ended_at TEXT COLLATE "C",
        lease_owner TEXT COLLATE "C",
        lease_expires_at TEXT COLLATE "C",
        lease_generation BIGINT NOT NULL DEFAULT 0,
        event_seq BIGINT NOT NULL DEFAULT 0,
        error TEXT,
        result TEXT
      )`,
      sql`CREATE UNIQUE INDEX runs_tenant_idempotency ON runs (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
      sql`CREATE INDEX runs_tenant_created ON runs (tenant_id, created_at DESC, id DESC)`,
      sql`CREATE INDEX runs_status_lease ON runs (status, lease_expires_at)`,
      sql`CREATE TABLE step_attempts (
        run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        step_id TEXT COLLATE "C" NOT NULL,
        attempt INTEGER NOT NULL,
        generation BIGINT NOT NULL,
        worker TEXT COLLATE "C" NOT NULL,
        status TEXT COLLATE "C" NOT NULL,
        started_at TEXT COLLATE "C" NOT NULL,
        ended_at TEXT COLLATE "C",
        output TEXT,
        error TEXT,
        usage TEXT,
        PRIMARY KEY (run_id, step_id, attempt)
      )`,
      sql`CREATE TABLE run_events (
        run_id TEXT COLLATE "C" NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq BIGINT NOT NULL,
        type TEXT COLLATE "C" NOT NULL,
        at TEXT COLLATE "C" NOT NULL,
        step_id TEXT COLLATE "C",
        data TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      )`,
      sql`CREATE TABLE reports (
        id TEXT COLLATE "C" PRIMARY KEY,
        tenant_id TEXT COLLATE "C" NOT NULL,
        run_id TEXT COLLATE "C" NOT NULL,
        company_key TEXT COLLATE "C" NOT NULL,
        company_name TEXT COLLATE "C" NOT NULL,
        version INTEGER NOT NULL,
        status TEXT COLLATE "C" NOT NULL,
        frameworks TEXT COLLATE "C" NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        quality_overall DOUBLE PRECISION NOT NULL,
        confidence_score DOUBLE PRECISION NOT NULL,
        body TEXT NOT NULL
      )`,
      sql`CREATE UNIQUE INDEX reports_tenant_run ON reports (tenant_id, run_id)`,
      sql`CREATE UNIQUE INDEX reports_tenant_company_version ON reports (tenant_id, company_key, version)`,
      sql`CREATE INDEX reports_tenant_created ON reports (tenant_id, created_at DESC, id DESC)`,
      sql`CREATE TABLE evidence (
        run_id TEXT COLLATE "C" NOT NULL,
        evidence_id TEXT COLLATE "C" NOT NULL,
        tenant_id TEXT COLLATE "C" NOT NULL,
        position INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (run_id, evidence_id)
      )`,
      sql`CREATE INDEX evidence_run_position ON evidence (run_id, position)`,
      sql`CREATE TABLE cache_entries (
        key TEXT COLLATE "C" PRIMARY KEY,
        value TEXT NOT NULL,
        expires_at BIGINT NOT NULL
      )`,
      sql`CREATE INDEX cache_entries_expires ON cache_entries (expires_at)`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
