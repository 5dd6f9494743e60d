import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply } from 'fastify';
import type { IssuedSession } from '../../auth/session-service.js';
import type { SecurityConfig } from '../../config/schema.js';

export interface CookieNames {
  access: string;
  refresh: string;
  csrf: string;
}

/**
 * `__Host-` cookies can only be set by this exact host over HTTPS with `Path=/` and no domain,
 * so a sibling subdomain cannot plant or overwrite them; the refresh cookie is limited to the
 * auth routes (`__Secure-`, since `__Host-` requires `Path=/`). Without `Secure` (plain-HTTP
 * development) browsers refuse those prefixes, so plain names are used.
 */
export function cookieNames(config: SecurityConfig): CookieNames {
  const host = config.cookieSecure && !config.cookieDomain;
  return {
    access: host ? '__Host-cos_access' : 'cos_access',
    refresh: config.cookieSecure ? '__Secure-cos_refresh' : 'cos_refresh',
    csrf: host ? '__Host-cos_csrf' : 'cos_csrf',
  };
}

export const REFRESH_COOKIE_PATH = '/v1/auth';

function base(config: SecurityConfig): CookieSerializeOptions {
  return { secure: config.cookieSecure, sameSite: config.cookieSameSite, ...(config.cookieDomain ? { domain: config.cookieDomain } : {}) };
}

/** Access and refresh tokens are HttpOnly (script cannot read them); the CSRF token is meant to be read and echoed. */
export function setSessionCookies(reply: FastifyReply, config: SecurityConfig, session: IssuedSession): void {
  const names = cookieNames(config);
  const expires = (iso: string) => new Date(iso);
  reply.setCookie(names.access, session.accessToken, { ...base(config), httpOnly: true, path: '/', expires: expires(session.accessTokenExpiresAt) });
  reply.setCookie(names.refresh, session.refreshToken, { ...base(config), httpOnly: true, path: REFRESH_COOKIE_PATH, expires: expires(session.refreshTokenExpiresAt) });
  reply.setCookie(names.csrf, session.csrfToken, { ...base(config), httpOnly: false, path: '/', expires: expires(session.refreshTokenExpiresAt) });
}

export function clearSessionCookies(reply: FastifyReply, config: SecurityConfig): void {
  const names = cookieNames(config);
  reply.clearCookie(names.access, { ...base(config), path: '/' });
  reply.clearCookie(names.refresh, { ...base(config), path: REFRESH_COOKIE_PATH });
  reply.clearCookie(names.csrf, { ...base(config), path: '/' });
}
