import { type Clock, systemClock } from '../core/clock.js';
import type { JsonValue } from '../core/json.js';
import { type Logger, silentLogger } from '../core/logger.js';
import type { Cache } from '../core/ports/cache.js';
import type { CacheTier } from './cache-tier.js';

export interface TierConfig {
  /** Names the tier in stats and logs: `memory`, `redis`, `database`. */
  name: string;
  tier: CacheTier;
  /** Longest an entry may live in this tier, whatever TTL the caller asked for. */
  maxTtlMs?: number;
  /** Process-local (memory): dropped when another process announces it changed the key. */
  local?: boolean;
}

/** Tells other processes a key changed, so they drop it from their local tiers. */
export interface CacheInvalidation {
  publish(key: string): Promise<void>;
  subscribe(onKey: (key: string) => void): Promise<() => Promise<void>>;
}

export interface TieredCacheStats {
  /** Reads answered by each tier. */
  hits: Record<string, number>;
  /** Reads no tier could answer. */
  misses: number;
  /**
   * Reads that asked a tier and went on to the next one: the entry was absent or expired there,
   * or the tier failed. `hits[tier] + missesByTier[tier]` is every read that reached the tier.
   */
  missesByTier: Record<string, number>;
  /** Failed reads, writes and deletes of each tier. */
  errors: Record<string, number>;
}

export interface TieredCacheOptions {
  /** Fastest first: memory → Redis → database. */
  tiers: TierConfig[];
  invalidation?: CacheInvalidation;
  logger?: Logger;
  clock?: Clock;
}

/**
 * Memory → Redis → database behind the `Cache` port.
 *
 * - Read-through with promotion: a hit in a slower tier is copied into the faster ones with the
 *   time it has left there (and at most each tier's `maxTtlMs`), so no tier outlives the entry.
 * - Write-through: `set` and `delete` go to every tier, then announce the key so other processes
 *   drop their memory copy; `maxTtlMs` on the memory tier bounds staleness if an announcement is
 *   missed (Redis down).
 * - Degrade, never break: a tier that fails is skipped on reads and writes (logged and counted),
 *   so Redis being down makes the cache slower, not broken. `delete` is the exception: a delete
 *   that did not reach a shared tier throws, because a stale entry could outlive what it caches.
 */
export class TieredCache implements Cache {
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly counters: TieredCacheStats;
  /** Reads in flight per key, and whether the key was written meanwhile (then no promotion). */
  private readonly reading = new Map<string, { readers: number; changed: boolean }>();
  private stopListening: (() => Promise<void>) | undefined;

  private constructor(private readonly options: TieredCacheOptions) {
    if (options.tiers.length === 0) throw new Error('A tiered cache needs at least one tier');
    this.logger = options.logger ?? silentLogger;
    this.clock = options.clock ?? systemClock;
    this.counters = {
      hits: Object.fromEntries(options.tiers.map((tier) => [tier.name, 0])),
      misses: 0,
      missesByTier: Object.fromEntries(options.tiers.map((tier) => [tier.name, 0])),
      errors: Object.fromEntries(options.tiers.map((tier) => [tier.name, 0])),
    };
  }

  /** Builds the cache and, with `invalidation`, starts listening for other processes' changes. */
  static async create(options: TieredCacheOptions): Promise<TieredCache> {
    const cache = new TieredCache(options);
    if (options.invalidation) {
      cache.stopListening = await options.invalidation.subscribe((key) => {
        cache.markChanged(key);
        for (const tier of options.tiers) if (tier.local) void tier.tier.delete(key).catch(() => undefined);
      });
    }
    return cache;
  }

  async get(key: string): Promise<JsonValue | undefined> {
    const mark = this.reading.get(key) ?? { readers: 0, changed: false };
    mark.readers += 1;
    this.reading.set(key, mark);
    try {
      const tiers = this.options.tiers;
      for (let index = 0; index < tiers.length; index += 1) {
        const tier = tiers[index]!;
        let entry;
        try {
          entry = await tier.tier.getEntry(key);
        } catch (error) {
          this.failed(tier, 'get', error);
          this.counters.missesByTier[tier.name] = (this.counters.missesByTier[tier.name] ?? 0) + 1;
          continue;
        }
        const remainingMs = entry ? entry.expiresAtMs - this.clock.now().getTime() : 0;
        if (!entry || remainingMs <= 0) {
          this.counters.missesByTier[tier.name] = (this.counters.missesByTier[tier.name] ?? 0) + 1;
          continue;
        }
        this.counters.hits[tier.name] = (this.counters.hits[tier.name] ?? 0) + 1;
        // A write that happened while we read makes what we read possibly stale: return it (the
        // caller asked before the write) but do not copy it anywhere.
        if (!mark.changed) {
          await Promise.all(tiers.slice(0, index).map((faster) => this.write(faster, key, entry.value, remainingMs)));
        }
        return entry.value;
      }
      this.counters.misses += 1;
      return undefined;
    } finally {
      mark.readers -= 1;
      if (mark.readers === 0) this.reading.delete(key);
    }
  }

  async set(key: string, value: JsonValue, ttlMs: number): Promise<void> {
    if (!(ttlMs > 0)) return;
    this.markChanged(key);
    await Promise.all(this.options.tiers.map((tier) => this.write(tier, key, value, ttlMs)));
    await this.announce(key);
  }

  async delete(key: string): Promise<void> {
    this.markChanged(key);
    const results = await Promise.allSettled(this.options.tiers.map((tier) => tier.tier.delete(key)));
    await this.announce(key);
    const sharedFailure = results.find((result, index) => result.status === 'rejected' && !this.options.tiers[index]!.local);
    results.forEach((result, index) => {
      if (result.status === 'rejected') this.failed(this.options.tiers[index]!, 'delete', result.reason);
    });
    if (sharedFailure?.status === 'rejected') throw sharedFailure.reason;
  }

  /** Hits and misses per tier, reads nothing answered, and failures per tier since start (for metrics). */
  stats(): TieredCacheStats {
    return structuredClone(this.counters);
  }

  async close(): Promise<void> {
    const stop = this.stopListening;
    this.stopListening = undefined;
    await stop?.();
  }

  private markChanged(key: string): void {
    const mark = this.reading.get(key);
    if (mark) mark.changed = true;
  }

  private async write(tier: TierConfig, key: string, value: JsonValue, ttlMs: number): Promise<void> {
    const capped = tier.maxTtlMs === undefined ? ttlMs : Math.min(ttlMs, tier.maxTtlMs);
    try {
      await tier.tier.set(key, value, capped);
    } catch (error) {
      this.failed(tier, 'set', error);
    }
  }

  private async announce(key: string): Promise<void> {
    if (!this.options.invalidation) return;
    try {
      await this.options.invalidation.publish(key);
    } catch (error) {
      this.logger.warn({ err: (error as Error).message }, 'Could not announce a cache change; other processes keep their copy until it expires');
    }
  }

  private failed(tier: TierConfig, operation: string, error: unknown): void {
    this.counters.errors[tier.name] = (this.counters.errors[tier.name] ?? 0) + 1;
    this.logger.warn({ tier: tier.name, operation, err: (error as Error)?.message ?? String(error) }, 'Cache tier failed; using the others');
  }
}
