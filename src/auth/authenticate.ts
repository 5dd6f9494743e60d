import { parseApiKey } from './api-key-format.js';
import type { Principal } from './principal.js';
import { type Permission, effectivePermissions } from './roles.js';
import { digestsEqual, hashSecret } from './secrets.js';
import type { SecurityServices } from './security-services.js';

/** `last_used_at` is written at most this often per key, so authentication is not a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * The principal of a user in a tenant, or `undefined` when the tenant or the user is disabled or
 * the membership is gone: revoking access takes effect on the next request, whatever the
 * credential.
 */
async function principalFor(services: SecurityServices, tenantId: string, userId: string, scopes: readonly string[] | null, base: Pick<Principal, 'via' | 'fromCookie'> & Partial<Principal>): Promise<Principal | undefined> {
  const access = await services.identities.getAccess(tenantId, userId);
  if (!access) return undefined;
  return { ...base, tenantId, tier: access.tier, userId, role: access.role, permissions: effectivePermissions(access.role, scopes) };
}

export async function authenticateApiKey(services: SecurityServices, presented: string): Promise<Principal | undefined> {
  const parsed = parseApiKey(presented);
  if (!parsed) return undefined;
  const key = await services.keys.loadKeyForAuthentication(parsed.id);
  // Hash and compare even for unknown ids, so timing does not reveal which key ids exist.
  const matches = digestsEqual(key?.secretHash ?? '0'.repeat(64), hashSecret(parsed.secret));
  if (!key || !matches || key.revokedAt !== null) return undefined;
  const now = services.clock.now();
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= now.getTime()) return undefined;
  const principal = await principalFor(services, key.tenantId, key.userId, key.scopes, { via: 'api-key', keyId: key.id, fromCookie: false });
  // The loaded record says when the key was last marked used: skip the write while that is recent.
  const touchedRecently = key.lastUsedAt !== null && now.getTime() - Date.parse(key.lastUsedAt) < TOUCH_INTERVAL_MS;
  if (principal && !touchedRecently) await services.keys.touchKey(key.id, now.toISOString(), TOUCH_INTERVAL_MS);
  return principal;
}

/** A session access token (Authorization: Bearer, or the dashboard's cookie). */
export async function authenticateAccessToken(services: SecurityServices, token: string, fromCookie: boolean): Promise<Principal | undefined> {
  const claims = await services.tokens.verify('access', token);
  if (!claims) return undefined;
  const session = await services.sessions.getSession(claims.ref);
  // Logout and refresh-token reuse revoke the session: its access tokens die with it.
  if (!session || session.revokedAt !== null || session.userId !== claims.sub || session.tenantId !== claims.tid) return undefined;
  if (Date.parse(session.expiresAt) <= services.clock.now().getTime()) return undefined;
  return principalFor(services, claims.tid, claims.sub, null, { via: 'session', sessionId: session.id, fromCookie });
}

const SCOPED: Record<'runEvents' | 'reportDownload', { via: Principal['via']; permission: Permission }> = {
  runEvents: { via: 'run-events-token', permission: 'runs:read' },
  reportDownload: { via: 'report-download-token', permission: 'reports:export' },
};

/**
 * A token minted for one run's events or one report's export. It opens that resource only,
 * with that one permission, and only while its user still holds the permission. Download
 * tokens are single use: the first request consumes the token id.
 */
export async function authenticateScopedToken(services: SecurityServices, kind: 'runEvents' | 'reportDownload', token: string, resourceId: string): Promise<Principal | undefined> {
  const claims = await services.tokens.verify(kind, token);
  if (!claims || claims.ref !== resourceId) return undefined;
  const { via, permission } = SCOPED[kind];
  const principal = await principalFor(services, claims.tid, claims.sub, null, { via, resourceId, fromCookie: false });
  if (!principal || !principal.permissions.has(permission)) return undefined;
  if (kind === 'reportDownload') {
    if (!claims.jti) return undefined;
    const spent = await services.sessions.spendTokenId(claims.jti, new Date(claims.exp * 1000).toISOString(), services.clock.now().toISOString());
    if (!spent) return undefined;
  }
  return { ...principal, permissions: new Set([permission]) };
}
