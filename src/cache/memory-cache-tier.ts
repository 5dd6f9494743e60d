import { type Clock, systemClock } from '../core/clock.js';
import type { JsonValue } from '../core/json.js';
import type { Cache } from '../core/ports/cache.js';
import type { CacheEntry, CacheTier } from './cache-tier.js';

/**
 * The in-process tier: a bounded map, least recently used first out. Values are kept as JSON
 * text, so a caller mutating what it got back cannot change what the next caller gets, and what
 * this tier returns is exactly what Redis or the database would have returned.
 */
export class MemoryCacheTier implements Cache, CacheTier {
  private readonly entries = new Map<string, { text: string; expiresAtMs: number }>();
  private readonly maxEntries: number;
  private readonly clock: Clock;

  constructor(options: { maxEntries?: number; clock?: Clock } = {}) {
    this.maxEntries = options.maxEntries ?? 10_000;
    this.clock = options.clock ?? systemClock;
  }

  async get(key: string): Promise<JsonValue | undefined> {
    return (await this.getEntry(key))?.value;
  }

  async getEntry(key: string): Promise<CacheEntry | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= this.clock.now().getTime()) {
      this.entries.delete(key);
      return undefined;
    }
    // Re-inserting moves the key to the back of the map's order: recently used survives eviction.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return { value: JSON.parse(entry.text) as JsonValue, expiresAtMs: entry.expiresAtMs };
  }

  async set(key: string, value: JsonValue, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0) || this.maxEntries === 0) return;
    this.entries.delete(key);
    this.entries.set(key, { text: JSON.stringify(value), expiresAtMs: this.clock.now().getTime() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
