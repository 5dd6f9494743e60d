import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../../src/auth/api-key-format.js';
import type { ApiKeyRecord } from '../../src/auth/model.js';
import { SqlApiKeyStore } from '../../src/auth/sql/sql-api-key-store.js';
import { SqlAuditLog } from '../../src/auth/sql/sql-audit-log.js';
import { SqlIdentityStore } from '../../src/auth/sql/sql-identity-store.js';
import { SqlSessionStore } from '../../src/auth/sql/sql-session-store.js';
import { ConsultantError } from '../../src/core/errors.js';
import { newId } from '../../src/core/ids.js';
import type { Database } from '../../src/store/schema.js';

const T0 = '2026-01-01T00:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

/**
 * One suite for the auth tables on every dialect: the transitions that must stay atomic under
 * concurrency (last owner, refresh-token exchange, key rotation, single-use tokens) and the
 * append-only audit log.
 */
export function defineAuthStoreContract(name: string, open: () => Promise<{ db: Kysely<Database>; close(): Promise<void> }>): void {
  describe(`auth stores (${name})`, () => {
    let handle: { db: Kysely<Database>; close(): Promise<void> };
    let identities: SqlIdentityStore;
    let keys: SqlApiKeyStore;
    let sessions: SqlSessionStore;
    let audit: SqlAuditLog;
    beforeAll(async () => {
      handle = await open();
      identities = new SqlIdentityStore(handle.db);
      keys = new SqlApiKeyStore(handle.db);
      sessions = new SqlSessionStore(handle.db);
      audit = new SqlAuditLog(handle.db);
    });
    afterAll(async () => {
      await handle.close();
    });

    async function tenantWithOwners(owners: number) {
      const tenantId = newId('ten').toLowerCase();
      await identities.createTenant({ id: tenantId, name: 'T', tier: 'free', createdAt: T0, disabledAt: null });
      const ids: string[] = [];
      for (let index = 0; index < owners + 1; index += 1) {
        const user = await identities.createUser({ id: newId('usr'), email: `${newId('e').toLowerCase()}@x.test`, name: 'U', passwordHash: null, createdAt: T0 });
        await identities.addMember({ tenantId, userId: user.id, role: index < owners ? 'owner' : 'viewer', createdAt: T0, updatedAt: T0 });
        ids.push(user.id);
      }
      return { tenantId, owners: ids.slice(0, owners), viewer: ids[owners]! };
    }

    it('answers access (tier and role) only for an enabled member of an enabled tenant', async () => {
      const { tenantId, owners, viewer } = await tenantWithOwners(1);
      expect(await identities.getAccess(tenantId, owners[0]!)).toEqual({ tier: 'free', role: 'owner' });
      expect(await identities.getAccess(tenantId, viewer)).toEqual({ tier: 'free', role: 'viewer' });
      const other = await tenantWithOwners(1);
      expect(await identities.getAccess(other.tenantId, viewer)).toBeUndefined();
      await identities.setUserDisabled(viewer, T0);
      expect(await identities.getAccess(tenantId, viewer)).toBeUndefined();
      await identities.updateTenant(tenantId, { tier: 'pro' });
      expect(await identities.getAccess(tenantId, owners[0]!)).toEqual({ tier: 'pro', role: 'owner' });
      await identities.updateTenant(tenantId, { disabledAt: T0 });
      expect(await identities.getAccess(tenantId, owners[0]!)).toBeUndefined();
    });

    it('refuses duplicate tenants, emails and memberships with CONFLICT', async () => {
      const { tenantId, viewer } = await tenantWithOwners(1);
      await expect(identities.createTenant({ id: tenantId, name: 'again', tier: 'free', createdAt: T0, disabledAt: null })).rejects.toMatchObject({ code: 'CONFLICT' });
      const user = (await identities.getUser(viewer))!;
      await expect(identities.createUser({ id: newId('usr'), email: user.email.toUpperCase(), name: 'dup', passwordHash: null, createdAt: T0 })).rejects.toMatchObject({ code: 'CONFLICT' });
      await expect(identities.addMember({ tenantId, userId: viewer, role: 'admin', createdAt: T0, updatedAt: T0 })).rejects.toMatchObject({ code: 'CONFLICT' });
    });

    it('never leaves a tenant without an owner, even when two owners demote each other at once', async () => {
      const { tenantId, owners } = await tenantWithOwners(2);
      const outcomes = await Promise.allSettled(owners.map((userId) => identities.changeRole(tenantId, userId, 'admin', at(1))));
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      const rejected = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
      expect(rejected.reason).toBeInstanceOf(ConsultantError);
      expect((await identities.listMembers(tenantId)).filter((member) => member.role === 'owner')).toHaveLength(1);
    });

    it('removing a member revokes their keys and sessions in that tenant only', async () => {
      const { tenantId, viewer } = await tenantWithOwners(1);
      const generated = generateApiKey();
      const record: ApiKeyRecord = { id: generated.id, prefix: generated.prefix, tenantId, userId: viewer, name: 'k', scopes: ['*'], createdAt: T0, expiresAt: null, lastUsedAt: null, revokedAt: null, replacedBy: null };
      await keys.insertKey({ record, secretHash: generated.secretHash });
      const sessionId = newId('ses');
      await sessions.createSession({ id: sessionId, tenantId, userId: viewer, createdAt: T0, expiresAt: at(86_400_000), revokedAt: null, revokedReason: null, ip: null, userAgent: null }, { id: newId('rft'), sessionId, secretHash: 'h', createdAt: T0, expiresAt: at(86_400_000), usedAt: null });
      expect(await identities.removeMember(tenantId, viewer, at(5))).toBe(true);
      expect((await keys.getKey(tenantId, record.id))?.revokedAt).toBe(at(5));
      expect((await sessions.getSession(sessionId))?.revokedReason).toBe('membership-removed');
    });

    it('rotates a key once: the successor exists and the old key expires at the overlap', async () => {
      const { tenantId, viewer } = await tenantWithOwners(1);
      const old = generateApiKey();
      const record: ApiKeyRecord = { id: old.id, prefix: old.prefix, tenantId, userId: viewer, name: 'k', scopes: ['runs:read'], createdAt: T0, expiresAt: null, lastUsedAt: null, revokedAt: null, replacedBy: null };
      await keys.insertKey({ record, secretHash: old.secretHash });
      const successors = [generateApiKey(), generateApiKey()];
      const outcomes = await Promise.all(successors.map((successor) => keys.rotateKey(tenantId, old.id, { record: { ...record, id: successor.id, prefix: successor.prefix, createdAt: at(1) }, secretHash: successor.secretHash }, at(3_600_000))));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const stored = await keys.getKey(tenantId, old.id);
      expect(stored?.expiresAt).toBe(at(3_600_000));
      expect(stored?.replacedBy).toBe(outcomes.find(Boolean)!.id);
      expect(await keys.rotateKey('another-tenant', old.id, { record: { ...record, id: generateApiKey().id }, secretHash: 'x' }, at(1))).toBeUndefined();
    });

    it('exchanges a refresh token exactly once under concurrency', async () => {
      const { tenantId, viewer } = await tenantWithOwners(1);
      const sessionId = newId('ses');
      const first = { id: newId('rft'), sessionId, secretHash: 'h', createdAt: T0, expiresAt: at(86_400_000), usedAt: null };
      await sessions.createSession({ id: sessionId, tenantId, userId: viewer, createdAt: T0, expiresAt: at(86_400_000), revokedAt: null, revokedReason: null, ip: '198.51.100.1', userAgent: 'test' }, first);
      const outcomes = await Promise.all(Array.from({ length: 4 }, () => sessions.exchangeRefreshToken(first.id, { ...first, id: newId('rft'), createdAt: at(1) }, at(1))));
      expect(outcomes.filter((outcome) => outcome === 'rotated')).toHaveLength(1);
      expect(outcomes.filter((outcome) => outcome === 'reused')).toHaveLength(3);
    });

    it('spends a single-use token id once', async () => {
      const id = newId('dlt');
      const outcomes = await Promise.all(Array.from({ length: 3 }, () => sessions.spendTokenId(id, at(60_000), T0)));
      expect(outcomes.filter(Boolean)).toHaveLength(1);
    });

    it('keeps the audit log append-only and tenant-scoped', async () => {
      const entry = await audit.append({ tenantId: 'audit-a', actorType: 'user', actorId: 'usr_1', action: 'report.read', targetType: 'report', targetId: 'rep_1', outcome: 'success', ip: '203.0.113.1', userAgent: 'x'.repeat(2_000), requestId: 'r1', details: { format: 'md' } });
      await audit.append({ tenantId: 'audit-b', actorType: 'user', actorId: 'usr_2', action: 'report.read', targetType: 'report', targetId: 'rep_2', outcome: 'success', ip: null, userAgent: null, requestId: null, details: null });
      const page = await audit.list('audit-a', { limit: 10 });
      expect(page.items.map((item) => item.id)).toEqual([entry.id]);
      expect(page.items[0]!.userAgent!.length).toBeLessThanOrEqual(512);
      expect(page.items[0]!.details).toEqual({ format: 'md' });
      await expect(sql`UPDATE audit_log SET outcome = 'denied' WHERE id = ${entry.id}`.execute(handle.db)).rejects.toThrow(/append-only/);
      await expect(sql`DELETE FROM audit_log WHERE id = ${entry.id}`.execute(handle.db)).rejects.toThrow(/append-only/);
      expect((await audit.list('audit-a', { limit: 10 })).items[0]!.outcome).toBe('success');
    });
  });
}
