import { describe, expect, it } from 'vitest';
import { defineCacheContract } from '../../test/contracts/cache.contract.js';
import type { Clock } from '../core/clock.js';
import type { JsonValue } from '../core/json.js';
import type { CacheEntry, CacheTier } from './cache-tier.js';
import { MemoryCacheTier } from './memory-cache-tier.js';
import { type CacheInvalidation, TieredCache } from './tiered-cache.js';

class ManualClock implements Clock {
  constructor(private ms = Date.parse('2026-01-01T00:00:00Z')) {}
  now(): Date {
    return new Date(this.ms);
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** A tier that fails every call while `down` is set. */
class FlakyTier implements CacheTier {
  down = false;
  constructor(private readonly inner: CacheTier) {}
  private check(): void {
    if (this.down) throw new Error('tier unavailable');
  }
  async getEntry(key: string): Promise<CacheEntry | undefined> {
    this.check();
    return this.inner.getEntry(key);
  }
  async set(key: string, value: JsonValue, ttlMs: number): Promise<void> {
    this.check();
    await this.inner.set(key, value, ttlMs);
  }
  async delete(key: string): Promise<void> {
    this.check();
    await this.inner.delete(key);
  }
}

/** In-process stand-in for the Redis channel, joining several caches as if they were processes. */
function sharedInvalidation(): () => CacheInvalidation {
  const listeners = new Set<{ origin: object; onKey: (key: string) => void }>();
  return () => {
    const origin = {};
    return {
      async publish(key) {
        for (const listener of listeners) if (listener.origin !== origin) listener.onKey(key);
      },
      async subscribe(onKey) {
        const entry = { origin, onKey };
        listeners.add(entry);
        return async () => {
          listeners.delete(entry);
        };
      },
    };
  };
}

defineCacheContract('tiered over memory tiers', async () => {
  const cache = await TieredCache.create({ tiers: [{ name: 'fast', tier: new MemoryCacheTier(), maxTtlMs: 30, local: true }, { name: 'slow', tier: new MemoryCacheTier() }] });
  return { store: cache, close: () => cache.close() };
});

describe('TieredCache', () => {
  it('promotes a hit into faster tiers with only the time it has left', async () => {
    const clock = new ManualClock();
    const fast = new MemoryCacheTier({ clock });
    const slow = new MemoryCacheTier({ clock });
    const cache = await TieredCache.create({ tiers: [{ name: 'memory', tier: fast, local: true }, { name: 'database', tier: slow }], clock });
    await slow.set('report', { version: 1 }, 1_000);
    clock.advance(400);
    expect(await cache.get('report')).toEqual({ version: 1 });
    expect((await fast.getEntry('report'))?.expiresAtMs).toBe(clock.now().getTime() + 600);
    clock.advance(601);
    expect(await fast.getEntry('report')).toBeUndefined();
    expect(await cache.get('report')).toBeUndefined();
    // The first read missed memory and hit the database; the second missed both.
    expect(cache.stats()).toEqual({ hits: { memory: 0, database: 1 }, misses: 1, missesByTier: { memory: 2, database: 1 }, errors: { memory: 0, database: 0 } });
  });

  it('caps each tier at its own longest time to live', async () => {
    const clock = new ManualClock();
    const fast = new MemoryCacheTier({ clock });
    const slow = new MemoryCacheTier({ clock });
    const cache = await TieredCache.create({ tiers: [{ name: 'memory', tier: fast, maxTtlMs: 100, local: true }, { name: 'database', tier: slow }], clock });
    await cache.set('key', 'value', 10_000);
    const now = clock.now().getTime();
    expect((await fast.getEntry('key'))?.expiresAtMs).toBe(now + 100);
    expect((await slow.getEntry('key'))?.expiresAtMs).toBe(now + 10_000);
    clock.advance(150);
    expect(await cache.get('key')).toBe('value');
    expect(cache.stats().hits).toEqual({ memory: 0, database: 1 });
    expect((await fast.getEntry('key'))?.expiresAtMs).toBe(clock.now().getTime() + 100);
  });

  it('reads and writes through the healthy tiers when one fails, and counts the failures', async () => {
    const redis = new FlakyTier(new MemoryCacheTier());
    const database = new MemoryCacheTier();
    const cache = await TieredCache.create({ tiers: [{ name: 'memory', tier: new MemoryCacheTier(), maxTtlMs: 0, local: true }, { name: 'redis', tier: redis }, { name: 'database', tier: database }] });
    redis.down = true;
    await cache.set('key', { ok: true }, 60_000);
    expect(await cache.get('key')).toEqual({ ok: true });
    // The write, the read, and the promotion of the database hit back into Redis.
    expect(cache.stats().errors.redis).toBe(3);
    expect(cache.stats().hits.database).toBe(1);
    // A failing tier passes the read on: it counts as a miss of that tier as well as an error.
    expect(cache.stats().missesByTier).toEqual({ memory: 1, redis: 1, database: 0 });
    redis.down = false;
    expect(await cache.get('key')).toEqual({ ok: true });
    expect(await redis.getEntry('key')).toBeDefined();
  });

  it('refuses to pretend a delete happened when a shared tier missed it', async () => {
    const redis = new FlakyTier(new MemoryCacheTier());
    const memory = new FlakyTier(new MemoryCacheTier());
    const cache = await TieredCache.create({ tiers: [{ name: 'memory', tier: memory, local: true }, { name: 'redis', tier: redis }] });
    await cache.set('key', 1, 60_000);
    memory.down = true;
    await cache.delete('key');
    memory.down = false;
    await cache.set('key', 2, 60_000);
    redis.down = true;
    await expect(cache.delete('key')).rejects.toThrow('tier unavailable');
  });

  it('does not promote a value read while the key was being written', async () => {
    const fast = new MemoryCacheTier();
    const slow = new MemoryCacheTier();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const gatedSlow: CacheTier = {
      getEntry: async (key) => {
        const entry = await slow.getEntry(key);
        await gate;
        return entry;
      },
      set: (key, value, ttl) => slow.set(key, value, ttl),
      delete: (key) => slow.delete(key),
    };
    const cache = await TieredCache.create({ tiers: [{ name: 'memory', tier: fast, local: true }, { name: 'database', tier: gatedSlow }] });
    await slow.set('key', 'old', 60_000);
    const reading = cache.get('key');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await cache.set('key', 'new', 60_000);
    release();
    expect(await reading).toBe('old');
    expect((await fast.getEntry('key'))?.value).toBe('new');
  });

  it('drops other processes’ memory copies when a key changes', async () => {
    const invalidation = sharedInvalidation();
    const shared = new MemoryCacheTier();
    const memoryA = new MemoryCacheTier();
    const memoryB = new MemoryCacheTier();
    const a = await TieredCache.create({ tiers: [{ name: 'memory', tier: memoryA, local: true }, { name: 'redis', tier: shared }], invalidation: invalidation() });
    const b = await TieredCache.create({ tiers: [{ name: 'memory', tier: memoryB, local: true }, { name: 'redis', tier: shared }], invalidation: invalidation() });
    await a.set('key', 'first', 60_000);
    expect(await b.get('key')).toBe('first');
    await a.set('key', 'second', 60_000);
    expect(await memoryA.getEntry('key')).toMatchObject({ value: 'second' });
    expect(await memoryB.getEntry('key')).toBeUndefined();
    expect(await b.get('key')).toBe('second');
    await b.delete('key');
    expect(await memoryA.getEntry('key')).toBeUndefined();
    expect(await a.get('key')).toBeUndefined();
    await a.close();
    await b.close();
  });

  it('returns copies, so callers cannot change what others read', async () => {
    const cache = await TieredCache.create({ tiers: [{ name: 'memory', tier: new MemoryCacheTier(), local: true }] });
    await cache.set('key', { list: [1] }, 60_000);
    const first = (await cache.get('key')) as { list: number[] };
    first.list.push(2);
    expect(await cache.get('key')).toEqual({ list: [1] });
  });

  it('counts every read per tier: hits where it was answered, misses on the way there', async () => {
    const cache = await TieredCache.create({ tiers: [{ name: 'memory', tier: new MemoryCacheTier(), maxTtlMs: 60_000, local: true }, { name: 'database', tier: new MemoryCacheTier() }] });
    await cache.set('key', 'value', 60_000);
    for (let read = 0; read < 3; read += 1) expect(await cache.get('key')).toBe('value');
    expect(await cache.get('absent')).toBeUndefined();
    const stats = cache.stats();
    expect(stats.hits).toEqual({ memory: 3, database: 0 });
    expect(stats.missesByTier).toEqual({ memory: 1, database: 1 });
    expect(stats.misses).toBe(1);
  });

  it('keeps primitives as they are and reads them back as JSON would', async () => {
    const tier = new MemoryCacheTier();
    const text = JSON.stringify({ report: 'x'.repeat(1_000) });
    await tier.set('text', text, 60_000);
    await tier.set('negative-zero', -0, 60_000);
    await tier.set('not-a-number', Number.NaN, 60_000);
    await tier.set('flag', false, 60_000);
    await tier.set('nothing', null, 60_000);
    expect(await tier.get('text')).toBe(text);
    expect(Object.is(await tier.get('negative-zero'), 0)).toBe(true);
    expect(await tier.get('not-a-number')).toBeNull();
    expect(await tier.get('flag')).toBe(false);
    expect(await tier.get('nothing')).toBeNull();
  });

  it('evicts the least recently used entry beyond its bound', async () => {
    const tier = new MemoryCacheTier({ maxEntries: 2 });
    await tier.set('a', 1, 60_000);
    await tier.set('b', 2, 60_000);
    await tier.getEntry('a');
    await tier.set('c', 3, 60_000);
    expect(await tier.get('a')).toBe(1);
    expect(await tier.get('b')).toBeUndefined();
    expect(tier.size).toBe(2);
  });
});
