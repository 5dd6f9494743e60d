import { type Clock, systemClock } from '../core/clock.js';
import type { JsonValue } from '../core/json.js';
import type { Cache } from '../core/ports/cache.js';
import type { CacheEntry, CacheTier } from './cache-tier.js';

/** An object or array is kept as JSON text; a primitive (immutable) as it is. */
type StoredValue = { text: string } | { primitive: string | number | boolean | null };

/**
 * The in-process tier: a bounded map, least recently used first out. Objects and arrays are kept
 * as JSON text, so a caller mutating what it got back cannot change what the next caller gets,
 * and what this tier returns is exactly what Redis or the database would have returned.
 * Primitives cannot be mutated, so they are kept as they are: a large string (the report cache
 * holds whole reports as JSON text) costs no second serialization on write and no parse on a hit.
 */
export class MemoryCacheTier implements Cache, CacheTier {
  private readonly entries = new Map<string, { stored: StoredValue; expiresAtMs: number }>();
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
    const value = 'text' in entry.stored ? (JSON.parse(entry.stored.text) as JsonValue) : entry.stored.primitive;
    return { value, expiresAtMs: entry.expiresAtMs };
  }

  async set(key: string, value: JsonValue, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0) || this.maxEntries === 0) return;
    this.entries.delete(key);
    const stored: StoredValue = value === null || typeof value !== 'object' ? { primitive: asJsonPrimitive(value) } : { text: JSON.stringify(value) };
    this.entries.set(key, { stored, expiresAtMs: this.clock.now().getTime() + ttlMs });
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

/** What a primitive reads back as from JSON text (Redis, the database): -0 is 0, NaN and ±Infinity are null. */
function asJsonPrimitive(value: string | number | boolean | null): string | number | boolean | null {
  if (typeof value !== 'number') return value;
  if (!Number.isFinite(value)) return null;
  return value === 0 ? 0 : value;
}
