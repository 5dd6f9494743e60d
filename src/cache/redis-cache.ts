import type { Redis } from 'ioredis';
import type { JsonValue } from '../core/json.js';
import type { Cache } from '../core/ports/cache.js';
import type { CacheEntry, CacheTier } from './cache-tier.js';

/**
 * The shared tier: one Redis for every process. Entries are JSON strings under
 * `<prefix>cache:<key>` and expire through Redis's own TTL (`SET … PX`), so nothing needs sweeping.
 */
export class RedisCache implements Cache, CacheTier {
  constructor(
    private readonly client: Redis,
    private readonly options: { prefix: string },
  ) {}

  private redisKey(key: string): string {
    return `${this.options.prefix}cache:${key}`;
  }

  async get(key: string): Promise<JsonValue | undefined> {
    return (await this.getEntry(key))?.value;
  }

  async getEntry(key: string): Promise<CacheEntry | undefined> {
    const redisKey = this.redisKey(key);
    const results = await this.client.multi().get(redisKey).pttl(redisKey).exec();
    if (!results) return undefined;
    const [[getError, text], [ttlError, ttl]] = results as [[Error | null, string | null], [Error | null, number]];
    if (getError) throw getError;
    if (ttlError) throw ttlError;
    // PTTL is -2 when the key vanished between the two commands (MULTI prevents that) and -1
    // when it has no expiry (never written by us); neither is a usable entry.
    if (text === null || ttl < 0) return undefined;
    return { value: JSON.parse(text) as JsonValue, expiresAtMs: Date.now() + ttl };
  }

  async set(key: string, value: JsonValue, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return;
    await this.client.set(this.redisKey(key), JSON.stringify(value), 'PX', Math.max(1, Math.ceil(ttlMs)));
  }

  async delete(key: string): Promise<void> {
    await this.client.del(this.redisKey(key));
  }
}
