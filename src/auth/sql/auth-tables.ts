import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../store/schema.js';

/** Row shapes of migration 0003 (`auth`). Timestamps are ISO-8601 UTC text, JSON is text (ADR 0003). */
export interface TenantsTable {
  id: string;
  name: string;
  tier: string;
  created_at: string;
  disabled_at: string | null;
}

export interface UsersTable {
  id: string;
  /** Lower-cased; unique across the installation. */
  email: string;
  name: string;
  /** argon2id PHC string; null until a password is set (the bootstrap owner uses keys). */
  password_hash: string | null;
  created_at: string;
  updated_at: string;
  disabled_at: string | null;
}

export interface MembershipsTable {
  tenant_id: string;
  user_id: string;
  role: string;
  created_at: string;
  updated_at: string;
}

export interface ApiKeysTable {
  id: string;
  tenant_id: string;
  user_id: string;
  name: string;
  secret_hash: string;
  /** JSON array of permissions, or `["*"]`. */
  scopes: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  /** Set on rotation: the key that replaces this one (which stays valid until `expires_at`). */
  replaced_by: string | null;
}

export interface SessionsTable {
  /** The refresh-token family: every rotation of one login shares it. */
  id: string;
  tenant_id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface RefreshTokensTable {
  id: string;
  session_id: string;
  secret_hash: string;
  created_at: string;
  expires_at: string;
  /** Set when exchanged; presenting a used token again is reuse and revokes the session. */
  used_at: string | null;
}

/** Ids of single-use tokens already spent, kept until the token would have expired anyway. */
export interface UsedTokensTable {
  id: string;
  expires_at: string;
}

export interface AuditLogTable {
  id: string;
  tenant_id: string;
  at: string;
  actor_type: string;
  actor_id: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  outcome: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  details: string | null;
}

// A type alias, not an interface: `withTables` needs the implicit index signature.
export type AuthTables = {
  tenants: TenantsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  api_keys: ApiKeysTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  used_tokens: UsedTokensTable;
  audit_log: AuditLogTable;
};

export type AuthDatabase = Kysely<Database & AuthTables>;
export type AuthExecutor = Kysely<Database & AuthTables> | Transaction<Database & AuthTables>;

export function authDatabase(db: Kysely<Database>): AuthDatabase {
  return db.withTables<AuthTables>();
}
