import type { JsonValue } from '../core/json.js';

/** A cached value and the moment (epoch milliseconds) it stops being valid. */
export interface CacheEntry {
  value: JsonValue;
  expiresAtMs: number;
}

/**
 * One level of the tiered cache. Beyond the `Cache` port, a tier reports when an entry expires,
 * so a faster tier that is filled from it keeps the entry no longer than it would have lived
 * here. `SqlCache`, `RedisCache` and `MemoryCacheTier` implement it.
 */
export interface CacheTier {
  getEntry(key: string): Promise<CacheEntry | undefined>;
  set(key: string, value: JsonValue, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}
