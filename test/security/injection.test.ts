import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INJECTIONS, type SecurityHarness, expectNo5xx, securityHarness } from './security-harness.js';


/** Header values cannot carry CR, LF or NUL at all (the HTTP client refuses them), so those go. */
function headerSafe(text: string): string {
  return [...text].filter((character) => character >= ' ').join('');
}

describe('injection strings in every text field', () => {
  let harness: SecurityHarness;
  beforeAll(async () => {
    harness = await securityHarness({ seedRuns: true, worker: true });
  }, 120_000);
  afterAll(async () => {
    await harness.dispose();
  });

  const fields: Array<[string, (text: string) => InjectOptions]> = [
    ['analysis company', (text) => ({ method: 'POST', url: '/v1/analyses', payload: { company: text, depth: 'quick', frameworks: ['swot'] } })],
    ['analysis industry', (text) => ({ method: 'POST', url: '/v1/analyses', payload: { company: 'Inject Co', industry: text, depth: 'quick', frameworks: ['swot'] } })],
    ['analysis context', (text) => ({ method: 'POST', url: '/v1/analyses', payload: { company: 'Inject Co', context: text, depth: 'quick', frameworks: ['swot'] } })],
    ['analysis model', (text) => ({ method: 'POST', url: '/v1/analyses', payload: { company: 'Inject Co', model: text, depth: 'quick', frameworks: ['swot'] } })],
    ['idempotency key', (text) => ({ method: 'POST', url: '/v1/analyses', payload: { company: 'Inject Co', depth: 'quick', frameworks: ['swot'] }, headers: { 'idempotency-key': headerSafe(text) || 'x' } })],
    ['key name', (text) => ({ method: 'POST', url: '/v1/keys', payload: { name: text } })],
    ['key scopes', (text) => ({ method: 'POST', url: '/v1/keys', payload: { name: 'k', scopes: [text] } })],
    ['member email', (text) => ({ method: 'POST', url: '/v1/users', payload: { email: `${text}@example.test`, role: 'viewer' } })],
    ['member name', (text) => ({ method: 'POST', url: '/v1/users', payload: { email: `n${Math.random().toString(36).slice(2)}@example.test`, name: text, role: 'viewer' } })],
    ['member role', (text) => ({ method: 'PATCH', url: `/v1/users/${encodeURIComponent(text)}`, payload: { role: text } })],
    ['tenant name', (text) => ({ method: 'PATCH', url: '/v1/tenants/current', payload: { name: text } })],
    ['report company filter', (text) => ({ url: `/v1/reports?company=${encodeURIComponent(text)}` })],
    ['run cursor', (text) => ({ url: `/v1/runs?cursor=${encodeURIComponent(text)}` })],
    ['audit filters', (text) => ({ url: `/v1/audit?actorId=${encodeURIComponent(text)}&targetId=${encodeURIComponent(text)}` })],
    ['run id in the path', (text) => ({ url: `/v1/runs/${encodeURIComponent(text)}` })],
    ['report id in the path', (text) => ({ method: 'DELETE', url: `/v1/reports/${encodeURIComponent(text)}` })],
    ['Last-Event-ID', (text) => ({ url: `/v1/runs/${harness.tenants.local.runId}/events`, headers: { 'last-event-id': headerSafe(text) || 'x' } })],
    ['X-Request-Id', (text) => ({ url: '/v1/runs', headers: { 'x-request-id': headerSafe(text) || 'x' } })],
    ['Prefer', (text) => ({ method: 'POST', url: '/v1/analyses', payload: { company: 'Prefer Co', depth: 'quick', frameworks: ['swot'] }, headers: { prefer: `wait=0, ${headerSafe(text)}` } })],
  ];

  it.each(fields)('%s: no 5xx, nothing leaks across tenants, no header injection', async (_name, build) => {
    for (const text of INJECTIONS) {
      const response = await harness.as(harness.tenants.local.members.owner.key, build(text));
      expectNo5xx(response);
      expect(response.headers['set-cookie']).toBeUndefined();
      expect(response.body).not.toContain('rival Holdings');
      if (String(response.headers['content-type'] ?? '').includes('json')) expect(() => JSON.parse(response.body)).not.toThrow();
    }
  });

  it('sign-in and refresh fields', async () => {
    for (const text of INJECTIONS) {
      for (const payload of [{ email: text, password: text }, { email: `${text}@x.test`, password: 'p' }, { email: 'owner@local.test', password: text, tenantId: text }]) {
        const response = await harness.server.inject({ method: 'POST', url: '/v1/auth/login', payload });
        expectNo5xx(response);
        expect([400, 401, 429]).toContain(response.statusCode);
      }
      const refresh = await harness.server.inject({ method: 'POST', url: '/v1/auth/refresh', payload: { refreshToken: text.slice(0, 200) } });
      expectNo5xx(refresh);
      expect(refresh.statusCode).toBe(401);
      const credential = await harness.server.inject({ url: '/v1/runs', headers: { authorization: `Bearer ${headerSafe(text)}`, cookie: `cos_access=${encodeURIComponent(text)}` } });
      expect(credential.statusCode).toBe(401);
    }
  });

  it('stores hostile text verbatim and returns it as inert JSON data', async () => {
    const owner = harness.tenants.local.members.owner.key;
    const name = '<script>alert(1)</script> \'; DROP TABLE api_keys; --';
    const created = await harness.as(owner, { method: 'POST', url: '/v1/keys', payload: { name } });
    expect(created.statusCode).toBe(201);
    expect((created.json() as { apiKey: { name: string } }).apiKey.name).toBe(name);
    expect(created.headers['content-type']).toContain('application/json');
    const listed = (await harness.as(owner, '/v1/keys')).json() as { items: Array<{ name: string }> };
    expect(listed.items.some((key) => key.name === name)).toBe(true);
    // The tables are all still there.
    expect((await harness.as(owner, '/v1/runs')).statusCode).toBe(200);
  });

  it('SQL in filters never widens a result', async () => {
    const owner = harness.tenants.local.members.owner.key;
    for (const text of ["' OR '1'='1", "x' OR 1=1 --", '%', '_']) {
      // Only a report of a company literally named like the filter may come back (an earlier test may have analysed one).
      const reports = (await harness.as(owner, `/v1/reports?company=${encodeURIComponent(text)}`)).json() as { items: Array<{ companyName: string }> };
      expect(reports.items.filter((report) => report.companyName.trim().toLowerCase() !== text.trim().toLowerCase()), text).toEqual([]);
      const audit = (await harness.as(owner, `/v1/audit?actorId=${encodeURIComponent(text)}`)).json() as { items: unknown[] };
      expect(audit.items, text).toEqual([]);
    }
  });

  it('control characters in display names are refused', async () => {
    const response = await harness.as(harness.tenants.local.members.owner.key, { method: 'POST', url: '/v1/keys', payload: { name: 'line\r\nbreak' } });
    expect(response.statusCode).toBe(400);
  });
});
