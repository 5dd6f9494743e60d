import { createHash } from 'node:crypto';
import { newId } from '../core/ids.js';
import type { RateLimitDecision } from '../core/ports/rate-limit-store.js';
import type { RefreshTokenRecord } from './model.js';
import { verifyPassword } from './passwords.js';
import { SecurityError, unauthenticated } from './security-errors.js';
import { digestsEqual, hashSecret, randomSecret, signValue } from './secrets.js';
import type { SecurityServices } from './security-services.js';

/** Audit entries that belong to no tenant (a login with an unknown email). */
export const INSTALLATION_TENANT = '*';

export interface RequestOrigin {
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
}

export interface IssuedSession {
  sessionId: string;
  tenantId: string;
  userId: string;
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  csrfToken: string;
}

const REFRESH_TOKEN = /^(rft_[0-9A-HJKMNP-TV-Z]{26})\.([A-Za-z0-9_-]{43})$/;
const REFRESH_TOKEN_LENGTH = 4 + 26 + 1 + 43;

/** The CSRF token of a session: an HMAC of its id, so nothing needs storing and a cookie planted by a sibling domain cannot match. */
export function csrfTokenFor(services: SecurityServices, sessionId: string): string {
  return signValue(services.tokenSecret, 'csrf', sessionId);
}

export function csrfTokenMatches(services: SecurityServices, sessionId: string, presented: string): boolean {
  return presented.length <= 128 && digestsEqual(csrfTokenFor(services, sessionId), presented);
}

function newRefreshToken(sessionId: string, createdAt: Date, ttlMs: number): { record: RefreshTokenRecord; token: string } {
  const id = newId('rft', createdAt.getTime());
  const secret = randomSecret();
  return {
    record: { id, sessionId, secretHash: hashSecret(secret), createdAt: createdAt.toISOString(), expiresAt: new Date(createdAt.getTime() + ttlMs).toISOString(), usedAt: null },
    token: `${id}.${secret}`,
  };
}

function retryAfter(decision: RateLimitDecision): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(decision.resetMs / 1000))) };
}

async function issue(services: SecurityServices, session: { id: string; tenantId: string; userId: string; expiresAt: string }, refresh: { record: RefreshTokenRecord; token: string }): Promise<IssuedSession> {
  const ttl = Math.min(services.config.accessTokenTtlMs, Date.parse(session.expiresAt) - services.clock.now().getTime());
  const access = await services.tokens.sign('access', { sub: session.userId, tid: session.tenantId, ref: session.id }, Math.max(1_000, ttl));
  const refreshExpiresAt = refresh.record.expiresAt < session.expiresAt ? refresh.record.expiresAt : session.expiresAt;
  return {
    sessionId: session.id,
    tenantId: session.tenantId,
    userId: session.userId,
    accessToken: access.token,
    accessTokenExpiresAt: access.expiresAt,
    refreshToken: refresh.token,
    refreshTokenExpiresAt: refreshExpiresAt,
    csrfToken: csrfTokenFor(services, session.id),
  };
}

/**
 * Signs a user in. Failures are counted per account and per address and, past the limit,
 * refused before the password is even checked; every outcome is audited. The answer to a wrong
 * email, a wrong password, a disabled user or a foreign tenant is the same.
 */
export async function login(services: SecurityServices, input: { email: string; password: string; tenantId?: string }, origin: RequestOrigin): Promise<IssuedSession> {
  const { config, limits } = services;
  const email = input.email.trim().toLowerCase();
  const accountKey = `login:account:${createHash('sha256').update(email).digest('hex').slice(0, 32)}`;
  const addressKey = `login:address:${origin.ip ?? 'unknown'}`;
  for (const key of [accountKey, addressKey]) {
    const peek = await limits.consume(key, 0, config.loginAttemptsPerWindow, config.loginWindowMs);
    if (peek.remaining <= 0) throw new SecurityError('RATE_LIMITED', 'Too many failed sign-in attempts; try again later', retryAfter(peek));
  }
  const user = await services.identities.findUserByEmail(email);
  const passwordOk = await verifyPassword(user?.passwordHash, input.password);
  const memberships = user ? await services.identities.listMemberships(user.id) : [];
  const membership = input.tenantId ? memberships.find((candidate) => candidate.tenantId === input.tenantId) : memberships[0];
  const tenant = membership ? await services.identities.getTenant(membership.tenantId) : undefined;
  const auditBase = { actorType: 'user' as const, actorId: user?.id ?? null, targetType: 'user', targetId: user?.id ?? null, ip: origin.ip, userAgent: origin.userAgent, requestId: origin.requestId };
  if (!user || !passwordOk || user.disabledAt !== null || !membership || !tenant || tenant.disabledAt !== null) {
    await Promise.all([limits.consume(accountKey, 1, config.loginAttemptsPerWindow, config.loginWindowMs), limits.consume(addressKey, 1, config.loginAttemptsPerWindow, config.loginWindowMs)]);
    const reason = !user ? 'unknown-user' : !passwordOk ? 'wrong-password' : user.disabledAt !== null ? 'user-disabled' : !membership ? 'no-membership' : 'tenant-disabled';
    await services.audit.append({ ...auditBase, tenantId: membership?.tenantId ?? memberships[0]?.tenantId ?? INSTALLATION_TENANT, action: 'auth.login', outcome: 'failure', details: { reason } });
    throw new SecurityError('INVALID_CREDENTIALS', 'The email or password is wrong');
  }
  const now = services.clock.now();
  const session = { id: newId('ses', now.getTime()), tenantId: membership.tenantId, userId: user.id, createdAt: now.toISOString(), expiresAt: new Date(now.getTime() + config.sessionMaxAgeMs).toISOString(), revokedAt: null, revokedReason: null };
  const refresh = newRefreshToken(session.id, now, config.refreshTokenTtlMs);
  await services.sessions.createSession({ ...session, ip: origin.ip, userAgent: origin.userAgent?.slice(0, 512) ?? null }, refresh.record);
  await services.audit.append({ ...auditBase, tenantId: membership.tenantId, action: 'auth.login', outcome: 'success', details: { sessionId: session.id } });
  return issue(services, session, refresh);
}

/**
 * Exchanges a refresh token for a new access token and the next refresh token. A token that
 * was already exchanged is evidence of theft: the whole session is revoked and audited.
 */
export async function refresh(services: SecurityServices, presented: string, origin: RequestOrigin): Promise<IssuedSession> {
  const match = presented.length === REFRESH_TOKEN_LENGTH ? REFRESH_TOKEN.exec(presented) : null;
  if (!match) throw unauthenticated('The refresh token is not valid');
  const stored = await services.sessions.getRefreshToken(match[1]!);
  if (!stored || !digestsEqual(stored.secretHash, hashSecret(match[2]!))) throw unauthenticated('The refresh token is not valid');
  const session = await services.sessions.getSession(stored.sessionId);
  const now = services.clock.now();
  if (!session || session.revokedAt !== null || Date.parse(session.expiresAt) <= now.getTime()) throw unauthenticated('The session has ended; sign in again');
  const audit = { tenantId: session.tenantId, actorType: 'user' as const, actorId: session.userId, targetType: 'session', targetId: session.id, ip: origin.ip, userAgent: origin.userAgent, requestId: origin.requestId };
  const reuse = async (): Promise<never> => {
    await services.sessions.revokeSession(session.id, 'refresh-token-reuse', now.toISOString());
    await services.audit.append({ ...audit, action: 'auth.refresh-reuse', outcome: 'denied', details: { refreshTokenId: stored.id } });
    throw unauthenticated('The refresh token was already used; the session has been revoked');
  };
  if (stored.usedAt !== null) return reuse();
  if (Date.parse(stored.expiresAt) <= now.getTime()) throw unauthenticated('The refresh token has expired; sign in again');
  const next = newRefreshToken(session.id, now, services.config.refreshTokenTtlMs);
  const outcome = await services.sessions.exchangeRefreshToken(stored.id, next.record, now.toISOString());
  if (outcome === 'reused') return reuse();
  const tenant = await services.identities.getTenant(session.tenantId);
  const membership = await services.identities.getMembership(session.tenantId, session.userId);
  const user = await services.identities.getUser(session.userId);
  if (!tenant || tenant.disabledAt !== null || !membership || !user || user.disabledAt !== null) throw unauthenticated('The account no longer has access');
  return issue(services, session, next);
}

export async function logout(services: SecurityServices, sessionId: string, origin: RequestOrigin & { tenantId: string; userId: string }): Promise<void> {
  await services.sessions.revokeSession(sessionId, 'logout', services.clock.now().toISOString());
  await services.audit.append({ tenantId: origin.tenantId, actorType: 'user', actorId: origin.userId, action: 'auth.logout', targetType: 'session', targetId: sessionId, outcome: 'success', ip: origin.ip, userAgent: origin.userAgent, requestId: origin.requestId, details: null });
}
