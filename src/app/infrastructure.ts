import type { Clock } from '../core/clock.js';
import { ConsultantError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { InlineJobQueue } from '../core/memory/inline-job-queue.js';
import { MemoryCache } from '../core/memory/memory-cache.js';
import { MemoryEventBus } from '../core/memory/memory-event-bus.js';
import { MemoryRateLimitStore } from '../core/memory/memory-rate-limit-store.js';
import type { Cache } from '../core/ports/cache.js';
import type { EventBus } from '../core/ports/event-bus.js';
import type { JobQueue } from '../core/ports/job-queue.js';
import type { RateLimitStore } from '../core/ports/rate-limit-store.js';
import { sqlitePathOf } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { type Stores, storesOver } from '../store/open-stores.js';
import { openSqliteDatabase } from '../store/sqlite/open-sqlite-database.js';

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
      reportCache: distributed.cache,
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
  return {
    mode: 'embedded',
    stores,
    events,
    queue,
    rateLimits: new MemoryRateLimitStore(options.clock),
    cache: stores.cache,
    reportCache: new MemoryCache({ maxEntries: 500 }),
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
