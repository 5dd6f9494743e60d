import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { defineCacheContract } from '../../test/contracts/cache.contract.js';
import { databaseUrl, redisUrl, uniqueName } from '../../test/support/integration-services.js';
import { closeRedis, connectRedis } from '../distributed/redis-clients.js';
import { RedisChannelSubscriber } from '../events/redis-subscriber.js';
import { openPostgresDatabase, type PostgresDatabase } from '../store/postgres/open-postgres-database.js';
import { SqlCache } from '../store/sql/sql-cache.js';
import { openSqliteDatabase } from '../store/sqlite/open-sqlite-database.js';
import type { CacheTier } from './cache-tier.js';
import { MemoryCacheTier } from './memory-cache-tier.js';
import { RedisCache } from './redis-cache.js';
import { redisCacheInvalidation } from './redis-cache-invalidation.js';
import { TieredCache } from './tiered-cache.js';

const schema = uniqueName('cache', import.meta.url);

async function eventually(check: () => Promise<boolean>, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe.skipIf(!redisUrl)('Redis cache tiers', () => {
  let postgres: PostgresDatabase | undefined;
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    if (postgres) {
      await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(postgres.db);
      await postgres.close();
    }
  });

  /** The database tier: PostgreSQL when configured (as in production), else SQLite in memory. */
  async function databaseTier(options: { embedded?: boolean } = {}): Promise<CacheTier> {
    if (databaseUrl && !options.embedded) {
      postgres ??= await openPostgresDatabase({ url: databaseUrl, schema, poolSize: 4, autoMigrate: true });
      return new SqlCache(postgres.db);
    }
    const sqlite = await openSqliteDatabase({ path: ':memory:', busyTimeoutMs: 1000, autoMigrate: true });
    cleanups.push(() => sqlite.close());
    return new SqlCache(sqlite.db);
  }

  /** One process: command and subscriber connections, and its memory → Redis → database cache. */
  async function openProcess(prefix: string, database: CacheTier) {
    const command = await connectRedis({ url: redisUrl!, name: `${prefix}command` });
    const connection = await connectRedis({ url: redisUrl!, name: `${prefix}subscriber` });
    const subscriber = new RedisChannelSubscriber(connection);
    const memory = new MemoryCacheTier();
    const redis = new RedisCache(command, { prefix });
    const cache = await TieredCache.create({
      tiers: [
        { name: 'memory', tier: memory, maxTtlMs: 30_000, local: true },
        { name: 'redis', tier: redis },
        { name: 'database', tier: database },
      ],
      invalidation: redisCacheInvalidation({ publisher: command, subscriber, prefix }),
    });
    const close = async () => {
      await cache.close();
      await subscriber.close();
      await closeRedis(connection);
      await closeRedis(command);
    };
    cleanups.push(close);
    return { cache, memory, redis, command };
  }

  defineCacheContract('redis', async () => {
    const client = await connectRedis({ url: redisUrl!, name: 'cache-contract' });
    return { store: new RedisCache(client, { prefix: `${uniqueName('cache', import.meta.url)}:` }), close: () => closeRedis(client) };
  });

  // The contract expires entries after 60 ms, and a write-through `set` lasts as long as its
  // slowest tier; a PostgreSQL round trip on a loaded machine can take most of that. The database
  // tier here is therefore SQLite (the same SqlCache, which passes the contract on PostgreSQL on
  // its own); the tests below run the whole stack over PostgreSQL.
  defineCacheContract('memory → redis → database', async () => {
    const instance = await openProcess(`${uniqueName('cache', import.meta.url)}:`, await databaseTier({ embedded: true }));
    return { store: instance.cache, close: async () => undefined };
  });

  it('keeps the TTL in Redis and carries what is left into memory on promotion', async () => {
    const prefix = `${uniqueName('cache', import.meta.url)}:`;
    const instance = await openProcess(prefix, await databaseTier());
    await instance.redis.set('ttl', { x: 1 }, 5_000);
    const ttl = await instance.command.pttl(`${prefix}cache:ttl`);
    expect(ttl).toBeGreaterThan(4_000);
    expect(ttl).toBeLessThanOrEqual(5_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await instance.cache.get('ttl')).toEqual({ x: 1 });
    const promoted = await instance.memory.getEntry('ttl');
    expect(promoted!.expiresAtMs - Date.now()).toBeLessThanOrEqual(4_800);
    expect(instance.cache.stats().hits).toMatchObject({ memory: 0, redis: 1, database: 0 });
    expect(await instance.cache.get('ttl')).toEqual({ x: 1 });
    expect(instance.cache.stats().hits).toMatchObject({ memory: 1, redis: 1 });
  });

  it('fills Redis and memory from the database after Redis lost the entry', async () => {
    const prefix = `${uniqueName('cache', import.meta.url)}:`;
    const instance = await openProcess(prefix, await databaseTier());
    await instance.cache.set('report', { version: 3 }, 60_000);
    await instance.command.del(`${prefix}cache:report`);
    await instance.memory.delete('report');
    expect(await instance.cache.get('report')).toEqual({ version: 3 });
    expect(instance.cache.stats().hits.database).toBe(1);
    expect(await instance.redis.get('report')).toEqual({ version: 3 });
    expect(await instance.memory.get('report')).toEqual({ version: 3 });
  });

  it('drops another process’s memory copy when the key changes there', async () => {
    const prefix = `${uniqueName('cache', import.meta.url)}:`;
    const database = await databaseTier();
    const a = await openProcess(prefix, database);
    const b = await openProcess(prefix, database);
    await a.cache.set('report', { version: 1 }, 60_000);
    expect(await b.cache.get('report')).toEqual({ version: 1 });
    // A's announcement may reach B during that read, and a read that overlaps a change is not
    // promoted; the next one is.
    await eventually(async () => (await b.cache.get('report')) !== undefined && (await b.memory.get('report')) !== undefined);
    await a.cache.set('report', { version: 2 }, 60_000);
    await eventually(async () => (await b.memory.get('report')) === undefined);
    expect(await b.cache.get('report')).toEqual({ version: 2 });
    await a.cache.delete('report');
    await eventually(async () => (await b.cache.get('report')) === undefined);
  });

  it('keeps working from the database when Redis is gone', async () => {
    const prefix = `${uniqueName('cache', import.meta.url)}:`;
    const instance = await openProcess(prefix, await databaseTier());
    await instance.cache.set('before', 'kept', 60_000);
    await instance.memory.delete('before');
    instance.command.disconnect();
    await instance.cache.set('during', 'stored', 60_000);
    expect(await instance.cache.get('before')).toBe('kept');
    expect(await instance.cache.get('during')).toBe('stored');
    expect(instance.cache.stats().errors.redis).toBeGreaterThanOrEqual(2);
  });
});
