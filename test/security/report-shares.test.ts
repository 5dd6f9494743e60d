import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/reports/model/report.js';
import { expectNo5xx, securityHarness, type SecurityHarness, capturingLogger } from './security-harness.js';

describe('report share links, versions, comparison and exports over HTTP', () => {
  let harness: SecurityHarness;
  const capture = capturingLogger();
  const logLines = capture.lines;
  beforeAll(async () => {
    harness = await securityHarness({ seedRuns: true, loggerInstance: capture.logger });
  });
  afterAll(async () => {
    await harness.dispose();
  });

  const createShare = async (key: string, reportId: string, expiresInHours = 24) =>
    harness.as(key, { method: 'POST', url: `/v1/reports/${reportId}/shares`, payload: { expiresInHours } });

  it('shares a report read-only without a key, audits it, and revokes it', async () => {
    const local = harness.tenants.local;
    const created = await createShare(local.members.analyst.key, local.reportId);
    expect(created.statusCode).toBe(201);
    const share = created.json() as { id: string; token: string; url: string; exportUrl: string; expiresAt: string };
    expect(share.token).toMatch(/^shr_[0-9A-Z]{26}_[A-Za-z0-9_-]{43}$/);

    const read = await harness.server.inject(share.url);
    expect(read.statusCode).toBe(200);
    expect(Report.parse(read.json()).id).toBe(local.reportId);
    expect(read.headers['cache-control']).toBe('no-store');
    const pdf = await harness.server.inject(`${share.exportUrl}?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.headers['content-disposition']).toMatch(/^attachment; filename="local-holdings-v1\.pdf"/);
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    // Read-only: the token grants nothing else.
    expect((await harness.server.inject({ method: 'DELETE', url: share.url })).statusCode).toBe(404);
    expect((await harness.server.inject({ method: 'GET', url: `/v1/reports/${local.reportId}`, headers: { authorization: `Bearer ${share.token}` } })).statusCode).toBe(401);

    const listed = (await harness.as(local.members.viewer.key, `/v1/reports/${local.reportId}/shares`));
    expect(listed.statusCode).toBe(403);
    const shares = (await harness.as(local.members.admin.key, `/v1/reports/${local.reportId}/shares`)).json() as { items: Array<{ id: string; token?: string }> };
    expect(shares.items.map((item) => item.id)).toContain(share.id);
    expect(JSON.stringify(shares)).not.toContain(share.token);

    expect((await harness.as(local.members.analyst.key, { method: 'DELETE', url: `/v1/reports/${local.reportId}/shares/${share.id}` })).statusCode).toBe(204);
    expect((await harness.server.inject(share.url)).statusCode).toBe(404);
    expect((await harness.server.inject(`${share.exportUrl}?format=md`)).statusCode).toBe(404);
    expect((await harness.as(local.members.analyst.key, { method: 'DELETE', url: `/v1/reports/${local.reportId}/shares/${share.id}` })).statusCode).toBe(404);

    const actions = (await harness.auditOf('local')).map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['report.share', 'report.shared-read', 'report.shared-export', 'report.unshare']));
  });

  it('never writes a share token to the logs, and stops links of a disabled tenant', async () => {
    const other = harness.tenants.rival;
    const created = await createShare(other.members.analyst.key, other.reportId);
    expect(created.statusCode).toBe(201);
    const share = created.json() as { token: string; url: string; exportUrl: string };
    expect((await harness.server.inject(share.url)).statusCode).toBe(200);
    expect((await harness.server.inject(`${share.exportUrl}?format=md`)).statusCode).toBe(200);
    expect(logLines.some((line) => line.includes('/v1/shared/[redacted]'))).toBe(true);
    expect(logLines.join('\n')).not.toContain(share.token.slice(4));

    await harness.app.security.identities.updateTenant(other.id, { disabledAt: harness.clock.now().toISOString() });
    try {
      expect((await harness.server.inject(share.url)).statusCode).toBe(404);
      expect((await harness.server.inject(`${share.exportUrl}?format=md`)).statusCode).toBe(404);
    } finally {
      await harness.app.security.identities.updateTenant(other.id, { disabledAt: null });
    }
    expect((await harness.server.inject(share.url)).statusCode).toBe(200);
  });

  it('refuses expired, forged and cross-tenant shares, and viewers cannot share', async () => {
    const { local, rival } = harness.tenants;
    const short = (await createShare(local.members.owner.key, local.reportId, 1)).json() as { url: string; token: string };
    expect((await harness.server.inject(short.url)).statusCode).toBe(200);
    harness.clock.advance(61 * 60_000);
    const expired = await harness.server.inject(short.url);
    expect(expired.statusCode).toBe(404);
    expect(expired.json()).toMatchObject({ code: 'NOT_FOUND' });

    const fresh = (await createShare(local.members.owner.key, local.reportId)).json() as { token: string };
    const forged = `${fresh.token.slice(0, -4)}${fresh.token.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
    for (const token of [forged, 'shr_nope', `${fresh.token}x`, 'x'.repeat(119), '../../etc/passwd']) {
      const response = await harness.server.inject(`/v1/shared/${encodeURIComponent(token)}`);
      expectNo5xx(response);
      expect(response.statusCode, token).toBeGreaterThanOrEqual(400);
      expect(response.statusCode).toBeLessThan(500);
    }
    // Another tenant's report does not exist for sharing, listing or revoking.
    expect((await createShare(rival.members.owner.key, local.reportId)).statusCode).toBe(404);
    expect((await harness.as(rival.members.owner.key, `/v1/reports/${local.reportId}/shares`)).statusCode).toBe(404);
    expect((await createShare(local.members.viewer.key, local.reportId)).statusCode).toBe(403);
    expect((await harness.as(local.members.owner.key, { method: 'POST', url: `/v1/reports/${local.reportId}/shares`, payload: { expiresInHours: 100_000 } })).statusCode).toBe(400);
  });

  it('lists versions and compares two reports within the tenant only', async () => {
    const { local, rival } = harness.tenants;
    const second = await harness.as(local.members.analyst.key, { method: 'POST', url: '/v1/analyses', payload: { company: 'Local Holdings', frameworks: ['swot', 'porter'], depth: 'quick' }, headers: { prefer: 'wait=30' } });
    const secondId = (second.json() as { run: { reportId: string } }).run.reportId;
    const versions = (await harness.as(local.members.viewer.key, `/v1/reports/${secondId}/versions`)).json() as { items: Array<{ id: string; version: number }> };
    expect(versions.items.map((item) => item.version)).toEqual([1, 2]);
    expect(versions.items.map((item) => item.id)).toEqual([local.reportId, secondId]);

    const comparison = await harness.as(local.members.viewer.key, `/v1/reports/compare?left=${local.reportId}&right=${secondId}`);
    expect(comparison.statusCode).toBe(200);
    const body = comparison.json() as Record<string, unknown>;
    expect(JSON.stringify(body)).toContain('porter');
    const markdown = await harness.as(local.members.viewer.key, `/v1/reports/compare?left=${local.reportId}&right=${secondId}&format=md`);
    expect(markdown.headers['content-type']).toContain('text/markdown');
    expect((await harness.as(rival.members.owner.key, `/v1/reports/compare?left=${local.reportId}&right=${secondId}`)).statusCode).toBe(404);
    expect((await harness.as(rival.members.owner.key, `/v1/reports/${local.reportId}/versions`)).statusCode).toBe(404);

    for (const format of ['docx', 'xlsx', 'pptx'] as const) {
      const exported = await harness.as(local.members.viewer.key, `/v1/reports/${secondId}/export?format=${format}`);
      expect(exported.statusCode, format).toBe(200);
      expect(exported.rawPayload.subarray(0, 2).toString()).toBe('PK');
      expect(exported.headers['content-disposition']).toContain(`local-holdings-v2.${format}`);
    }
  });
});
