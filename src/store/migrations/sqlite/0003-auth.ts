import { sql } from 'kysely';
import type { Migration } from '../migration.js';

/**
 * Tenants, users, memberships, API keys, sessions with rotating refresh tokens, and the audit
 * log. The audit log is append-only in the database itself: triggers refuse every UPDATE and
 * DELETE, so not even a bug in our code can rewrite history.
 */
export const auth: Migration = {
  version: 3,
  name: 'auth',
  async up(db) {
    const statements = [
      sql`CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        tier TEXT NOT NULL,
        created_at TEXT NOT NULL,
        disabled_at TEXT
      )`,
      sql`CREATE TABLE users (
        id TEXT PRIMARY KEY,
        email TEXT NOT NULL,
        name TEXT NOT NULL,
        password_hash TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        disabled_at TEXT
      )`,
      sql`CREATE UNIQUE INDEX users_email ON users (email)`,
      sql`CREATE TABLE memberships (
        tenant_id TEXT NOT NULL REFERENCES tenants (id),
        user_id TEXT NOT NULL REFERENCES users (id),
        role TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (tenant_id, user_id)
      )`,
      sql`CREATE INDEX memberships_user ON memberships (user_id)`,
      sql`CREATE TABLE api_keys (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants (id),
        user_id TEXT NOT NULL REFERENCES users (id),
        name TEXT NOT NULL,
        secret_hash TEXT NOT NULL,
        scopes TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT,
        last_used_at TEXT,
        revoked_at TEXT,
        replaced_by TEXT
      )`,
      sql`CREATE INDEX api_keys_tenant_created ON api_keys (tenant_id, created_at DESC, id DESC)`,
      sql`CREATE TABLE sessions (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL REFERENCES tenants (id),
        user_id TEXT NOT NULL REFERENCES users (id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        revoked_at TEXT,
        revoked_reason TEXT,
        ip TEXT,
        user_agent TEXT
      )`,
      sql`CREATE INDEX sessions_user ON sessions (user_id)`,
      sql`CREATE TABLE refresh_tokens (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL REFERENCES sessions (id),
        secret_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      )`,
      sql`CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id)`,
      sql`CREATE TABLE used_tokens (
        id TEXT PRIMARY KEY,
        expires_at TEXT NOT NULL
      )`,
      sql`CREATE INDEX used_tokens_expires ON used_tokens (expires_at)`,
      sql`CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        tenant_id TEXT NOT NULL,
        at TEXT NOT NULL,
        actor_type TEXT NOT NULL,
        actor_id TEXT,
        action TEXT NOT NULL,
        target_type TEXT,
        target_id TEXT,
        outcome TEXT NOT NULL,
        ip TEXT,
        user_agent TEXT,
        request_id TEXT,
        details TEXT
      )`,
      sql`CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC, id DESC)`,
      sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
      sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
