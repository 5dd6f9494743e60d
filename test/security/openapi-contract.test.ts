import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type SecurityHarness, securityHarness } from './security-harness.js';

const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: unknown[]; parameters?: Array<{ name: string; in: string }>; responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>>;
  components: { securitySchemes: Record<string, unknown> };
}

describe('the security routes answer what the OpenAPI document promises', () => {
  let harness: SecurityHarness;
  let document: OpenApiDocument;
  let ajv: Ajv2020;
  beforeAll(async () => {
    harness = await securityHarness({ seedRuns: true });
    document = (await harness.server.inject('/openapi.json')).json();
    ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (instance: Ajv2020) => void)(ajv);
    ajv.addSchema(document as object, 'openapi.json');
  }, 120_000);
  afterAll(async () => {
    await harness.dispose();
  });

  function expectConforms(method: string, template: string, response: LightMyRequestResponse): void {
    const operation = document.paths[template]?.[method.toLowerCase()];
    expect(operation, `${method} ${template} is documented`).toBeDefined();
    const status = String(response.statusCode);
    const declared = operation!.responses[status];
    expect(declared, `${method} ${template} documents ${status}`).toBeDefined();
    const type = String(response.headers['content-type'] ?? '').split(';')[0]!;
    if (!declared!.content || response.statusCode === 204 || (type !== 'application/json' && type !== 'application/problem+json')) return;
    const mediaType = declared!.content['application/json'] ? 'application/json' : Object.keys(declared!.content)[0]!;
    const validate = ajv.getSchema(`openapi.json#/paths/${pointer(template)}/${method.toLowerCase()}/responses/${status}/content/${pointer(mediaType)}/schema`);
    expect(validate!(response.json()), `${method} ${template} ${status}: ${JSON.stringify(validate!.errors?.slice(0, 3))}`).toBe(true);
  }

  it('documents security schemes, the scoped token parameter and 401/403/429 on guarded routes', () => {
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual(['apiKey', 'bearer', 'scopedToken', 'sessionCookie']);
    // The `token` query parameter is documented by its security scheme (swagger lists it there, not as a parameter).
    expect(document.components.securitySchemes.scopedToken).toMatchObject({ type: 'apiKey', in: 'query', name: 'token' });
    expect(document.paths['/v1/runs/{id}/events']!.get!.security).toContainEqual({ scopedToken: [] });
    expect(document.paths['/v1/reports/{id}/export']!.get!.security).toContainEqual({ scopedToken: [] });
    expect(document.paths['/v1/runs/{id}']!.get!.security).not.toContainEqual({ scopedToken: [] });
    for (const [path, operations] of Object.entries(document.paths)) {
      // Public routes: sign-in, refresh, and share links (the token in the path is the credential).
      if (!path.startsWith('/v1/') || path.startsWith('/v1/auth/login') || path.startsWith('/v1/auth/refresh') || path.startsWith('/v1/shared/')) continue;
      for (const [method, operation] of Object.entries(operations)) {
        for (const status of ['401', '403', '429']) expect(operation.responses[status], `${method} ${path} ${status}`).toBeDefined();
      }
    }
  });

  it('validates every security route\'s answers', async () => {
    const { local } = harness.tenants;
    const owner = local.members.owner.key;
    const as = harness.as;
    const created = await as(owner, { method: 'POST', url: '/v1/keys', payload: { name: 'contract', scopes: ['runs:read'], expiresInDays: 30 } });
    const keyId = (created.json() as { apiKey: { id: string } }).apiKey.id;
    const added = await as(owner, { method: 'POST', url: '/v1/users', payload: { email: 'contract@local.test', role: 'viewer' } });
    const userId = (added.json() as { userId: string }).userId;
    const cases: Array<[string, string, LightMyRequestResponse]> = [
      ['POST', '/v1/auth/login', await harness.server.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: local.members.viewer.email, password: PASSWORD, mode: 'token' } })],
      ['POST', '/v1/auth/login', await harness.server.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: local.members.viewer.email, password: 'wrong password!' } })],
      ['POST', '/v1/auth/refresh', await harness.server.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: 'rft_x.y' } })],
      ['GET', '/v1/auth/me', await as(owner, '/v1/auth/me')],
      ['GET', '/v1/auth/me', await harness.server.inject('/v1/auth/me')],
      ['POST', '/v1/auth/password', await as(owner, { method: 'POST', url: '/v1/auth/password', payload: { newPassword: 'short' } })],
      ['POST', '/v1/runs/{id}/stream-token', await as(owner, { method: 'POST', url: `/v1/runs/${local.runId}/stream-token` })],
      ['POST', '/v1/reports/{id}/download-token', await as(owner, { method: 'POST', url: `/v1/reports/${local.reportId}/download-token` })],
      ['GET', '/v1/keys', await as(owner, '/v1/keys')],
      ['POST', '/v1/keys', created],
      ['POST', '/v1/keys', await as(local.members.viewer.key, { method: 'POST', url: '/v1/keys', payload: { name: 'x', scopes: ['audit:read'] } })],
      ['POST', '/v1/keys/{id}/rotate', await as(owner, { method: 'POST', url: `/v1/keys/${keyId}/rotate`, payload: { overlapSeconds: 60 } })],
      ['DELETE', '/v1/keys/{id}', await as(owner, { method: 'DELETE', url: `/v1/keys/${keyId}` })],
      ['GET', '/v1/users', await as(owner, '/v1/users')],
      ['POST', '/v1/users', added],
      ['PATCH', '/v1/users/{id}', await as(owner, { method: 'PATCH', url: `/v1/users/${userId}`, payload: { role: 'analyst' } })],
      ['DELETE', '/v1/users/{id}', await as(owner, { method: 'DELETE', url: `/v1/users/${userId}` })],
      ['GET', '/v1/tenants/current', await as(owner, '/v1/tenants/current')],
      ['PATCH', '/v1/tenants/current', await as(owner, { method: 'PATCH', url: '/v1/tenants/current', payload: { name: 'Renamed' } })],
      ['GET', '/v1/audit', await as(owner, '/v1/audit?limit=5')],
      ['GET', '/v1/audit', await as(local.members.viewer.key, '/v1/audit')],
      ['GET', '/v1/runs', await harness.server.inject({ url: '/v1/runs?api_key=cos_x' })],
    ];
    for (const [method, template, response] of cases) expectConforms(method, template, response);
  });
});
