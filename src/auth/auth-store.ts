import type { Page } from '../core/ports/run-store.js';
import type { ApiKeyRecord, AuditEntry, Member, Membership, NewAuditEntry, RefreshTokenRecord, Session, Tenant, TierName, User } from './model.js';
import type { Role } from './roles.js';

export interface NewUser {
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  createdAt: string;
}

/**
 * Tenants, users and their memberships. Users are global (one login, many tenants); what a
 * user may see is decided per tenant by the membership's role. Every method is one short
 * transaction; `changeRole` and `removeMember` refuse to leave a tenant without an owner.
 */
export interface IdentityStore {
  createTenant(tenant: Tenant): Promise<Tenant>;
  getTenant(id: string): Promise<Tenant | undefined>;
  listTenants(): Promise<Tenant[]>;
  updateTenant(id: string, change: { name?: string; tier?: TierName; disabledAt?: string | null }): Promise<Tenant | undefined>;
  countTenants(): Promise<number>;

  createUser(user: NewUser): Promise<User>;
  getUser(id: string): Promise<User | undefined>;
  /** With the password hash: for login only. */
  findUserByEmail(email: string): Promise<(User & { passwordHash: string | null }) | undefined>;
  setPassword(userId: string, passwordHash: string, now: string): Promise<void>;
  setUserDisabled(userId: string, disabledAt: string | null): Promise<void>;

  addMember(membership: Membership): Promise<Membership>;
  getMembership(tenantId: string, userId: string): Promise<Membership | undefined>;
  /**
   * What a user may do in a tenant, in one lookup (every authenticated request asks): the
   * tenant's tier and the member's role, or `undefined` when the tenant or the user is disabled
   * or the user is not a member.
   */
  getAccess(tenantId: string, userId: string): Promise<{ tier: TierName; role: Role } | undefined>;
  /** Every tenant the user belongs to, oldest membership first. */
  listMemberships(userId: string): Promise<Membership[]>;
  listMembers(tenantId: string): Promise<Member[]>;
  /** `undefined` when there is no such member; INVALID_STATE when it would remove the last owner. */
  changeRole(tenantId: string, userId: string, role: Role, now: string): Promise<Membership | undefined>;
  /** Removes the membership and revokes the user's keys and sessions in that tenant. */
  removeMember(tenantId: string, userId: string, now: string): Promise<boolean>;
}

export interface NewApiKey {
  record: ApiKeyRecord;
  secretHash: string;
}

/**
 * API keys, stored as a SHA-256 of their secret. Rotation inserts the successor and shortens
 * the old key's life to the overlap in one transaction, so there is never a moment with
 * neither key valid.
 */
export interface ApiKeyStore {
  insertKey(key: NewApiKey): Promise<ApiKeyRecord>;
  /** Unscoped, for authentication only: the caller proves possession with the secret. */
  loadKeyForAuthentication(id: string): Promise<(ApiKeyRecord & { secretHash: string }) | undefined>;
  getKey(tenantId: string, id: string): Promise<ApiKeyRecord | undefined>;
  listKeys(tenantId: string, filter?: { userId?: string }): Promise<ApiKeyRecord[]>;
  /** `false` when there is no such live key in the tenant. */
  revokeKey(tenantId: string, id: string, now: string): Promise<boolean>;
  /**
   * Inserts `successor` and makes `id` expire at `oldExpiresAt` (never later than it already
   * would). `undefined` when `id` is not a live, not yet rotated key of the tenant.
   */
  rotateKey(tenantId: string, id: string, successor: NewApiKey, oldExpiresAt: string): Promise<ApiKeyRecord | undefined>;
  /** Records use; writes at most once per `minimumIntervalMs` per key. */
  touchKey(id: string, now: string, minimumIntervalMs: number): Promise<void>;
}

/**
 * Dashboard sessions: a session is a refresh-token family. Exchanging a refresh token marks it
 * used and issues the next one in one transaction; a used token presented again means it was
 * stolen, and the whole family is revoked.
 */
export interface SessionStore {
  createSession(session: Session & { ip: string | null; userAgent: string | null }, firstToken: RefreshTokenRecord): Promise<void>;
  getSession(id: string): Promise<Session | undefined>;
  revokeSession(id: string, reason: string, now: string): Promise<boolean>;
  revokeUserSessions(userId: string, reason: string, now: string): Promise<number>;
  getRefreshToken(id: string): Promise<RefreshTokenRecord | undefined>;
  /** `rotated` with the successor stored, or `reused` when the token had already been exchanged. */
  exchangeRefreshToken(id: string, successor: RefreshTokenRecord, now: string): Promise<'rotated' | 'reused'>;
  /** Spends a single-use token id: `true` the first time, `false` ever after (until it expires). */
  spendTokenId(id: string, expiresAt: string, now: string): Promise<boolean>;
}

export interface AuditQuery {
  limit: number;
  cursor?: string;
  action?: string;
  actorId?: string;
  targetId?: string;
  since?: string;
  until?: string;
}

/** The append-only audit log: entries can be added and read, never changed (the database enforces it). */
export interface AuditLog {
  append(entry: NewAuditEntry): Promise<AuditEntry>;
  /** Newest first, tenant-scoped, keyset-paginated. */
  list(tenantId: string, query: AuditQuery): Promise<Page<AuditEntry>>;
}
