import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecurityHarness, expectNo5xx, securityHarness } from './security-harness.js';

const STACK_TRACE = /at .*\.(ts|js):\d+|node_modules|\/src\//;

describe('hardening: headers, CORS, body limits, stack traces', () => {
  let harness: SecurityHarness;
  beforeAll(async () => {
    harness = await securityHarness({ worker: false, overrides: { 'security.corsAllowedOrigins': ['https://dash.example.com'] } });
  }, 60_000);
  afterAll(async () => {
    await harness.dispose();
  });
  const key = () => harness.tenants.local.members.owner.key;

  it('sends security headers on API answers', async () => {
    const response = await harness.as(key(), '/v1/runs');
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['strict-transport-security']).toContain('max-age=');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('keeps the /docs UI working under its own policy, without inline scripts', async () => {
    const page = await harness.server.inject('/docs/');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/<script>(?!\s*<\/script>)/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    const scripts = [...page.body.matchAll(/<script src="\.\/([^"]+)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect((await harness.server.inject(`/docs/${script}`)).statusCode, script).toBe(200);
    expect((await harness.server.inject('/docs/json')).statusCode).toBe(200);
  });

  it('answers CORS only for allowlisted origins', async () => {
    const preflight = (origin: string) => harness.server.inject({ method: 'OPTIONS', url: '/v1/runs', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    const allowed = await preflight('https://dash.example.com');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://dash.example.com');
    expect(allowed.headers['access-control-allow-credentials']).toBe('true');
    for (const origin of ['https://evil.example', 'https://dash.example.com.evil.example', 'null']) {
      const refused = await preflight(origin);
      expect(refused.headers['access-control-allow-origin'], origin).toBeUndefined();
    }
    const simple = await harness.as(key(), { url: '/v1/runs', headers: { origin: 'https://evil.example' } });
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
  });

  it.each([
    ['a 2 MB analysis', '/v1/analyses', { company: 'x'.repeat(2_000_000) }, 413],
    ['a 20 kB sign-in', '/v1/auth/login', { email: 'a@b.test', password: 'p'.repeat(20_000) }, 413],
    ['a 20 kB key request', '/v1/keys', { name: 'k', scopes: Array.from({ length: 3_000 }, () => 'runs:read') }, 413],
    ['a 201-character company', '/v1/analyses', { company: 'x'.repeat(201) }, 400],
    ['a 4 001-character context', '/v1/analyses', { company: 'Acme', context: 'x'.repeat(4_001) }, 400],
    ['a 101-character key name', '/v1/keys', { name: 'k'.repeat(101) }, 400],
    ['a 257-character password', '/v1/auth/login', { email: 'a@b.test', password: 'p'.repeat(257) }, 400],
    ['a 300-character email', '/v1/users', { email: `${'a'.repeat(290)}@b.test`, role: 'viewer' }, 400],
  ])('refuses %s', async (_name, url, payload, status) => {
    const response = await harness.as(key(), { method: 'POST', url, payload });
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });

  it('refuses an oversized body from an anonymous client before reading it', async () => {
    const response = await harness.server.inject({ method: 'POST', url: '/v1/analyses', payload: { company: 'x'.repeat(2_000_000) } });
    expect(response.statusCode).toBe(401);
  });

  it('never answers with a stack trace or an echo of the body', async () => {
    const cases = [
      await harness.server.inject({ method: 'POST', url: '/v1/auth/login', payload: '{"email":"a@b.test","password":"hunter2-secret', headers: { 'content-type': 'application/json' } }),
      await harness.as(key(), { method: 'POST', url: '/v1/analyses', payload: '{"company": "Acme", "x": [1,2,', headers: { 'content-type': 'application/json' } }),
      await harness.as(key(), { method: 'POST', url: '/v1/analyses', payload: '<xml/>', headers: { 'content-type': 'application/xml' } }),
      await harness.as(key(), { method: 'PATCH', url: '/v1/users/x', payload: '{"role":"god"}', headers: { 'content-type': 'application/json' } }),
      await harness.as(key(), '/v1/audit?cursor=%%%'),
      await harness.as(key(), '/v1/audit?since=yesterday'),
    ];
    for (const response of cases) {
      expectNo5xx(response);
      expect(response.statusCode).toBeGreaterThanOrEqual(400);
      expect(response.body).not.toMatch(STACK_TRACE);
      expect(response.body).not.toContain('hunter2');
    }
  });
});

describe('slow clients and idle connections', () => {
  let harness: SecurityHarness;
  let port = 0;
  beforeAll(async () => {
    harness = await securityHarness({ worker: false, environment: { CONSULTANTOS_REQUEST_TIMEOUT_MS: '1000' } });
    const address = await harness.server.listen({ host: '127.0.0.1', port: 0 });
    port = Number(new URL(address).port);
  }, 60_000);
  afterAll(async () => {
    await harness.dispose();
  });

  /** Sends `head`, then one byte of body every `intervalMs`; resolves when the server closes or answers. */
  function trickle(head: string, intervalMs: number, maxMs: number): Promise<{ elapsedMs: number; answer: string }> {
    return new Promise((resolve) => {
      const started = Date.now();
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        if (timer) clearInterval(timer);
        socket.destroy();
        resolve({ elapsedMs: Date.now() - started, answer });
      };
      socket.on('data', (chunk) => {
        answer += String(chunk);
      });
      socket.on('close', done);
      socket.on('error', done);
      socket.on('connect', () => {
        socket.write(head);
        timer = setInterval(() => {
          if (Date.now() - started > maxMs) done();
          else if (!socket.destroyed) socket.write('x');
        }, intervalMs);
      });
    });
  }

  it('cuts off a client that trickles its body past the request timeout, before the handler runs', async () => {
    const before = (await harness.app.stores.runs.listRuns('local', { limit: 200 })).items.length;
    const head = `POST /v1/analyses HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${harness.tenants.local.members.owner.key}\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n`;
    const { elapsedMs, answer } = await trickle(head, 150, 8_000);
    // Without the fix Node notices only after its 30 s check interval; the trickle gives up at 8 s.
    expect(elapsedMs).toBeLessThan(6_000);
    expect(answer === '' || /^HTTP\/1\.1 408/.test(answer)).toBe(true);
    expect((await harness.app.stores.runs.listRuns('local', { limit: 200 })).items.length).toBe(before);
  });

  it('cuts off a client that never finishes its headers', async () => {
    const { elapsedMs } = await trickle('GET /v1/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', 200, 8_000);
    expect(elapsedMs).toBeLessThan(6_000);
  });
});

describe('client addresses behind proxies', () => {
  it('ignores X-Forwarded-For without trusted proxies: spoofing cannot dodge the address limit', async () => {
    const harness = await securityHarness({ worker: false, overrides: { 'security.ipRequestsPerMinute': 5 } });
    harness.clock.alignToMinute();
    try {
      const statuses: number[] = [];
      for (let index = 0; index < 8; index += 1) {
        const response = await harness.as(harness.tenants.local.members.owner.key, { url: '/v1/runs', headers: { 'x-forwarded-for': `198.51.100.${index}`, 'x-real-ip': `203.0.113.${index}` } });
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429, 429]);
      const refused = await harness.as(harness.tenants.local.members.owner.key, { url: '/v1/runs', headers: { 'x-forwarded-for': '192.0.2.55' } });
      expect(refused.statusCode).toBe(429);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' });
    } finally {
      await harness.dispose();
    }
  });

  it('behind a trusted proxy, uses the address the proxy saw; entries the client prepends change nothing', async () => {
    const harness = await securityHarness({ worker: false, overrides: { 'security.ipRequestsPerMinute': 3, 'security.trustedProxies': ['127.0.0.1'] } });
    harness.clock.alignToMinute();
    try {
      const from = (header: string) => harness.as(harness.tenants.local.members.owner.key, { url: '/v1/runs', headers: { 'x-forwarded-for': header } });
      const statuses: number[] = [];
      for (let index = 0; index < 5; index += 1) statuses.push((await from(`10.9.9.${index}, 203.0.113.7`)).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      // Another real client behind the same proxy has its own allowance.
      expect((await from('198.51.100.20')).statusCode).toBe(200);
      // And the audit log records the client address, not the proxy's.
      await harness.as(harness.tenants.local.members.owner.key, { method: 'POST', url: '/v1/keys', payload: { name: 'from proxy' }, headers: { 'x-forwarded-for': '198.51.100.21' } });
      const entry = (await harness.auditOf('local')).find((candidate) => candidate.action === 'key.create' && candidate.actorId !== null && candidate.ip === '198.51.100.21');
      expect(entry).toBeDefined();
    } finally {
      await harness.dispose();
    }
  });
});
