import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import { MemoryCacheTier } from '../cache/memory-cache-tier.js';
import { RedisCache } from '../cache/redis-cache.js';
import { redisCacheInvalidation } from '../cache/redis-cache-invalidation.js';
import { TieredCache } from '../cache/tiered-cache.js';
import type { Config } from '../config/schema.js';
import { type Logger, silentLogger } from '../core/logger.js';
import { RedisEventBus } from '../events/redis-event-bus.js';
import { RedisChannelSubscriber } from '../events/redis-subscriber.js';
import { BullmqJobQueue, type BullmqJobQueueOptions } from '../queue/bullmq-job-queue.js';
import { RedisRateLimitStore } from '../rate-limit/redis-rate-limit-store.js';
import { type Stores, storesOver } from '../store/open-stores.js';
import { openPostgresDatabase } from '../store/postgres/open-postgres-database.js';
import { SqlCache } from '../store/sql/sql-cache.js';
import { closeRedis, connectRedis } from './redis-clients.js';

export interface DistributedOptions {
  databaseUrl: string;
  /** PostgreSQL schema (default `public`). */
  databaseSchema?: string;
  /** PostgreSQL connections this process may open (default 10). */
  databasePoolSize?: number;
  /** Migrate at open (default false: distributed deployments run `consultantos migrate`). */
  autoMigrate?: boolean;
  redisUrl: string;
  /** Prefix of every Redis key, channel and queue (default `consultantos:`). */
  prefix?: string;
  /** BullMQ queue of run jobs (default `runs`). */
  queueName?: string;
  queue?: Pick<BullmqJobQueueOptions, 'lockDurationMs' | 'stalledIntervalMs' | 'maxStalledCount' | 'attempts' | 'backoffMs' | 'idlePollMs'>;
  cache?: { memoryMaxEntries?: number; memoryMaxTtlMs?: number };
  /** Redis commands that take longer fail (default 5000); the cache then uses the database. */
  commandTimeoutMs?: number;
  connectTimeoutMs?: number;
  logger?: Logger;
}

export interface Distributed {
  /** PostgreSQL stores; `stores.cache` is the database tier alone. */
  stores: Stores;
  /** Live events over Redis pub/sub. */
  events: RedisEventBus;
  /** BullMQ; call `queue.start(handler, { concurrency })` in worker processes only. */
  queue: BullmqJobQueue;
  rateLimits: RedisRateLimitStore;
  /** memory → Redis → database. */
  cache: TieredCache;
  /** The command connection (shared by events, cache and rate limits), for readiness checks. */
  redis: Redis;
  /** Whether PostgreSQL and Redis answer within `timeoutMs` (for `/readyz`). */
  health(timeoutMs?: number): Promise<{ database: boolean; redis: boolean }>;
  /** Drains the queue (up to `graceMs`, default 10 s), then closes every connection; idempotent. */
  close(graceMs?: number): Promise<void>;
}

/** The options the configuration asks for (`database.*`, `redis.*`); needs both URLs set. */
export function distributedOptionsFromConfig(config: Config, logger?: Logger): DistributedOptions {
  if (!config.database.url || !config.redis.url) throw new Error('Distributed mode needs database.url (DATABASE_URL) and redis.url (REDIS_URL)');
  return {
    databaseUrl: config.database.url,
    databaseSchema: config.database.schema,
    databasePoolSize: config.database.poolSize,
    autoMigrate: config.database.autoMigrate,
    redisUrl: config.redis.url,
    prefix: config.redis.keyPrefix,
    queue: { lockDurationMs: config.redis.jobLockMs, stalledIntervalMs: config.redis.stalledIntervalMs, maxStalledCount: config.redis.maxStalledCount, attempts: config.redis.jobAttempts },
    cache: { memoryMaxEntries: config.redis.memoryCacheMaxEntries, memoryMaxTtlMs: config.redis.memoryCacheMaxTtlMs },
    commandTimeoutMs: config.redis.commandTimeoutMs,
    connectTimeoutMs: config.redis.connectTimeoutMs,
    ...(logger ? { logger } : {}),
  };
}

/**
 * Opens everything distributed mode needs, in dependency order, and closes what was already open
 * if a later step fails (an unreachable Redis leaves no PostgreSQL pool behind). Each process
 * holds: one PostgreSQL pool, one Redis command connection (events' publishes, cache, rate
 * limits), one Redis subscriber connection (events, cache invalidation), and BullMQ's own
 * connections (one for the producer, two more once a worker starts).
 */
export async function openDistributed(options: DistributedOptions): Promise<Distributed> {
  const logger = options.logger ?? silentLogger;
  const prefix = normalizePrefix(options.prefix ?? 'consultantos:');
  const cleanups: Array<() => Promise<void>> = [];
  const closeOpened = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      await cleanup().catch((error: unknown) => logger.warn({ err: (error as Error).message }, 'Closing a distributed resource failed'));
    }
  };
  try {
    const database = await openPostgresDatabase({
      url: options.databaseUrl,
      ...(options.databaseSchema !== undefined ? { schema: options.databaseSchema } : {}),
      poolSize: options.databasePoolSize ?? 10,
      autoMigrate: options.autoMigrate ?? false,
      logger,
    });
    const stores = storesOver(database);
    cleanups.push(() => stores.close());
    const connection = { url: options.redisUrl, ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}), logger };
    const redis = await connectRedis({ ...connection, name: `${prefix}command`, commandTimeoutMs: options.commandTimeoutMs ?? 5_000 });
    cleanups.push(() => closeRedis(redis));
    const subscriberConnection = await connectRedis({ ...connection, name: `${prefix}subscriber` });
    cleanups.push(() => closeRedis(subscriberConnection));
    const subscriber = new RedisChannelSubscriber(subscriberConnection, logger);
    cleanups.push(() => subscriber.close());
    const events = new RedisEventBus({ publisher: redis, subscriber, prefix, logger });
    cleanups.push(() => events.close());
    const cache = await TieredCache.create({
      tiers: [
        { name: 'memory', tier: new MemoryCacheTier({ maxEntries: options.cache?.memoryMaxEntries ?? 10_000 }), maxTtlMs: options.cache?.memoryMaxTtlMs ?? 30_000, local: true },
        { name: 'redis', tier: new RedisCache(redis, { prefix }) },
        { name: 'database', tier: new SqlCache(database.db) },
      ],
      invalidation: redisCacheInvalidation({ publisher: redis, subscriber, prefix }),
      logger,
    });
    cleanups.push(() => cache.close());
    const rateLimits = new RedisRateLimitStore(redis, { prefix });
    const queue = await BullmqJobQueue.open({
      redisUrl: options.redisUrl,
      queueName: options.queueName ?? 'runs',
      prefix: `${prefix}bull`,
      ...options.queue,
      ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
      logger,
    });
    let closing: Promise<void> | undefined;
    return {
      stores,
      events,
      queue,
      rateLimits,
      cache,
      redis,
      health: (timeoutMs = 2_000) => health(database.db, redis, timeoutMs),
      close: (graceMs = 10_000) =>
        (closing ??= (async () => {
          // Workers first: a draining run still checkpoints to the database and publishes events.
          await queue.close(graceMs);
          await closeOpened();
        })()),
    };
  } catch (error) {
    await closeOpened();
    throw error;
  }
}

/** Key parts are joined with ':'; a prefix given without one gets it. */
function normalizePrefix(prefix: string): string {
  return prefix.endsWith(':') ? prefix : `${prefix}:`;
}

async function health(db: Stores['database']['db'], redis: Redis, timeoutMs: number): Promise<{ database: boolean; redis: boolean }> {
  const within = async (probe: Promise<unknown>): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        probe.then(() => true),
        new Promise<boolean>((resolve) => {
          timer = setTimeout(() => resolve(false), timeoutMs);
        }),
      ]);
    } catch {
      return false;
    } finally {
      if (timer) clearTimeout(timer);
    }
  };
  const [database, redisUp] = await Promise.all([within(sql`SELECT 1`.execute(db)), within(redis.ping())]);
  return { database, redis: redisUp };
}
