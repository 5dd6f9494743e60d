import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecurityHarness, securityHarness } from './security-harness.js';

/**
 * The owner of one tenant — every permission there is — aims at every `{id}` route with the
 * other tenant's ids. Each must answer 404 (the resource does not exist for them), change
 * nothing, and leak nothing.
 */
describe('cross-tenant access on every {id} route', () => {
  let harness: SecurityHarness;
  beforeAll(async () => {
    harness = await securityHarness({ seedRuns: true });
  }, 120_000);
  afterAll(async () => {
    await harness.dispose();
  });

  const attacks: Array<[string, (rival: SecurityHarness['tenants']['rival']) => { method: 'GET' | 'POST' | 'DELETE' | 'PATCH'; url: string; payload?: object }]> = [
    ['read a run', (rival) => ({ method: 'GET', url: `/v1/runs/${rival.runId}` })],
    ['stream a run\'s events', (rival) => ({ method: 'GET', url: `/v1/runs/${rival.runId}/events` })],
    ['cancel a run', (rival) => ({ method: 'POST', url: `/v1/runs/${rival.runId}/cancel` })],
    ['resume a run', (rival) => ({ method: 'POST', url: `/v1/runs/${rival.runId}/resume` })],
    ['mint a stream token for a run', (rival) => ({ method: 'POST', url: `/v1/runs/${rival.runId}/stream-token` })],
    ['read a report', (rival) => ({ method: 'GET', url: `/v1/reports/${rival.reportId}` })],
    ['export a report', (rival) => ({ method: 'GET', url: `/v1/reports/${rival.reportId}/export?format=json` })],
    ['delete a report', (rival) => ({ method: 'DELETE', url: `/v1/reports/${rival.reportId}` })],
    ['mint a download token for a report', (rival) => ({ method: 'POST', url: `/v1/reports/${rival.reportId}/download-token` })],
    ['list the versions of a report', (rival) => ({ method: 'GET', url: `/v1/reports/${rival.reportId}/versions` })],
    ['share a report', (rival) => ({ method: 'POST', url: `/v1/reports/${rival.reportId}/shares`, payload: { expiresInHours: 1 } })],
    ['list the share links of a report', (rival) => ({ method: 'GET', url: `/v1/reports/${rival.reportId}/shares` })],
    ['rotate a key', (rival) => ({ method: 'POST', url: `/v1/keys/${rival.members.analyst.keyId}/rotate`, payload: {} })],
    ['revoke a key', (rival) => ({ method: 'DELETE', url: `/v1/keys/${rival.members.viewer.keyId}` })],
    ['change a member\'s role', (rival) => ({ method: 'PATCH', url: `/v1/users/${rival.members.viewer.userId}`, payload: { role: 'owner' } })],
    ['remove a member', (rival) => ({ method: 'DELETE', url: `/v1/users/${rival.members.analyst.userId}` })],
  ];

  it.each(attacks)('the local owner cannot %s of the rival tenant (404)', async (_name, attack) => {
    const request = attack(harness.tenants.rival);
    const response = await harness.as(harness.tenants.local.members.owner.key, { ...request, ...(request.payload ? { payload: request.payload } : {}) });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body).not.toContain('rival Holdings');
  });

  it('cannot compare with, or revoke a share link of, a rival report', async () => {
    const local = harness.tenants.local;
    const rival = harness.tenants.rival;
    const owner = local.members.owner.key;
    const compared = await harness.as(owner, `/v1/reports/compare?left=${local.reportId}&right=${rival.reportId}`);
    expect(compared.statusCode).toBe(404);
    expect(compared.body).not.toContain('rival Holdings');
    const created = await harness.as(rival.members.analyst.key, { method: 'POST', url: `/v1/reports/${rival.reportId}/shares`, payload: { expiresInHours: 1 } });
    expect(created.statusCode).toBe(201);
    const share = created.json() as { id: string; url: string };
    for (const url of [`/v1/reports/${rival.reportId}/shares/${share.id}`, `/v1/reports/${local.reportId}/shares/${share.id}`]) {
      expect((await harness.as(owner, { method: 'DELETE', url })).statusCode, url).toBe(404);
    }
    // The rival's link still works.
    expect((await harness.server.inject(share.url)).statusCode).toBe(200);
  });

  it('left every rival resource untouched', async () => {
    const rival = harness.tenants.rival;
    const run = await harness.as(rival.members.viewer.key, `/v1/runs/${rival.runId}`);
    expect(run.statusCode).toBe(200);
    expect((run.json() as { cancelRequested: boolean; status: string }).status).toBe('succeeded');
    expect((await harness.as(rival.members.viewer.key, `/v1/reports/${rival.reportId}`)).statusCode).toBe(200);
    // The rival's keys still work (neither rotated into an overlap nor revoked)…
    const keys = (await harness.as(rival.members.owner.key, '/v1/keys')).json() as { items: Array<{ id: string; status: string }> };
    for (const keyId of [rival.members.analyst.keyId, rival.members.viewer.keyId]) expect(keys.items.find((key) => key.id === keyId)?.status).toBe('active');
    // …and its members keep their roles and memberships.
    const members = (await harness.as(rival.members.owner.key, '/v1/users')).json() as { items: Array<{ userId: string; role: string }> };
    expect(members.items.find((member) => member.userId === rival.members.viewer.userId)?.role).toBe('viewer');
    expect(members.items.some((member) => member.userId === rival.members.analyst.userId)).toBe(true);
  });

  it('lists show only the caller\'s tenant, whatever the filters', async () => {
    const owner = harness.tenants.local.members.owner.key;
    const runs = (await harness.as(owner, '/v1/runs?limit=200')).json() as { items: Array<{ id: string }> };
    expect(runs.items.map((run) => run.id)).toContain(harness.tenants.local.runId);
    expect(runs.items.map((run) => run.id)).not.toContain(harness.tenants.rival.runId);
    const reports = (await harness.as(owner, `/v1/reports?company=${encodeURIComponent('rival Holdings')}`)).json() as { items: unknown[] };
    expect(reports.items).toEqual([]);
    const all = (await harness.as(owner, '/v1/reports?limit=200')).json() as { items: Array<{ id: string }> };
    expect(all.items.map((report) => report.id)).not.toContain(harness.tenants.rival.reportId);
    const keys = (await harness.as(owner, '/v1/keys')).json() as { items: Array<{ id: string }> };
    expect(keys.items.map((key) => key.id)).not.toContain(harness.tenants.rival.members.owner.keyId);
    const members = (await harness.as(owner, '/v1/users')).json() as { items: Array<{ email: string }> };
    expect(members.items.every((member) => member.email.endsWith('@local.test') || member.email === 'owner@localhost')).toBe(true);
  });

  it('the audit log of one tenant never shows the other tenant\'s entries', async () => {
    const owner = harness.tenants.local.members.owner.key;
    const rival = harness.tenants.rival;
    const filtered = (await harness.as(owner, `/v1/audit?targetId=${rival.runId}`)).json() as { items: unknown[] };
    expect(filtered.items).toEqual([]);
    const page = (await harness.as(owner, '/v1/audit?limit=200')).json() as { items: Array<{ targetId: string | null; actorId: string | null }> };
    const rivalIds = new Set([rival.runId, rival.reportId, ...Object.values(rival.members).flatMap((member) => [member.userId, member.keyId])]);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.filter((entry) => rivalIds.has(entry.targetId ?? '') || rivalIds.has(entry.actorId ?? ''))).toEqual([]);
    // The rival's own log does have its run creation.
    const rivalLog = await harness.auditOf('rival');
    expect(rivalLog.some((entry) => entry.action === 'run.create' && entry.targetId === rival.runId)).toBe(true);
  });

  it('a stream token for one tenant\'s run opens neither another run nor another tenant\'s', async () => {
    const local = harness.tenants.local;
    const minted = await harness.as(local.members.viewer.key, { method: 'POST', url: `/v1/runs/${local.runId}/stream-token` });
    expect(minted.statusCode).toBe(201);
    const { token } = minted.json() as { token: string };
    const other = await harness.server.inject(`/v1/runs/${harness.tenants.rival.runId}/events?token=${encodeURIComponent(token)}`);
    expect(other.statusCode).toBe(401);
    const download = await harness.as(local.members.viewer.key, { method: 'POST', url: `/v1/reports/${local.reportId}/download-token` });
    const downloadToken = (download.json() as { token: string }).token;
    const wrongReport = await harness.server.inject(`/v1/reports/${harness.tenants.rival.reportId}/export?token=${encodeURIComponent(downloadToken)}`);
    expect(wrongReport.statusCode).toBe(401);
  });
});
