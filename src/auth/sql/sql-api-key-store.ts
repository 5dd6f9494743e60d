import type { Kysely } from 'kysely';
import { parseStoredJson } from '../../core/json.js';
import type { Database } from '../../store/schema.js';
import { keyPrefixOf } from '../api-key-format.js';
import type { ApiKeyStore, NewApiKey } from '../auth-store.js';
import type { ApiKeyRecord } from '../model.js';
import { type ApiKeysTable, type AuthDatabase, authDatabase } from './auth-tables.js';

function toRecord(row: ApiKeysTable): ApiKeyRecord {
  return {
    id: row.id,
    prefix: keyPrefixOf(row.id),
    tenantId: row.tenant_id,
    userId: row.user_id,
    name: row.name,
    scopes: parseStoredJson<string[]>(row.scopes) ?? [],
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    replacedBy: row.replaced_by,
  };
}

function toRow(key: NewApiKey): ApiKeysTable {
  const { record } = key;
  return {
    id: record.id,
    tenant_id: record.tenantId,
    user_id: record.userId,
    name: record.name,
    secret_hash: key.secretHash,
    scopes: JSON.stringify(record.scopes),
    created_at: record.createdAt,
    expires_at: record.expiresAt,
    last_used_at: null,
    revoked_at: null,
    replaced_by: null,
  };
}

export class SqlApiKeyStore implements ApiKeyStore {
  private readonly db: AuthDatabase;

  constructor(db: Kysely<Database>) {
    this.db = authDatabase(db);
  }

  async insertKey(key: NewApiKey): Promise<ApiKeyRecord> {
    const row = toRow(key);
    await this.db.insertInto('api_keys').values(row).execute();
    return toRecord(row);
  }

  async loadKeyForAuthentication(id: string): Promise<(ApiKeyRecord & { secretHash: string }) | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? { ...toRecord(row), secretHash: row.secret_hash } : undefined;
  }

  async getKey(tenantId: string, id: string): Promise<ApiKeyRecord | undefined> {
    const row = await this.db.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : undefined;
  }

  async listKeys(tenantId: string, filter: { userId?: string } = {}): Promise<ApiKeyRecord[]> {
    let query = this.db.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId);
    if (filter.userId) query = query.where('user_id', '=', filter.userId);
    return (await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1_000).execute()).map(toRecord);
  }

  async revokeKey(tenantId: string, id: string, now: string): Promise<boolean> {
    const result = await this.db.updateTable('api_keys').set({ revoked_at: now }).where('tenant_id', '=', tenantId).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async rotateKey(tenantId: string, id: string, successor: NewApiKey, oldExpiresAt: string): Promise<ApiKeyRecord | undefined> {
    return this.db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('api_keys').selectAll().where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
      if (!current || current.revoked_at !== null || current.replaced_by !== null) return undefined;
      if (current.expires_at !== null && current.expires_at <= successor.record.createdAt) return undefined;
      // The old key never lives longer than it already would have.
      const expiresAt = current.expires_at !== null && current.expires_at < oldExpiresAt ? current.expires_at : oldExpiresAt;
      const updated = await trx
        .updateTable('api_keys')
        .set({ replaced_by: successor.record.id, expires_at: expiresAt })
        .where('id', '=', id)
        .where('replaced_by', 'is', null)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) return undefined;
      const row = toRow(successor);
      await trx.insertInto('api_keys').values(row).execute();
      return toRecord(row);
    });
  }

  async touchKey(id: string, now: string, minimumIntervalMs: number): Promise<void> {
    const threshold = new Date(Date.parse(now) - minimumIntervalMs).toISOString();
    await this.db
      .updateTable('api_keys')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .where((expression) => expression.or([expression('last_used_at', 'is', null), expression('last_used_at', '<', threshold)]))
      .execute();
  }
}
