import { SignJWT, decodeJwt } from 'jose';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveKey } from '../../src/auth/secrets.js';
import { PASSWORD, type SecurityHarness, securityHarness } from './security-harness.js';

interface SessionBody {
  accessToken?: string;
  refreshToken?: string;
  csrfToken: string;
  accessTokenExpiresAt: string;
}

function cookiesOf(response: LightMyRequestResponse): Record<string, { value: string; httpOnly?: boolean; secure?: boolean; sameSite?: string; path?: string }> {
  return Object.fromEntries(response.cookies.map((cookie) => [cookie.name, cookie]));
}

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('sessions: login, rotating refresh tokens, logout, JWT tampering, CSRF', () => {
  let harness: SecurityHarness;
  beforeAll(async () => {
    harness = await securityHarness({ worker: false });
  }, 60_000);
  afterAll(async () => {
    await harness.dispose();
  });

  const email = () => harness.tenants.local.members.analyst.email;
  const login = (payload: object) => harness.server.inject({ method: 'POST', url: '/v1/auth/login', payload });
  const tokenLogin = async () => {
    const response = await login({ email: email(), password: PASSWORD, mode: 'token' });
    expect(response.statusCode).toBe(200);
    return response.json() as Required<SessionBody>;
  };

  it('signs in with cookies that script cannot read and that never leave this site', async () => {
    const response = await login({ email: email(), password: PASSWORD });
    expect(response.statusCode).toBe(200);
    const body = response.json() as SessionBody;
    expect(body.accessToken).toBeUndefined();
    const cookies = cookiesOf(response);
    expect(cookies.cos_access).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(cookies.cos_refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/v1/auth' });
    expect(cookies.cos_csrf?.httpOnly).toBeFalsy();
    expect(cookies.cos_csrf?.value).toBe(body.csrfToken);
    expect(response.headers['cache-control']).toBe('no-store');
  });

  it('marks cookies Secure with __Host- names when cookieSecure is on (the default)', async () => {
    const secure = await securityHarness({ worker: false, overrides: { 'security.cookieSecure': true } });
    try {
      const response = await secure.server.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: secure.tenants.local.members.viewer.email, password: PASSWORD } });
      const cookies = cookiesOf(response);
      expect(cookies['__Host-cos_access']).toMatchObject({ secure: true, httpOnly: true, path: '/' });
      expect(cookies['__Secure-cos_refresh']).toMatchObject({ secure: true, httpOnly: true });
    } finally {
      await secure.dispose();
    }
  });

  it('answers a wrong password, an unknown email and a disabled user identically, and audits each', async () => {
    const wrong = await login({ email: email(), password: 'not the password at all' });
    const unknown = await login({ email: 'nobody@nowhere.test', password: 'not the password at all' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect((wrong.json() as { detail: string }).detail).toBe((unknown.json() as { detail: string }).detail);
    const failures = (await harness.auditOf('local')).filter((entry) => entry.action === 'auth.login' && entry.outcome === 'failure');
    expect(failures.some((entry) => entry.details?.reason === 'wrong-password' && entry.ip === '127.0.0.1')).toBe(true);
    const installation = await harness.auditOf('*');
    expect(installation.some((entry) => entry.action === 'auth.login' && entry.details?.reason === 'unknown-user')).toBe(true);
  });

  it('rotates refresh tokens, and a reused one revokes the whole session', async () => {
    const first = await tokenLogin();
    const refreshed = await harness.server.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: first.refreshToken, mode: 'token' } });
    expect(refreshed.statusCode).toBe(200);
    const second = refreshed.json() as Required<SessionBody>;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await harness.as(second.accessToken, '/v1/auth/me')).statusCode).toBe(200);
    // The thief replays the first refresh token: the session dies, for the thief and the owner alike.
    const replay = await harness.server.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: first.refreshToken, mode: 'token' } });
    expect(replay.statusCode).toBe(401);
    expect((await harness.as(second.accessToken, '/v1/auth/me')).statusCode).toBe(401);
    expect((await harness.server.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: second.refreshToken, mode: 'token' } })).statusCode).toBe(401);
    expect((await harness.auditOf('local')).some((entry) => entry.action === 'auth.refresh-reuse' && entry.outcome === 'denied')).toBe(true);
  });

  it('logout revokes the session: its access token stops working at once', async () => {
    const session = await tokenLogin();
    const out = await harness.as(session.accessToken, { method: 'POST', url: '/v1/auth/logout' });
    expect(out.statusCode).toBe(204);
    expect((await harness.as(session.accessToken, '/v1/auth/me')).statusCode).toBe(401);
    expect((await harness.server.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: session.refreshToken } })).statusCode).toBe(401);
  });

  it('an access token expires', async () => {
    const session = await tokenLogin();
    harness.clock.advance(harness.config.security.accessTokenTtlMs + 5_000);
    try {
      expect((await harness.as(session.accessToken, '/v1/auth/me')).statusCode).toBe(401);
    } finally {
      harness.clock.advance(-(harness.config.security.accessTokenTtlMs + 5_000));
    }
  });

  describe('JWT tampering', () => {
    const forge = async (claims: Record<string, unknown>, options: { key?: Uint8Array; audience?: string; expiresInSeconds?: number } = {}) => {
      const session = await tokenLogin();
      const real = decodeJwt(session.accessToken);
      const now = Math.floor(harness.clock.now().getTime() / 1000);
      const key = options.key ?? deriveKey(harness.app.security.tokenSecret, 'token:access');
      return new SignJWT({ tid: real.tid, ref: real.ref, ...claims })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('consultantos')
        .setAudience(options.audience ?? 'consultantos:access')
        .setSubject(String(claims.sub ?? real.sub))
        .setIssuedAt(now)
        .setExpirationTime(now + (options.expiresInSeconds ?? 600))
        .sign(key);
    };

    it('accepts a correctly signed token (control)', async () => {
      expect((await harness.as(await forge({}), '/v1/auth/me')).statusCode).toBe(200);
    });

    it.each([
      ['alg: none', async () => {
        const real = decodeJwt((await tokenLogin()).accessToken);
        return `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({ ...real, tid: 'rival' })}.`;
      }],
      ['a payload changed after signing (tenant switched)', async () => {
        const [header, payload, signature] = (await tokenLogin()).accessToken.split('.');
        const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
        return `${header}.${base64url({ ...claims, tid: 'rival' })}.${signature}`;
      }],
      ['a token signed with a wrong key', () => forge({}, { key: new TextEncoder().encode('x'.repeat(32)) })],
      ['a token signed with the raw master secret', () => forge({}, { key: new TextEncoder().encode(harness.app.security.tokenSecret) })],
      ['an expired token', () => forge({}, { expiresInSeconds: -60 })],
      ['a wrong audience (a stream token presented as an access token)', () => forge({}, { audience: 'consultantos:run-events' })],
      ['a token for another tenant the user does not belong to', () => forge({ tid: 'rival' })],
      ['an HS512 token', async () => {
        const real = decodeJwt((await tokenLogin()).accessToken);
        return new SignJWT({ ...real }).setProtectedHeader({ alg: 'HS512' }).sign(new Uint8Array(64));
      }],
      ['garbage with dots', async () => 'abc.def.ghi'],
    ])('refuses %s', async (_name, make) => {
      const token = await make();
      const response = await harness.as(token, '/v1/auth/me');
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    });
  });

  describe('CSRF on cookie-authenticated writes', () => {
    const cookieSession = async () => {
      const response = await login({ email: harness.tenants.local.members.admin.email, password: PASSWORD });
      const cookies = cookiesOf(response);
      return { cookie: `cos_access=${cookies.cos_access!.value}; cos_csrf=${cookies.cos_csrf!.value}`, csrf: (response.json() as SessionBody).csrfToken, refresh: cookies.cos_refresh!.value };
    };
    const write = (cookie: string, headers: Record<string, string> = {}) => harness.server.inject({ method: 'POST', url: '/v1/keys', payload: { name: 'csrf probe', scopes: ['runs:read'] }, headers: { cookie, ...headers } });

    it('lets cookies authenticate reads without a token', async () => {
      const { cookie } = await cookieSession();
      expect((await harness.server.inject({ url: '/v1/auth/me', headers: { cookie } })).statusCode).toBe(200);
    });

    it('refuses a cookie write without the X-CSRF-Token header', async () => {
      const { cookie } = await cookieSession();
      const response = await write(cookie);
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'CSRF_REJECTED' });
    });

    it('refuses a cookie write whose token belongs to another session', async () => {
      const first = await cookieSession();
      const second = await cookieSession();
      expect((await write(first.cookie, { 'x-csrf-token': second.csrf })).statusCode).toBe(403);
    });

    it('refuses a forged token equal to a planted cookie (double submit alone is not trusted)', async () => {
      const { cookie } = await cookieSession();
      const planted = cookie.replace(/cos_csrf=[^;]+/, 'cos_csrf=attacker-chosen');
      expect((await write(planted, { 'x-csrf-token': 'attacker-chosen' })).statusCode).toBe(403);
    });

    it('accepts a cookie write with the session\'s token', async () => {
      const { cookie, csrf } = await cookieSession();
      expect((await write(cookie, { 'x-csrf-token': csrf })).statusCode).toBe(201);
    });

    it('refuses a cookie refresh without the token', async () => {
      const { refresh } = await cookieSession();
      const response = await harness.server.inject({ method: 'POST', url: '/v1/auth/refresh', headers: { cookie: `cos_refresh=${refresh}` } });
      expect(response.statusCode).toBe(403);
    });

    it('headers beat cookies: a bearer request needs no CSRF token', async () => {
      const { cookie } = await cookieSession();
      const response = await harness.as(harness.tenants.local.members.admin.key, { method: 'POST', url: '/v1/keys', payload: { name: 'bearer write' }, headers: { cookie } });
      expect(response.statusCode).toBe(201);
    });
  });

  it('locks an account after repeated failures, before checking the password', async () => {
    const locked = await securityHarness({ worker: false, overrides: { 'security.loginAttemptsPerWindow': 3 } });
    try {
      const target = locked.tenants.local.members.viewer.email;
      const attempt = (password: string) => locked.server.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: target, password } });
      for (let index = 0; index < 3; index += 1) expect((await attempt(`wrong password ${index}`)).statusCode).toBe(401);
      const refused = await attempt(PASSWORD);
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await locked.dispose();
    }
  });
});
