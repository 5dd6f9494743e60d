import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth/actor.js';
import { LoginBody, MeView, PasswordBody, RefreshBody, ResourceIdParams, ScopedTokenView, SessionView } from '../../auth/api-schemas.js';
import { setPassword } from '../../auth/member-service.js';
import { verifyPassword } from '../../auth/passwords.js';
import { SecurityError, forbidden } from '../../auth/security-errors.js';
import { type IssuedSession, csrfTokenMatches, login, logout, refresh } from '../../auth/session-service.js';
import { ConsultantError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { ApiContext } from '../context.js';
import { originOf } from '../plugins/authentication.js';
import { clearSessionCookies, cookieNames, setSessionCookies } from '../plugins/session-cookies.js';
import { Problem } from '../problem.js';

function sessionView(session: IssuedSession, mode: 'cookie' | 'token') {
  return {
    tenantId: session.tenantId,
    userId: session.userId,
    accessTokenExpiresAt: session.accessTokenExpiresAt,
    refreshTokenExpiresAt: session.refreshTokenExpiresAt,
    csrfToken: session.csrfToken,
    ...(mode === 'token' ? { accessToken: session.accessToken, refreshToken: session.refreshToken } : {}),
  };
}

function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const value = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies?.[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/**
 * Sign-in for the dashboard and other clients, plus the short-lived tokens browsers need where
 * they cannot send headers (EventSource, downloads).
 */
export function authRoutes(server: FastifyInstance, context: ApiContext): void {
  const routes = server.withTypeProvider<ZodTypeProvider>();
  const { app } = context;
  const services = app.security;
  const names = cookieNames(services.config);

  routes.post('/v1/auth/login', {
    schema: { summary: 'Sign in with email and password', tags: ['auth'], body: LoginBody, response: { 200: SessionView, 400: Problem, 401: Problem, 413: Problem, 429: Problem } },
    handler: async (request, reply) => {
      const { email, password, tenantId, mode } = request.body;
      const session = await login(services, { email, password, ...(tenantId ? { tenantId } : {}) }, originOf(request));
      if (mode === 'cookie') setSessionCookies(reply, services.config, session);
      reply.header('cache-control', 'no-store');
      return sessionView(session, mode);
    },
  });

  routes.post('/v1/auth/refresh', {
    schema: {
      summary: 'Exchange a refresh token (body, or the refresh cookie with X-CSRF-Token) for new tokens',
      description: 'Refresh tokens rotate: each works once. Presenting one again revokes the whole session (reuse detection).',
      tags: ['auth'],
      body: RefreshBody.nullish(),
      response: { 200: SessionView, 400: Problem, 401: Problem, 403: Problem, 429: Problem },
    },
    handler: async (request, reply) => {
      const fromBody = request.body?.refreshToken;
      const fromCookie = fromBody ? undefined : cookieOf(request, names.refresh);
      const presented = fromBody ?? fromCookie;
      if (!presented) throw new SecurityError('UNAUTHENTICATED', 'Send the refresh token in the body or its cookie');
      if (fromCookie) {
        // A cross-site form could make the browser send the cookie; only our page can read the CSRF token.
        const sessionId = (await services.sessions.getRefreshToken(fromCookie.split('.')[0]!.slice(0, 40)))?.sessionId;
        const csrf = request.headers['x-csrf-token'];
        if (!sessionId || typeof csrf !== 'string' || !csrfTokenMatches(services, sessionId, csrf)) throw new SecurityError('CSRF_REJECTED', 'Refreshing with the cookie needs the X-CSRF-Token header');
      }
      const mode = request.body?.mode ?? (fromCookie ? 'cookie' : 'token');
      try {
        const session = await refresh(services, presented, originOf(request));
        if (mode === 'cookie') setSessionCookies(reply, services.config, session);
        reply.header('cache-control', 'no-store');
        return sessionView(session, mode);
      } catch (error) {
        if (fromCookie) clearSessionCookies(reply, services.config);
        throw error;
      }
    },
  });

  routes.post('/v1/auth/logout', {
    schema: { summary: 'End the current session', tags: ['auth'], response: { 204: z.null().describe('Signed out'), 401: Problem } },
    handler: async (request, reply) => {
      const { principal } = context.scopeOf(request);
      if (principal.sessionId) await logout(services, principal.sessionId, { ...originOf(request), tenantId: principal.tenantId, userId: principal.userId });
      clearSessionCookies(reply, services.config);
      return reply.code(204).send(null);
    },
  });

  routes.get('/v1/auth/me', {
    schema: { summary: 'Who the credential belongs to, in which tenant, with which permissions', tags: ['auth'], response: { 200: MeView, 401: Problem } },
    handler: async (request) => {
      const { principal } = context.scopeOf(request);
      const [user, tenant] = await Promise.all([services.identities.getUser(principal.userId), services.identities.getTenant(principal.tenantId)]);
      if (!user || !tenant) throw new ConsultantError('NOT_FOUND', 'The account no longer exists');
      return {
        user: { id: user.id, email: user.email, name: user.name, hasPassword: user.hasPassword },
        tenant: { id: tenant.id, name: tenant.name, tier: tenant.tier },
        role: principal.role,
        permissions: [...principal.permissions].sort(),
        via: principal.via,
      };
    },
  });

  routes.post('/v1/auth/password', {
    schema: {
      summary: 'Change your password (ends every session of yours)',
      description: 'The current password is required, except when none is set yet and the request uses an API key (setting the first password of the bootstrap owner).',
      tags: ['auth'],
      body: PasswordBody,
      response: { 204: z.null().describe('Changed'), 400: Problem, 401: Problem, 403: Problem },
    },
    handler: async (request, reply) => {
      const { principal } = context.scopeOf(request);
      const user = await services.identities.getUser(principal.userId);
      if (!user) throw new ConsultantError('NOT_FOUND', 'The account no longer exists');
      const stored = (await services.identities.findUserByEmail(user.email))?.passwordHash ?? null;
      const firstPasswordByKey = stored === null && principal.via === 'api-key';
      if (!firstPasswordByKey) {
        const current = request.body.currentPassword;
        if (current === undefined || !(await verifyPassword(stored, current))) throw forbidden('The current password is wrong');
      }
      await setPassword(services, actorOf(principal, originOf(request)), principal.userId, request.body.newPassword);
      if (principal.fromCookie) clearSessionCookies(reply, services.config);
      return reply.code(204).send(null);
    },
  });

  routes.post('/v1/runs/:id/stream-token', {
    schema: {
      summary: "A short-lived token that opens this run's event stream only",
      description: 'For browsers: `new EventSource(url)` cannot send headers, so use the returned `url` (with `?token=`). The token works only on this run\'s events.',
      tags: ['runs'],
      params: ResourceIdParams,
      response: { 201: ScopedTokenView, 400: Problem, 404: Problem },
    },
    handler: async (request, reply) => {
      const { tenantId, principal } = context.scopeOf(request);
      const run = await app.stores.runs.getRun(tenantId, request.params.id);
      if (!run) throw new ConsultantError('NOT_FOUND', `Run ${request.params.id} not found`);
      const signed = await services.tokens.sign('runEvents', { sub: principal.userId, tid: tenantId, ref: run.id }, services.config.streamTokenTtlMs);
      return reply.code(201).send({ token: signed.token, expiresAt: signed.expiresAt, url: `/v1/runs/${run.id}/events?token=${encodeURIComponent(signed.token)}` });
    },
  });

  routes.post('/v1/reports/:id/download-token', {
    schema: {
      summary: "A short-lived, single-use token that opens this report's export only",
      tags: ['reports'],
      params: ResourceIdParams,
      response: { 201: ScopedTokenView, 400: Problem, 404: Problem },
    },
    handler: async (request, reply) => {
      const { tenantId, principal } = context.scopeOf(request);
      const report = await app.stores.reports.getReport(tenantId, request.params.id);
      if (!report) throw new ConsultantError('NOT_FOUND', `Report ${request.params.id} not found`);
      const signed = await services.tokens.sign('reportDownload', { sub: principal.userId, tid: tenantId, ref: report.id, jti: newId('dlt') }, services.config.downloadTokenTtlMs);
      return reply.code(201).send({ token: signed.token, expiresAt: signed.expiresAt, url: `/v1/reports/${report.id}/export?token=${encodeURIComponent(signed.token)}` });
    },
  });
}
