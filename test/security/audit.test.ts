import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, type SecurityHarness, securityHarness } from './security-harness.js';

describe('audit log: every listed action, who/what/when/where, append-only', () => {
  let harness: SecurityHarness;
  beforeAll(async () => {
    harness = await securityHarness({ seedRuns: true });
  }, 120_000);
  afterAll(async () => {
    await harness.dispose();
  });

  it('records each action with its actor, target, time and address', async () => {
    const local = harness.tenants.local;
    const { owner, admin, analyst, viewer } = local.members;
    const userAgent = { 'user-agent': 'audit-probe/1.0' };
    await harness.server.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: viewer.email, password: PASSWORD }, headers: userAgent });
    await harness.server.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: viewer.email, password: 'wrong wrong wrong' }, headers: userAgent });
    const created = (await harness.as(analyst.key, { method: 'POST', url: '/v1/keys', payload: { name: 'audited' }, headers: userAgent })).json() as { apiKey: { id: string } };
    const rotated = (await harness.as(analyst.key, { method: 'POST', url: `/v1/keys/${created.apiKey.id}/rotate`, payload: {}, headers: userAgent })).json() as { apiKey: { id: string } };
    await harness.as(analyst.key, { method: 'DELETE', url: `/v1/keys/${rotated.apiKey.id}`, headers: userAgent });
    await harness.as(owner.key, { method: 'PATCH', url: `/v1/users/${viewer.userId}`, payload: { role: 'analyst' }, headers: userAgent });
    const added = (await harness.as(admin.key, { method: 'POST', url: '/v1/users', payload: { email: 'audited-member@local.test', role: 'viewer' }, headers: userAgent })).json() as { userId: string };
    await harness.as(admin.key, { method: 'DELETE', url: `/v1/users/${added.userId}`, headers: userAgent });
    await harness.as(owner.key, { method: 'PATCH', url: '/v1/tenants/current', payload: { name: 'Local (renamed)' }, headers: userAgent });
    const queued = (await harness.as(analyst.key, { method: 'POST', url: '/v1/analyses', payload: { company: 'Audit Co', depth: 'quick' }, headers: userAgent })).json() as { run: { id: string } };
    await harness.as(analyst.key, { method: 'POST', url: `/v1/runs/${queued.run.id}/cancel`, headers: userAgent });
    await harness.as(analyst.key, { method: 'POST', url: `/v1/runs/${queued.run.id}/resume`, headers: userAgent });
    await harness.as(viewer.key, { url: `/v1/reports/${local.reportId}`, headers: userAgent });
    await harness.as(viewer.key, { url: `/v1/reports/${local.reportId}/export?format=html`, headers: userAgent });
    await harness.as(admin.key, { method: 'DELETE', url: `/v1/reports/${local.reportId}`, headers: userAgent });

    const entries = await harness.auditOf('local');
    const find = (action: string, targetId?: string, outcome = 'success') => {
      const entry = entries.find((candidate) => candidate.action === action && candidate.outcome === outcome && (targetId === undefined || candidate.targetId === targetId));
      expect(entry, `${action} ${targetId ?? ''} ${outcome}`).toBeDefined();
      expect(entry!.at).toMatch(/^\d{4}-\d\d-\d\dT/);
      return entry!;
    };
    const expectations: Array<[string, string | undefined, string, string | null]> = [
      ['auth.login', viewer.userId, 'success', viewer.userId],
      ['auth.login', viewer.userId, 'failure', viewer.userId],
      ['key.create', created.apiKey.id, 'success', analyst.userId],
      ['key.rotate', created.apiKey.id, 'success', analyst.userId],
      ['key.revoke', rotated.apiKey.id, 'success', analyst.userId],
      ['member.role-change', viewer.userId, 'success', owner.userId],
      ['member.add', added.userId, 'success', admin.userId],
      ['member.remove', added.userId, 'success', admin.userId],
      ['tenant.update', 'local', 'success', owner.userId],
      ['run.create', queued.run.id, 'success', analyst.userId],
      ['run.cancel', queued.run.id, 'success', analyst.userId],
      ['run.resume', queued.run.id, 'success', analyst.userId],
      ['report.read', local.reportId, 'success', viewer.userId],
      ['report.export', local.reportId, 'success', viewer.userId],
      ['report.delete', local.reportId, 'success', admin.userId],
    ];
    for (const [action, targetId, outcome, actorId] of expectations) {
      const entry = find(action, targetId, outcome);
      expect(entry.actorId, action).toBe(actorId);
      expect(entry.ip, action).toBe('127.0.0.1');
      expect(entry.userAgent, action).toBe('audit-probe/1.0');
    }
    expect(find('member.role-change', viewer.userId).details).toMatchObject({ from: 'viewer', to: 'analyst' });
    expect(find('report.export', local.reportId).details).toMatchObject({ format: 'html', via: 'api-key' });
    expect(find('key.create', created.apiKey.id).details).toMatchObject({ keyId: analyst.keyId });
    // The bootstrap itself is on record.
    expect(entries.some((entry) => entry.action === 'tenant.create' && entry.actorType === 'system')).toBe(true);
  });

  it('pages through the log newest first with an opaque cursor', async () => {
    const key = harness.tenants.local.members.admin.key;
    const first = (await harness.as(key, '/v1/audit?limit=3')).json() as { items: Array<{ id: string; at: string }>; nextCursor: string };
    expect(first.items).toHaveLength(3);
    expect(first.nextCursor).toBeTruthy();
    const second = (await harness.as(key, `/v1/audit?limit=3&cursor=${encodeURIComponent(first.nextCursor)}`)).json() as { items: Array<{ id: string; at: string }> };
    expect(second.items.map((entry) => entry.id)).not.toContain(first.items[0]!.id);
    expect(second.items[0]!.at <= first.items[2]!.at).toBe(true);
    const logins = (await harness.as(key, '/v1/audit?action=auth.login')).json() as { items: Array<{ action: string }> };
    expect(logins.items.length).toBeGreaterThan(0);
    expect(logins.items.every((entry) => entry.action === 'auth.login')).toBe(true);
  });

  it('cannot be changed or deleted, even with direct database access', async () => {
    const db = harness.app.stores.database.db;
    await expect(sql`UPDATE audit_log SET action = 'nothing'`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(db)).rejects.toThrow(/append-only/);
    expect((await harness.auditOf('local')).length).toBeGreaterThan(10);
  });
});
