import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES } from '../../src/auth/roles.js';
import { INJECTIONS, type SecurityHarness, securityHarness } from './security-harness.js';

/** Strings that are sometimes valid, sometimes hostile, sometimes huge. */
const text = fc.oneof(fc.string({ maxLength: 60 }), fc.constantFrom(...INJECTIONS), fc.string({ minLength: 180, maxLength: 400 }), fc.emailAddress(), fc.constantFrom(...ROLES, ...PERMISSIONS, '*', ''));
const anything = fc.oneof(fc.jsonValue({ maxDepth: 3 }), text, fc.integer(), fc.constant(null));

/** Near-valid bodies per route, with every field replaceable by anything. */
const bodies: Record<string, fc.Arbitrary<unknown>> = {
  'POST /v1/analyses': fc.record({ company: fc.oneof(text, anything), industry: text, frameworks: fc.array(fc.oneof(fc.constantFrom('porter', 'swot', 'pestel', 'blue_ocean'), text), { maxLength: 6 }), depth: fc.oneof(fc.constantFrom('quick', 'standard', 'deep'), text), context: text, model: text, extra: anything }, { requiredKeys: [] }),
  'POST /v1/keys': fc.record({ name: fc.oneof(text, anything), scopes: fc.oneof(fc.array(fc.oneof(fc.constantFrom(...PERMISSIONS, '*'), text), { maxLength: 20 }), anything), expiresInDays: fc.oneof(fc.integer({ min: -5, max: 1_000 }), anything) }, { requiredKeys: [] }),
  'POST /v1/users': fc.record({ email: fc.oneof(fc.emailAddress(), text), name: text, role: fc.oneof(fc.constantFrom(...ROLES), text), password: fc.oneof(text, anything) }, { requiredKeys: [] }),
  'PATCH /v1/users/:id': fc.record({ role: fc.oneof(fc.constantFrom(...ROLES), text, anything) }, { requiredKeys: [] }),
  'PATCH /v1/tenants/current': fc.record({ name: fc.oneof(text, anything) }, { requiredKeys: [] }),
  'POST /v1/keys/:id/rotate': fc.oneof(fc.record({ overlapSeconds: fc.oneof(fc.integer({ min: -10, max: 5_000_000 }), anything) }, { requiredKeys: [] }), anything),
  'POST /v1/auth/login': fc.record({ email: fc.oneof(fc.emailAddress(), text), password: fc.oneof(text, anything), tenantId: text, mode: fc.oneof(fc.constantFrom('cookie', 'token'), text) }, { requiredKeys: [] }),
  'POST /v1/auth/refresh': fc.oneof(fc.record({ refreshToken: fc.oneof(text, anything), mode: text }, { requiredKeys: [] }), anything),
  'POST /v1/auth/password': fc.record({ currentPassword: fc.oneof(text, anything), newPassword: fc.oneof(text, anything) }, { requiredKeys: [] }),
  'POST /v1/runs/:id/cancel': anything,
  'POST /v1/runs/:id/stream-token': anything,
  'POST /v1/reports/:id/download-token': anything,
};

describe('fuzzing authenticated request bodies never yields a 5xx (fast-check)', () => {
  let harness: SecurityHarness;
  let targets: { run: string; key: string; user: string };
  beforeAll(async () => {
    harness = await securityHarness({ worker: false });
    const owner = harness.tenants.local.members.owner.key;
    const queued = (await harness.as(owner, { method: 'POST', url: '/v1/analyses', payload: { company: 'Fuzz target', depth: 'quick' } })).json() as { run: { id: string } };
    targets = { run: queued.run.id, key: harness.tenants.local.members.viewer.keyId, user: harness.tenants.local.members.viewer.userId };
  }, 60_000);
  afterAll(async () => {
    await harness.dispose();
  });

  function urlOf(route: string, id: string): string {
    const path = route.split(' ')[1]!;
    return path.replace(':id', encodeURIComponent(id));
  }

  it.each(Object.keys(bodies))('%s', async (route) => {
    const method = route.split(' ')[0] as InjectOptions['method'];
    const ids = route.includes('/runs/') ? [targets.run, 'run_nope'] : route.includes('/keys/') ? ['key_nope'] : route.includes('/users/') ? ['usr_nope', targets.user] : route.includes('/reports/') ? ['rep_nope'] : [''];
    const role = fc.constantFrom(...ROLES);
    await fc.assert(
      fc.asyncProperty(bodies[route]!, fc.constantFrom(...ids), role, fc.boolean(), async (body, id, asRole, raw) => {
        const payload = raw ? (JSON.stringify(body) as string | undefined) ?? 'null' : (body as object);
        const response = await harness.as(harness.tenants.local.members[asRole].key, { method, url: urlOf(route, id), payload, headers: { 'content-type': 'application/json' } });
        expect(response.statusCode, `${route} as ${asRole} → ${response.statusCode} ${response.body.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });
});
