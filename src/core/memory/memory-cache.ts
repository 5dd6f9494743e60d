import { type Clock, systemClock } from '../clock.js';
import type { JsonValue } from '../json.js';
import type { Cache } from '../ports/cache.js';

/** An in-process cache with TTL and a bound on entries (oldest evicted first). */
export class MemoryCache implements Cache {
  private readonly entries = new Map<string, { value: JsonValue; expiresAt: number }>();

  constructor(private readonly options: { maxEntries?: number; clock?: Clock } = {}) {}

  private now(): number {
    return (this.options.clock ?? systemClock).now().getTime();
  }

  async get(key: string): Promise<JsonValue | undefined> {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return structuredClone(entry.value);
  }

  async set(key: string, value: JsonValue, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return;
    this.entries.delete(key);
    this.entries.set(key, { value: structuredClone(value), expiresAt: this.now() + ttlMs });
    const max = this.options.maxEntries ?? 10_000;
    while (this.entries.size > max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }
}
