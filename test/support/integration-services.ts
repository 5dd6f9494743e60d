import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';

/**
 * Integration suites (`*.int.test.ts`) run against the real PostgreSQL and Redis named by
 * DATABASE_URL and REDIS_URL, and skip without them (global-setup prints the notice; CI sets
 * both). Test files run in parallel processes, so each one isolates itself under a unique name:
 * a PostgreSQL schema, a Redis key prefix, a BullMQ queue name.
 */
export const databaseUrl: string | undefined = process.env.DATABASE_URL || undefined;
export const redisUrl: string | undefined = process.env.REDIS_URL || undefined;

/** `label_<file>_<pid>_<random>`: lowercase, a valid PostgreSQL identifier and Redis key part. */
export function uniqueName(label: string, file = ''): string {
  const stem = basename(file).replace(/\.(int\.)?test\.ts$/, '').replace(/[^a-z0-9]+/gi, '_').toLowerCase().slice(0, 24);
  return [label, stem, String(process.pid), randomBytes(4).toString('hex')].filter(Boolean).join('_').slice(0, 63);
}
