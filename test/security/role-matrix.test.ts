import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_POLICIES, isListedRoute } from '../../src/api/plugins/route-policies.js';
import { ROLES, ROLE_PERMISSIONS } from '../../src/auth/roles.js';
import { type SecurityHarness, securityHarness } from './security-harness.js';

/**
 * A request per route that has no side effect when allowed (unknown ids, invalid bodies), so
 * the only thing that differs between roles is whether the permission check lets it through.
 */
const SAMPLES: Record<string, InjectOptions> = {
  'GET /metrics': { method: 'GET', url: '/metrics' },
  'POST /v1/analyses': { method: 'POST', url: '/v1/analyses', payload: {} },
  'GET /v1/runs': { method: 'GET', url: '/v1/runs' },
  'GET /v1/runs/:id': { method: 'GET', url: '/v1/runs/run_nope' },
  'GET /v1/runs/:id/events': { method: 'GET', url: '/v1/runs/run_nope/events' },
  'POST /v1/runs/:id/cancel': { method: 'POST', url: '/v1/runs/run_nope/cancel' },
  'POST /v1/runs/:id/resume': { method: 'POST', url: '/v1/runs/run_nope/resume' },
  'POST /v1/runs/:id/stream-token': { method: 'POST', url: '/v1/runs/run_nope/stream-token' },
  'GET /v1/reports': { method: 'GET', url: '/v1/reports' },
  'GET /v1/reports/:id': { method: 'GET', url: '/v1/reports/rep_nope' },
  'GET /v1/reports/:id/export': { method: 'GET', url: '/v1/reports/rep_nope/export' },
  'DELETE /v1/reports/:id': { method: 'DELETE', url: '/v1/reports/rep_nope' },
  'POST /v1/reports/:id/download-token': { method: 'POST', url: '/v1/reports/rep_nope/download-token' },
  'GET /v1/reports/:id/versions': { method: 'GET', url: '/v1/reports/rep_nope/versions' },
  'GET /v1/reports/compare': { method: 'GET', url: '/v1/reports/compare?left=rep_a&right=rep_b' },
  'POST /v1/reports/:id/shares': { method: 'POST', url: '/v1/reports/rep_nope/shares', payload: { expiresInHours: 1 } },
  'GET /v1/reports/:id/shares': { method: 'GET', url: '/v1/reports/rep_nope/shares' },
  'DELETE /v1/reports/:id/shares/:shareId': { method: 'DELETE', url: '/v1/reports/rep_nope/shares/shr_nope' },
  'GET /v1/keys': { method: 'GET', url: '/v1/keys' },
  'POST /v1/keys': { method: 'POST', url: '/v1/keys', payload: {} },
  'POST /v1/keys/:id/rotate': { method: 'POST', url: '/v1/keys/key_nope/rotate', payload: {} },
  'DELETE /v1/keys/:id': { method: 'DELETE', url: '/v1/keys/key_nope' },
  'GET /v1/users': { method: 'GET', url: '/v1/users' },
  'POST /v1/users': { method: 'POST', url: '/v1/users', payload: {} },
  'PATCH /v1/users/:id': { method: 'PATCH', url: '/v1/users/usr_nope', payload: { role: 'viewer' } },
  'DELETE /v1/users/:id': { method: 'DELETE', url: '/v1/users/usr_nope' },
  'GET /v1/tenants/current': { method: 'GET', url: '/v1/tenants/current' },
  'PATCH /v1/tenants/current': { method: 'PATCH', url: '/v1/tenants/current', payload: {} },
  'GET /v1/audit': { method: 'GET', url: '/v1/audit' },
};

const guarded = Object.entries(ROUTE_POLICIES).filter(([, policy]) => policy.permission !== undefined);
const matrix = guarded.flatMap(([route, policy]) => ROLES.map((role) => [route, role, ROLE_PERMISSIONS[role].has(policy.permission!)] as const));

describe('role × route permission matrix', () => {
  let harness: SecurityHarness;
  beforeAll(async () => {
    harness = await securityHarness({ worker: false });
  }, 60_000);
  afterAll(async () => {
    await harness.dispose();
  });

  it('has a sample request for every guarded route', () => {
    expect(guarded.map(([route]) => route).filter((route) => !(route in SAMPLES))).toEqual([]);
  });

  it.each(matrix)('%s as %s → allowed: %s', async (route, role, allowed) => {
    const response = await harness.as(harness.tenants.local.members[role].key, SAMPLES[route]!);
    expect(response.statusCode).toBeLessThan(500);
    if (allowed) expect(response.statusCode, response.body.slice(0, 200)).not.toBe(403);
    else {
      expect(response.statusCode).toBe(403);
      expect(response.json()).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    }
  });

  it('records every denial in the audit log', async () => {
    const denials = (await harness.auditOf('local')).filter((entry) => entry.action === 'access.denied');
    expect(denials.length).toBe(matrix.filter(([, , allowed]) => !allowed).length);
    expect(denials.every((entry) => entry.outcome === 'denied' && entry.actorId !== null)).toBe(true);
  });

  it('every route in the OpenAPI document has a written policy', async () => {
    const document = (await harness.as(harness.tenants.local.members.owner.key, '/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> };
    const unlisted = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations)
        .map((method) => [method.toUpperCase(), path.replace(/\{(\w+)\}/g, ':$1')] as const)
        .filter(([method, url]) => !isListedRoute(method, url)),
    );
    expect(unlisted).toEqual([]);
  });

  it('authenticated routes without a permission still need a credential', async () => {
    for (const url of ['/v1/auth/me', '/v1/runs', '/v1/audit', '/metrics']) {
      const response = await harness.server.inject(url);
      expect(response.statusCode, url).toBe(401);
      expect(response.headers['www-authenticate']).toContain('Bearer');
    }
  });
});

describe('role rules beyond the matrix', () => {
  let harness: SecurityHarness;
  beforeAll(async () => {
    harness = await securityHarness({ worker: false });
  }, 60_000);
  afterAll(async () => {
    await harness.dispose();
  });

  const local = () => harness.tenants.local;

  it('an admin can add analysts but cannot create, promote to or touch owners', async () => {
    const admin = local().members.admin.key;
    expect((await harness.as(admin, { method: 'POST', url: '/v1/users', payload: { email: 'new-analyst@local.test', role: 'analyst' } })).statusCode).toBe(201);
    expect((await harness.as(admin, { method: 'POST', url: '/v1/users', payload: { email: 'new-owner@local.test', role: 'owner' } })).statusCode).toBe(403);
    expect((await harness.as(admin, { method: 'PATCH', url: `/v1/users/${local().members.viewer.userId}`, payload: { role: 'owner' } })).statusCode).toBe(403);
    expect((await harness.as(admin, { method: 'PATCH', url: `/v1/users/${local().members.owner.userId}`, payload: { role: 'viewer' } })).statusCode).toBe(403);
    expect((await harness.as(admin, { method: 'DELETE', url: `/v1/users/${local().members.owner.userId}` })).statusCode).toBe(403);
  });

  it('the last owner of a tenant cannot be demoted or removed', async () => {
    const rival = harness.tenants.rival;
    const members = (await harness.as(rival.members.owner.key, '/v1/users')).json() as { items: Array<{ userId: string; role: string }> };
    expect(members.items.filter((member) => member.role === 'owner')).toHaveLength(1);
    const demote = await harness.as(rival.members.owner.key, { method: 'PATCH', url: `/v1/users/${rival.members.owner.userId}`, payload: { role: 'admin' } });
    expect(demote.statusCode).toBe(409);
    const remove = await harness.as(rival.members.owner.key, { method: 'DELETE', url: `/v1/users/${rival.members.owner.userId}` });
    expect(remove.statusCode).toBe(409);
  });

  it('a key never grants more than its creator holds, and narrowed scopes are enforced', async () => {
    const viewer = local().members.viewer.key;
    const escalate = await harness.as(viewer, { method: 'POST', url: '/v1/keys', payload: { name: 'sneaky', scopes: ['runs:create'] } });
    expect(escalate.statusCode).toBe(403);
    const narrow = await harness.as(local().members.analyst.key, { method: 'POST', url: '/v1/keys', payload: { name: 'reports only', scopes: ['reports:read'] } });
    expect(narrow.statusCode).toBe(201);
    const narrowKey = (narrow.json() as { key: string }).key;
    expect((await harness.as(narrowKey, '/v1/reports')).statusCode).toBe(200);
    expect((await harness.as(narrowKey, '/v1/runs')).statusCode).toBe(403);
    // `*` from a narrowed key expands to that key's own scopes, not the role's.
    const child = await harness.as(narrowKey, { method: 'POST', url: '/v1/keys', payload: { name: 'child' } });
    expect(child.statusCode).toBe(403);
  });

  it('members see and manage only their own keys; admins manage the tenant\'s', async () => {
    const analyst = local().members.analyst;
    const own = (await harness.as(analyst.key, '/v1/keys')).json() as { items: Array<{ userId: string }> };
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((key) => key.userId === analyst.userId)).toBe(true);
    expect((await harness.as(analyst.key, { method: 'DELETE', url: `/v1/keys/${local().members.viewer.keyId}` })).statusCode).toBe(404);
    const all = (await harness.as(local().members.admin.key, '/v1/keys')).json() as { items: Array<{ userId: string }> };
    expect(new Set(all.items.map((key) => key.userId)).size).toBeGreaterThan(1);
  });

  it('a demotion takes effect on the very next request of the demoted user\'s key', async () => {
    const target = await harness.as(local().members.owner.key, { method: 'POST', url: '/v1/users', payload: { email: 'soon-viewer@local.test', role: 'analyst', password: 'a long enough password' } });
    const userId = (target.json() as { userId: string }).userId;
    const login = await harness.server.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: 'soon-viewer@local.test', password: 'a long enough password', mode: 'token' } });
    const access = (login.json() as { accessToken: string }).accessToken;
    expect((await harness.as(access, { method: 'POST', url: '/v1/analyses', payload: {} })).statusCode).toBe(400);
    await harness.as(local().members.owner.key, { method: 'PATCH', url: `/v1/users/${userId}`, payload: { role: 'viewer' } });
    expect((await harness.as(access, { method: 'POST', url: '/v1/analyses', payload: {} })).statusCode).toBe(403);
    await harness.as(local().members.owner.key, { method: 'DELETE', url: `/v1/users/${userId}` });
    expect((await harness.as(access, '/v1/runs')).statusCode).toBe(401);
  });
});
