import { sql } from 'kysely';
import type { Migration } from '../migration.js';

export const initial: Migration = {
  version: 1,
  name: 'initial',
  async up(db) {
    const statements = [
      sql`CREATE TABLE runs (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        workflow TEXT NOT NULL,
        workflow_version INTEGER NOT NULL,
        status TEXT NOT NULL,
        input TEXT NOT NULL,
        plan TEXT NOT NULL,
        priority INTEGER NOT NULL DEFAULT 0,
        idempotency_key TEXT,
        cancel_requested INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        started_at TEXT,
        ended_at TEXT,
        lease_owner TEXT,
        lease_expires_at TEXT,
        lease_generation INTEGER NOT NULL DEFAULT 0,
        event_seq INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        result TEXT
      )`,
      sql`CREATE UNIQUE INDEX runs_tenant_idempotency ON runs (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL`,
      sql`CREATE INDEX runs_tenant_created ON runs (tenant_id, created_at DESC, id DESC)`,
      sql`CREATE INDEX runs_status_lease ON runs (status, lease_expires_at)`,
      sql`CREATE TABLE step_attempts (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        step_id TEXT NOT NULL,
        attempt INTEGER NOT NULL,
        generation INTEGER NOT NULL,
        worker TEXT NOT NULL,
        status TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        output TEXT,
        error TEXT,
        usage TEXT,
        PRIMARY KEY (run_id, step_id, attempt)
      )`,
      sql`CREATE TABLE run_events (
        run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        type TEXT NOT NULL,
        at TEXT NOT NULL,
        step_id TEXT,
        data TEXT NOT NULL,
        PRIMARY KEY (run_id, seq)
      )`,
      sql`CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        run_id TEXT NOT NULL,
        company_key TEXT NOT NULL,
        company_name TEXT NOT NULL,
        version INTEGER NOT NULL,
        status TEXT NOT NULL,
        frameworks TEXT NOT NULL,
        created_at TEXT NOT NULL,
        quality_overall REAL NOT NULL,
        confidence_score REAL NOT NULL,
        body TEXT NOT NULL
      )`,
      sql`CREATE UNIQUE INDEX reports_tenant_run ON reports (tenant_id, run_id)`,
      sql`CREATE UNIQUE INDEX reports_tenant_company_version ON reports (tenant_id, company_key, version)`,
      sql`CREATE INDEX reports_tenant_created ON reports (tenant_id, created_at DESC, id DESC)`,
      sql`CREATE TABLE evidence (
        run_id TEXT NOT NULL,
        evidence_id TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        body TEXT NOT NULL,
        PRIMARY KEY (run_id, evidence_id)
      )`,
      sql`CREATE INDEX evidence_run_position ON evidence (run_id, position)`,
      sql`CREATE TABLE cache_entries (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        expires_at INTEGER NOT NULL
      )`,
      sql`CREATE INDEX cache_entries_expires ON cache_entries (expires_at)`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
