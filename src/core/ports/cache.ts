import type { JsonValue } from '../json.js';

/**
 * A key/value cache with per-entry time to live. Keys are opaque strings the caller builds
 * (they must already include the tenant or source scope). Expired entries are never returned.
 */
export interface Cache {
  get(key: string): Promise<JsonValue | undefined>;
  set(key: string, value: JsonValue, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}
