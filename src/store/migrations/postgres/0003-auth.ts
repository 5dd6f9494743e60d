import { sql } from 'kysely';
import type { Migration } from '../migration.js';

/**
 * The PostgreSQL twin of `sqlite/0003-auth.ts`: same tables, columns, keys and index names, TEXT
 * in the "C" collation (byte-wise, as SQLite compares). The audit log is append-only through a
 * trigger that raises on UPDATE and DELETE (TRUNCATE, an administrator's tool, is not a row change).
 */
export const auth: Migration = {
  version: 3,
  name: 'auth',
  async up(db) {
    const statements = [
      sql`CREATE TABLE tenants (
        id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT NOT NULL,
        tier TEXT COLLATE "C" NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        disabled_at TEXT COLLATE "C"
      )`,
      sql`CREATE TABLE users (
        id TEXT COLLATE "C" PRIMARY KEY,
        email TEXT COLLATE "C" NOT NULL,
        name TEXT NOT NULL,
        password_hash TEXT COLLATE "C",
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL,
        disabled_at TEXT COLLATE "C"
      )`,
      sql`CREATE UNIQUE INDEX users_email ON users (email)`,
      sql`CREATE TABLE memberships (
        tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
        user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
        role TEXT COLLATE "C" NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        updated_at TEXT COLLATE "C" NOT NULL,
        PRIMARY KEY (tenant_id, user_id)
      )`,
      sql`CREATE INDEX memberships_user ON memberships (user_id)`,
      sql`CREATE TABLE api_keys (
        id TEXT COLLATE "C" PRIMARY KEY,
        tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
        user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
        name TEXT NOT NULL,
        secret_hash TEXT COLLATE "C" NOT NULL,
        scopes TEXT NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C",
        last_used_at TEXT COLLATE "C",
        revoked_at TEXT COLLATE "C",
        replaced_by TEXT COLLATE "C"
      )`,
      sql`CREATE INDEX api_keys_tenant_created ON api_keys (tenant_id, created_at DESC, id DESC)`,
      sql`CREATE TABLE sessions (
        id TEXT COLLATE "C" PRIMARY KEY,
        tenant_id TEXT COLLATE "C" NOT NULL REFERENCES tenants (id),
        user_id TEXT COLLATE "C" NOT NULL REFERENCES users (id),
        created_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C" NOT NULL,
        revoked_at TEXT COLLATE "C",
        revoked_reason TEXT COLLATE "C",
        ip TEXT COLLATE "C",
        user_agent TEXT
      )`,
      sql`CREATE INDEX sessions_user ON sessions (user_id)`,
      sql`CREATE TABLE refresh_tokens (
        id TEXT COLLATE "C" PRIMARY KEY,
        session_id TEXT COLLATE "C" NOT NULL REFERENCES sessions (id),
        secret_hash TEXT COLLATE "C" NOT NULL,
        created_at TEXT COLLATE "C" NOT NULL,
        expires_at TEXT COLLATE "C" NOT NULL,
        used_at TEXT COLLATE "C"
      )`,
      sql`CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id)`,
      sql`CREATE TABLE used_tokens (
        id TEXT COLLATE "C" PRIMARY KEY,
        expires_at TEXT COLLATE "C" NOT NULL
      )`,
      sql`CREATE INDEX used_tokens_expires ON used_tokens (expires_at)`,
      sql`CREATE TABLE audit_log (
        id TEXT COLLATE "C" PRIMARY KEY,
        tenant_id TEXT COLLATE "C" NOT NULL,
        at TEXT COLLATE "C" NOT NULL,
        actor_type TEXT COLLATE "C" NOT NULL,
        actor_id TEXT COLLATE "C",
        action TEXT COLLATE "C" NOT NULL,
        target_type TEXT COLLATE "C",
        target_id TEXT COLLATE "C",
        outcome TEXT COLLATE "C" NOT NULL,
        ip TEXT COLLATE "C",
        user_agent TEXT,
        request_id TEXT COLLATE "C",
        details TEXT
      )`,
      sql`CREATE INDEX audit_log_tenant_at ON audit_log (tenant_id, at DESC, id DESC)`,
      sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'audit_log is append-only';
        END
      $$`,
      sql`CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
