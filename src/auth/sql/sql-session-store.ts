import type { Kysely } from 'kysely';
import { isUniqueViolation } from '../../store/sql/rows.js';
import type { Database } from '../../store/schema.js';
import type { SessionStore } from '../auth-store.js';
import type { RefreshTokenRecord, Session } from '../model.js';
import { type AuthDatabase, type RefreshTokensTable, type SessionsTable, authDatabase } from './auth-tables.js';

function toSession(row: SessionsTable): Session {
  return { id: row.id, tenantId: row.tenant_id, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at, revokedAt: row.revoked_at, revokedReason: row.revoked_reason };
}

function toToken(row: RefreshTokensTable): RefreshTokenRecord {
  return { id: row.id, sessionId: row.session_id, secretHash: row.secret_hash, createdAt: row.created_at, expiresAt: row.expires_at, usedAt: row.used_at };
}

function tokenRow(token: RefreshTokenRecord): RefreshTokensTable {
  return { id: token.id, session_id: token.sessionId, secret_hash: token.secretHash, created_at: token.createdAt, expires_at: token.expiresAt, used_at: token.usedAt };
}

export class SqlSessionStore implements SessionStore {
  private readonly db: AuthDatabase;

  constructor(db: Kysely<Database>) {
    this.db = authDatabase(db);
  }

  async createSession(session: Session & { ip: string | null; userAgent: string | null }, firstToken: RefreshTokenRecord): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sessions')
        .values({
          id: session.id,
          tenant_id: session.tenantId,
          user_id: session.userId,
          created_at: session.createdAt,
          expires_at: session.expiresAt,
          revoked_at: null,
          revoked_reason: null,
          ip: session.ip,
          user_agent: session.userAgent,
        })
        .execute();
      await trx.insertInto('refresh_tokens').values(tokenRow(firstToken)).execute();
    });
  }

  async getSession(id: string): Promise<Session | undefined> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSession(row) : undefined;
  }

  async revokeSession(id: string, reason: string, now: string): Promise<boolean> {
    const result = await this.db.updateTable('sessions').set({ revoked_at: now, revoked_reason: reason }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async revokeUserSessions(userId: string, reason: string, now: string): Promise<number> {
    const result = await this.db.updateTable('sessions').set({ revoked_at: now, revoked_reason: reason }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async getRefreshToken(id: string): Promise<RefreshTokenRecord | undefined> {
    const row = await this.db.selectFrom('refresh_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toToken(row) : undefined;
  }

  async exchangeRefreshToken(id: string, successor: RefreshTokenRecord, now: string): Promise<'rotated' | 'reused'> {
    return this.db.transaction().execute(async (trx) => {
      // The conditional update is the atomic test-and-set: of two concurrent exchanges of one
      // token exactly one sees `used_at IS NULL`; the other is treated as reuse.
      const marked = await trx.updateTable('refresh_tokens').set({ used_at: now }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
      if (Number(marked.numUpdatedRows) !== 1) return 'reused';
      await trx.insertInto('refresh_tokens').values(tokenRow(successor)).execute();
      return 'rotated';
    });
  }

  async spendTokenId(id: string, expiresAt: string, now: string): Promise<boolean> {
    // Expired ids can no longer be presented (the token's own expiry refuses them), so they go.
    await this.db.deleteFrom('used_tokens').where('expires_at', '<', now).execute();
    try {
      await this.db.insertInto('used_tokens').values({ id, expires_at: expiresAt }).execute();
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }
}
