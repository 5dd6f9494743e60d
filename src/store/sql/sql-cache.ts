import type { Kysely } from 'kysely';
import { type Clock, systemClock } from '../../core/clock.js';
import { parseStoredJson, type JsonValue } from '../../core/json.js';
import type { Cache } from '../../core/ports/cache.js';
import type { Database } from '../schema.js';

/** The database tier of the cache: survives restarts, shared by every process on the database. */
export class SqlCache implements Cache {
  private writes = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock = systemClock,
  ) {}

  async get(key: string): Promise<JsonValue | undefined> {
    return (await this.getEntry(key))?.value;
  }

  /** The value with its absolute expiry, so a faster cache tier can keep it no longer than this one. */
  async getEntry(key: string): Promise<{ value: JsonValue; expiresAtMs: number } | undefined> {
    const row = await this.db.selectFrom('cache_entries').select(['value', 'expires_at']).where('key', '=', key).where('expires_at', '>', this.clock.now().getTime()).executeTakeFirst();
    return row ? { value: parseStoredJson<JsonValue>(row.value) ?? null, expiresAtMs: Number(row.expires_at) } : undefined;
  }

  async set(key: string, value: JsonValue, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return;
    const expiresAt = this.clock.now().getTime() + Math.round(ttlMs);
    const text = JSON.stringify(value);
    await this.db
      .insertInto('cache_entries')
      .values({ key, value: text, expires_at: expiresAt })
      .onConflict((conflict) => conflict.column('key').doUpdateSet({ value: text, expires_at: expiresAt }))
      .execute();
    // Expired rows are invisible to `get`; sweep them now and then so the table stays small.
    this.writes += 1;
    if (this.writes % 200 === 0) await this.purgeExpired();
  }

  async delete(key: string): Promise<void> {
    await this.db.deleteFrom('cache_entries').where('key', '=', key).execute();
  }

  async purgeExpired(): Promise<number> {
    const result = await this.db.deleteFrom('cache_entries').where('expires_at', '<=', this.clock.now().getTime()).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
