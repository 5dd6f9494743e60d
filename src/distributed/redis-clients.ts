import { Redis } from 'ioredis';
import { ConsultantError } from '../core/errors.js';
import { type Logger, silentLogger } from '../core/logger.js';

export interface RedisClientOptions {
  /** `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS). */
  url: string;
  /** Shown by `CLIENT LIST`, so an operator can tell this process's connections apart. */
  name: string;
  connectTimeoutMs?: number;
  /**
   * A command that takes longer fails instead of hanging: the cache then falls through to the
   * database and a rate-limit check fails fast. Leave unset for subscriber connections.
   */
  commandTimeoutMs?: number;
  logger?: Logger;
}

/** The URL without credentials, for messages and logs. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}${parsed.pathname && parsed.pathname !== '/' ? parsed.pathname : ''}`;
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Opens an ioredis connection and waits until it is ready, failing with `STORE_FAILED` and the
 * server's address (never the password) when Redis cannot be reached in time. Once connected the
 * client reconnects on its own forever; commands issued while it is down fail after a couple of
 * retries rather than queueing without bound, so callers can degrade.
 */
export async function connectRedis(options: RedisClientOptions): Promise<Redis> {
  const logger = options.logger ?? silentLogger;
  const where = describeRedisUrl(options.url);
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const client = new Redis(options.url, {
    lazyConnect: true,
    connectionName: options.name,
    connectTimeout: connectTimeoutMs,
    ...(options.commandTimeoutMs !== undefined ? { commandTimeout: options.commandTimeoutMs } : {}),
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 3_000),
  });
  let lastError: Error | undefined;
  let reported = false;
  // Without an 'error' listener ioredis prints every failed reconnect; log the first one of each
  // outage instead, and say when the connection is back.
  client.on('error', (error: Error) => {
    lastError = error;
    if (!reported) logger.warn({ redis: where, connection: options.name, err: error.message }, 'Redis connection failed; reconnecting');
    reported = true;
  });
  client.on('ready', () => {
    if (reported) logger.info({ redis: where, connection: options.name }, 'Redis connection restored');
    reported = false;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.connect(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${connectTimeoutMs} ms`)), connectTimeoutMs);
      }),
    ]);
  } catch (error) {
    client.disconnect();
    const reason = lastError?.message ?? (error as Error).message;
    throw new ConsultantError('STORE_FAILED', `Cannot reach Redis at ${where}: ${reason}`, { cause: lastError ?? error, details: { redis: where } });
  } finally {
    if (timer) clearTimeout(timer);
  }
  return client;
}

/**
 * Closes a client politely (QUIT lets pending replies arrive), and forcibly when Redis does not
 * answer, so shutdown never hangs on a dead server.
 */
export async function closeRedis(client: Redis, timeoutMs = 2_000): Promise<void> {
  if (client.status === 'end') return;
  const ended = new Promise<void>((resolve) => client.once('end', () => resolve()));
  if (client.status !== 'ready') {
    // Connecting or reconnecting: there is nobody to say goodbye to.
    client.disconnect();
  } else {
    const timer = setTimeout(() => client.disconnect(), timeoutMs);
    await client.quit().catch(() => client.disconnect());
    clearTimeout(timer);
  }
  await ended;
}

/** What the startup self-check found; `maxmemoryPolicy` is undefined when the server hides it. */
export interface RedisServerCheck {
  maxmemoryPolicy: string | undefined;
  version: string | undefined;
}

/**
 * Startup self-check. BullMQ keeps jobs as ordinary keys: under any eviction policy other than
 * `noeviction` a full Redis silently drops queued jobs (the sweeper re-enqueues them from the
 * database, but late), so warn loudly. Managed services often refuse CONFIG; INFO is the fallback.
 */
export async function checkRedisServer(client: Pick<Redis, 'config' | 'info'>, logger: Logger = silentLogger): Promise<RedisServerCheck> {
  let maxmemoryPolicy: string | undefined;
  let version: string | undefined;
  try {
    const reply = (await client.config('GET', 'maxmemory-policy')) as unknown;
    if (Array.isArray(reply) && typeof reply[1] === 'string') maxmemoryPolicy = reply[1];
  } catch {
    // CONFIG is disabled on many managed services; INFO below usually is not.
  }
  try {
    const info = await client.info();
    maxmemoryPolicy ??= /^maxmemory_policy:(\S+)/m.exec(info)?.[1];
    version = /^redis_version:(\S+)/m.exec(info)?.[1];
  } catch {
    // Neither command allowed: nothing more to learn.
  }
  if (maxmemoryPolicy === undefined) {
    logger.warn({}, 'Could not read Redis maxmemory-policy; make sure it is noeviction, or queued jobs can be evicted');
  } else if (maxmemoryPolicy !== 'noeviction') {
    logger.warn({ maxmemoryPolicy }, `Redis maxmemory-policy is ${maxmemoryPolicy}; set it to noeviction, or a full Redis evicts queued jobs`);
  }
  return { maxmemoryPolicy, version };
}
