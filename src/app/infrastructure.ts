import type { Clock } from '../core/clock.js';
import { ConsultantError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { InlineJobQueue } from '../core/memory/inline-job-queue.js';
import { MemoryEventBus } from '../core/memory/memory-event-bus.js';
import { MemoryRateLimitStore } from '../core/memory/memory-rate-limit-store.js';
import type { Cache } from '../core/ports/cache.js';
import type { EventBus } from '../core/ports/event-bus.js';
import type { JobQueue } from '../core/ports/job-queue.js';
import type { RateLimitStore } from '../core/ports/rate-limit-store.js';
import { MemoryCacheTier } from '../cache/memory-cache-tier.js';
import { TieredCache, type TieredCacheStats } from '../cache/tiered-cache.js';
import { sqlitePathOf } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { type Stores, storesOver } from '../store/open-stores.js';
import { openSqliteDatabase } from '../store/sqlite/open-sqlite-database.js';
import { SqlCache } from '../store/sql/sql-cache.js';

/** Every port the application runs on, in one deployment mode. */
export interface Infrastructure {
  mode: 'embedded' | 'distributed';
  stores: Stores;
  events: EventBus;
  queue: JobQueue;
  rateLimits: RateLimitStore;
  /** Shared cache for connector responses and model responses. */
  cache: Cache;
  /** Cache of whole reports; deletion must reach every process that serves them. */
  reportCache: Cache;
  /**
   * Reads per tier of each distinct cache, by cache name (`shared`, `reports`), for metrics. A
   * cache serving both roles (distributed mode) is listed once, as `shared`.
   */
  cacheStats(): Record<string, TieredCacheStats>;
  readiness: Record<string, () => Promise<void>>;
  close(graceMs: number): Promise<void>;
}

/**
 * Embedded: SQLite in the data directory, the in-process bus, queue and counters. Distributed
 * (DATABASE_URL and REDIS_URL): PostgreSQL, BullMQ, Redis pub/sub, Redis counters and the
 * memory → Redis → database cache.
 */
export async function openInfrastructure(config: Config, options: { logger: Logger; clock: Clock }): Promise<Infrastructure> {
  if (config.database.url || config.redis.url) {
    if (!config.database.url || !config.redis.url) {
      throw new ConsultantError('INVALID_CONFIG', `Invalid configuration: distributed mode needs both DATABASE_URL and REDIS_URL (only ${config.database.url ? 'DATABASE_URL' : 'REDIS_URL'} is set)`);
    }
    // Loaded only in distributed mode: the embedded default never loads pg, ioredis or BullMQ.
    const { distributedOptionsFromConfig, openDistributed } = await import('../distributed/open-distributed.js');
    const distributed = await openDistributed(distributedOptionsFromConfig(config, options.logger));
    const healthy = async (name: 'database' | 'redis'): Promise<void> => {
      const health = await distributed.health(2_000);
      if (!health[name]) throw new Error(`${name} is not answering`);
    };
    return {
      mode: 'distributed',
      stores: distributed.stores,
      events: distributed.events,
      queue: distributed.queue,
      rateLimits: distributed.rateLimits,
      cache: distributed.cache,
      // Deleting a report must reach every API process's memory tier: the Redis invalidation does that.
      reportCache: distributed.cache,
      cacheStats: () => ({ shared: distributed.cache.stats() }),
      readiness: {
        database: () => healthy('database'),
        redis: () => healthy('redis'),
        queue: async () => {
          await distributed.queue.stats();
        },
      },
      close: (graceMs) => distributed.close(graceMs),
    };
  }
  const database = await openSqliteDatabase({ path: sqlitePathOf(config), busyTimeoutMs: config.database.busyTimeoutMs, autoMigrate: config.database.autoMigrate });
  const stores = storesOver(database);
  const events = new MemoryEventBus();
  const queue = new InlineJobQueue(options.logger);
  // Single-tier caches, so reads are counted per tier as in distributed mode. They keep the
  // system clock, as the SQL cache does: the tiered cache compares its clock with the tier's expiry.
  const cache = await TieredCache.create({ tiers: [{ name: 'database', tier: new SqlCache(database.db) }], logger: options.logger });
  const reportCache = await TieredCache.create({ tiers: [{ name: 'memory', tier: new MemoryCacheTier({ maxEntries: 500 }), local: true }], logger: options.logger });
  return {
    mode: 'embedded',
    stores,
    events,
    queue,
    rateLimits: new MemoryRateLimitStore(options.clock),
    cache,
    reportCache,
    cacheStats: () => ({ shared: cache.stats(), reports: reportCache.stats() }),
    readiness: {
      database: async () => {
        await stores.runs.listQueued(1);
      },
      queue: async () => {
        await queue.stats();
      },
    },
    async close(graceMs) {
      await queue.close(graceMs);
      await events.close();
      await stores.close();
    },
  };
}
