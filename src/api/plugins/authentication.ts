import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { auditBy, actorOf } from '../../auth/actor.js';
import { authenticateAccessToken, authenticateApiKey, authenticateScopedToken } from '../../auth/authenticate.js';
import { consumeLimits, MINUTE_MS, rateLimitHeaders, enforceRunQuotas } from '../../auth/limits.js';
import type { Principal } from '../../auth/principal.js';
import { SecurityError, forbidden, unauthenticated } from '../../auth/security-errors.js';
import type { SecurityServices } from '../../auth/security-services.js';
import { type RequestOrigin, csrfTokenMatches } from '../../auth/session-service.js';
import { looksLikeJwt } from '../../auth/tokens.js';
import type { Logger } from '../../core/logger.js';
import { type Credential, credentialOf, refuseCredentialsInQuery } from './credentials.js';
import { type RoutePolicy, policyOf } from './route-policies.js';
import { cookieNames } from './session-cookies.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by authentication for every non-public route; the tenant of every query comes from here. */
    principal?: Principal;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Probes must answer even when a client floods the API from the orchestrator's address. */
const UNLIMITED_PATHS = new Set(['/healthz', '/readyz']);

export function originOf(request: FastifyRequest): RequestOrigin {
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent.slice(0, 256) : null, requestId: String(request.id) };
}

function setHeaders(reply: FastifyReply, headers: Record<string, string>): void {
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
}

async function principalOf(services: SecurityServices, request: FastifyRequest, policy: RoutePolicy, credential: Credential): Promise<Principal | undefined> {
  const resourceId = (request.params as { id?: unknown } | undefined)?.id;
  const scoped = async (value: string): Promise<Principal | undefined> =>
    policy.scopedToken && typeof resourceId === 'string' ? authenticateScopedToken(services, policy.scopedToken, value, resourceId) : undefined;
  switch (credential.kind) {
    case 'api-key':
      return authenticateApiKey(services, credential.value);
    case 'bearer':
      if (!looksLikeJwt(credential.value)) return undefined;
      return (await authenticateAccessToken(services, credential.value, false)) ?? (await scoped(credential.value));
    case 'scoped-query':
      return looksLikeJwt(credential.value) ? scoped(credential.value) : undefined;
    case 'cookie':
      return looksLikeJwt(credential.value) ? authenticateAccessToken(services, credential.value, true) : undefined;
  }
}

/**
 * Authentication, CSRF, rate limits, permissions, quotas and the audit of routes, as hooks on
 * the root instance (so they cover every route). Order matters and is deliberate:
 * 1. `onRequest`: refuse credentials in the URL; count the client address; authenticate
 *    (before the body is read, so anonymous clients cannot make us parse megabytes); CSRF for
 *    cookie writes; count the key/user and the tenant; check the permission.
 * 2. `preHandler` (after validation, so malformed requests spend no quota): run quotas.
 * 3. `onSend`: audit what succeeded.
 */
export function installAuthentication(server: FastifyInstance, services: SecurityServices, logger: Logger): void {
  const { config } = services;
  const cookies = cookieNames(config);
  server.decorateRequest('principal', undefined);

  server.addHook('onRequest', async (request, reply) => {
    const policy = policyOf(request);
    refuseCredentialsInQuery(request, policy);
    const address = request.ip ?? 'unknown';
    if (!UNLIMITED_PATHS.has(request.routeOptions.url ?? '')) {
      const byAddress = await consumeLimits(services.limits, [{ key: `ip:${address}`, limit: config.ipRequestsPerMinute, windowMs: MINUTE_MS }]);
      if (byAddress.tightest) setHeaders(reply, rateLimitHeaders(byAddress.tightest));
      if (!byAddress.allowed) throw new SecurityError('RATE_LIMITED', 'Too many requests from this address', byAddress.tightest ? rateLimitHeaders(byAddress.tightest) : {});
    }
    if (!policy || policy.access === 'public') return;

    const failures = `auth-failures:${address}`;
    const standing = await services.limits.consume(failures, 0, config.authFailuresPerMinute, MINUTE_MS);
    if (standing.remaining <= 0) {
      throw new SecurityError('RATE_LIMITED', 'Too many failed authentications from this address; wait before retrying', { 'retry-after': String(Math.max(1, Math.ceil(standing.resetMs / 1000))) });
    }
    const credential = credentialOf(request, policy, cookies.access);
    const principal = credential ? await principalOf(services, request, policy, credential) : undefined;
    if (!principal) {
      if (credential) {
        await services.limits.consume(failures, 1, config.authFailuresPerMinute, MINUTE_MS);
        logger.info({ requestId: request.id, ip: address, credential: credential.kind }, 'authentication failed');
      }
      throw unauthenticated(credential ? 'The credential is invalid, expired or revoked' : undefined);
    }
    if (principal.fromCookie && !SAFE_METHODS.has(request.method)) {
      const presented = request.headers['x-csrf-token'];
      if (typeof presented !== 'string' || !principal.sessionId || !csrfTokenMatches(services, principal.sessionId, presented)) {
        throw new SecurityError('CSRF_REJECTED', 'Cookie-authenticated writes need the X-CSRF-Token header from sign-in');
      }
    }
    request.principal = principal;

    const tier = config.tiers[principal.tier];
    const who = principal.keyId ? `key:${principal.keyId}` : `user:${principal.userId}`;
    const limits = await consumeLimits(services.limits, [
      { key: who, limit: tier.requestsPerMinute, windowMs: MINUTE_MS },
      { key: `tenant:${principal.tenantId}`, limit: tier.tenantRequestsPerMinute, windowMs: MINUTE_MS },
    ]);
    if (limits.tightest) setHeaders(reply, rateLimitHeaders(limits.tightest));
    if (!limits.allowed) throw new SecurityError('RATE_LIMITED', `Rate limit of the ${principal.tier} tier reached`, limits.tightest ? rateLimitHeaders(limits.tightest) : {});

    if (policy.permission && !principal.permissions.has(policy.permission)) {
      await services.audit.append(
        auditBy(actorOf(principal, originOf(request)), { action: 'access.denied', targetType: 'route', targetId: `${request.method} ${request.routeOptions.url}`, outcome: 'denied', details: { permission: policy.permission, role: principal.role } }),
      );
      throw forbidden(`This operation needs the ${policy.permission} permission`);
    }
  });

  server.addHook('preHandler', async (request) => {
    const policy = policyOf(request);
    const principal = request.principal;
    if (!policy?.quota || !principal) return;
    await enforceRunQuotas({
      store: services.limits,
      ...(services.budgets ? { budgets: services.budgets } : {}),
      callReserveTokens: services.callReserveTokens,
      configuredMonthlyCaps: services.configuredMonthlyCaps,
      tenantId: principal.tenantId,
      tier: config.tiers[principal.tier],
      now: services.clock.now(),
      countAnalysis: policy.quota === 'start-run',
    });
  });

  server.addHook('onSend', async (request, reply, payload) => {
    // Confidential answers must not be kept by shared caches or the browser's history.
    if (request.principal && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    const policy = policyOf(request);
    const principal = request.principal;
    if (!policy?.audit || !principal || reply.statusCode >= 400) return payload;
    const { audit } = policy;
    const location = reply.getHeader('location');
    const targetId = audit.targetFrom === 'location' ? (typeof location === 'string' ? location.split('/').pop() ?? null : null) : String((request.params as { id?: unknown }).id ?? '') || null;
    const format = (request.query as { format?: unknown } | undefined)?.format;
    const details = {
      status: reply.statusCode,
      ...(typeof format === 'string' ? { format } : {}),
      ...(reply.getHeader('idempotent-replayed') ? { replayed: true } : {}),
    };
    try {
      await services.audit.append(auditBy(actorOf(principal, originOf(request)), { action: audit.action, targetType: audit.targetType, targetId, outcome: 'success', details }));
    } catch (error) {
      // The action already happened; failing the response now would only hide that from the client.
      logger.error({ requestId: request.id, action: audit.action, err: (error as Error).message }, 'audit append failed');
    }
    return payload;
  });
}
