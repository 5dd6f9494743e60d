import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createClient } from '@libsql/client';
import { Kysely, sql } from 'kysely';
import { ConsultantError } from '../../core/errors.js';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite/index.js';
import { assertSchemaCurrent, migrate } from '../migrator.js';
import type { Database } from '../schema.js';
import { LibsqlDialect } from './libsql-dialect.js';

export interface SqliteOptions {
  /** A file path, or `:memory:`. */
  path: string;
  busyTimeoutMs: number;
  /** Apply pending migrations at open (the embedded default) instead of only checking. */
  autoMigrate: boolean;
  /** `normal` (default) or `full`: fsync on every commit, for power-loss durability. */
  synchronous?: 'normal' | 'full';
}

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: 'sqlite' | 'postgres';
  close(): Promise<void>;
}

/** Opens (creating if needed) the embedded database: WAL, busy timeout, one writer, migrated. */
export async function openSqliteDatabase(options: SqliteOptions): Promise<OpenDatabase> {
  const inMemory = options.path === ':memory:';
  let url = ':memory:';
  if (!inMemory) {
    const file = resolve(options.path);
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      throw new ConsultantError('INVALID_CONFIG', `Cannot create the data directory ${dirname(file)}: ${(error as Error).message}`, { cause: error });
    }
    url = `file:${file}`;
  }
  let writer;
  let reader;
  try {
    // One connection writes (SQLite has one writer anyway); a small pool reads beside it.
    writer = createClient({ url, timeout: options.busyTimeoutMs, concurrency: 1 });
    reader = inMemory ? undefined : createClient({ url, timeout: options.busyTimeoutMs, concurrency: 8 });
  } catch (error) {
    writer?.close();
    throw new ConsultantError('STORE_FAILED', `Cannot open the database at ${options.path}: ${(error as Error).message}`, { cause: error });
  }
  const db = new Kysely<Database>({ dialect: new LibsqlDialect({ writer, ...(reader ? { reader, fileKey: url } : {}) }) });
  try {
    if (!inMemory) {
      await sql`PRAGMA journal_mode = WAL`.execute(db);
      // In WAL mode NORMAL never corrupts and loses nothing when a process dies; only a power
      // loss can drop the last commits (ADR 0003). The writer is the only connection that commits.
      await sql.raw(`PRAGMA synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`).execute(db);
    }
    if (options.autoMigrate) await migrate(db, SQLITE_MIGRATIONS);
    await assertSchemaCurrent(db, SQLITE_MIGRATIONS);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return { db, dialect: 'sqlite', close: () => db.destroy() };
}
