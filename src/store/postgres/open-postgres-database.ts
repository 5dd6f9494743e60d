import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { ConsultantError } from '../../core/errors.js';
import { type Logger, silentLogger } from '../../core/logger.js';
import { POSTGRES_MIGRATIONS } from '../migrations/postgres/index.js';
import { assertSchemaCurrent, migrate, type MigrationResult } from '../migrator.js';
import type { Database } from '../schema.js';
import type { OpenDatabase } from '../sqlite/open-sqlite-database.js';
import { postgresMigrationLock } from './migration-lock.js';
import { consultantTypes } from './pg-types.js';

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` */
  url: string;
  /** Schema holding the tables (default `public`); tests and co-hosted deployments use their own. */
  schema?: string;
  /** Connections this process may open. */
  poolSize: number;
  /** Apply pending migrations at open; distributed deployments usually run `consultantos migrate`. */
  autoMigrate: boolean;
  connectTimeoutMs?: number;
  /** Idle connections are closed after this long, so a quiet process holds few. */
  idleTimeoutMs?: number;
  applicationName?: string;
  logger?: Logger;
}

export interface PostgresDatabase extends OpenDatabase {
  dialect: 'postgres';
  pool: pg.Pool;
  schema: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The URL without credentials, for messages and logs. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

/**
 * Opens a PostgreSQL pool behind Kysely with the same `OpenDatabase` shape as SQLite: checks the
 * server is reachable, optionally migrates under the advisory lock, and refuses to continue on an
 * older or newer schema (`MIGRATION_REQUIRED`).
 */
export async function openPostgresDatabase(options: PostgresOptions): Promise<PostgresDatabase> {
  const database = connectPostgres(options);
  try {
    await sql`SELECT 1`.execute(database.db).catch((error: unknown) => {
      throw new ConsultantError('STORE_FAILED', `Cannot reach PostgreSQL at ${describePostgresUrl(options.url)}: ${(error as Error).message}`, { cause: error });
    });
    if (options.autoMigrate) await migratePostgres(database);
    await assertSchemaCurrent(database.db, POSTGRES_MIGRATIONS);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/**
 * The pool and Kysely instance alone, without reaching the server or checking the schema (the
 * `migrate` command and tests; everything else uses `openPostgresDatabase`). Connections are
 * made lazily.
 */
export function connectPostgres(options: Omit<PostgresOptions, 'autoMigrate'>): PostgresDatabase {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema) || schema.startsWith('pg_')) {
    throw new ConsultantError('INVALID_CONFIG', `Invalid PostgreSQL schema name "${schema.slice(0, 80)}": use lowercase letters, digits and underscores, not starting with pg_`);
  }
  const logger = options.logger ?? silentLogger;
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    types: consultantTypes,
    // Set at connection start, so no query can ever run against another schema.
    options: `-c search_path=${schema}`,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    idleTimeoutMillis: options.idleTimeoutMs ?? 30_000,
    application_name: options.applicationName ?? 'consultantos',
  });
  // An idle connection that breaks (server restart, network) emits 'error' on the pool; without a
  // listener Node would crash the process. The pool drops the client and reconnects on demand.
  pool.on('error', (error) => logger.warn({ err: error.message, database: describePostgresUrl(options.url) }, 'PostgreSQL idle connection failed'));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  let closing: Promise<void> | undefined;
  return {
    db,
    dialect: 'postgres',
    pool,
    schema,
    // Ends the pool once, however many owners call it.
    close: () => (closing ??= db.destroy()),
  };
}

/** Creates the schema if needed and applies pending migrations under the schema's advisory lock. */
export async function migratePostgres(database: Pick<PostgresDatabase, 'db' | 'schema'>): Promise<MigrationResult> {
  await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(database.schema)}`.execute(database.db).catch((error: unknown) => {
    // Two processes creating the schema at once: the loser sees a duplicate; the schema exists.
    const code = (error as { code?: string }).code;
    if (code !== '23505' && code !== '42P06') throw error;
  });
  return migrate(database.db, POSTGRES_MIGRATIONS, { lock: postgresMigrationLock(database.schema) });
}
