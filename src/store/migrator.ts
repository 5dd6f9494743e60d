import { type Kysely, sql } from 'kysely';
import { ConsultantError } from '../core/errors.js';
import type { Migration } from './migrations/migration.js';
import type { Database } from './schema.js';

export interface MigrationResult {
  applied: number[];
  version: number;
}

/**
 * Serialises migrators across processes. SQLite needs nothing beyond its write lock
 * (each migration runs in a `BEGIN IMMEDIATE` transaction); PostgreSQL takes an advisory lock
 * (`postgresMigrationLock`). The lock hands `work` the handle to migrate through: a session
 * lock belongs to one connection, and running the work on that same connection means a pool of
 * one cannot deadlock against itself.
 */
export type MigrationLock = <T>(db: Kysely<Database>, work: (db: Kysely<Database>) => Promise<T>) => Promise<T>;

const noLock: MigrationLock = (db, work) => work(db);

async function ensureVersionTable(db: Kysely<Database>): Promise<void> {
  // The version table is the one object that must exist before versions can be read.
  await sql`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`.execute(db);
}

/**
 * The highest applied version, 0 for an empty database. Reads only: many processes check the
 * version at boot at once, and a `CREATE TABLE IF NOT EXISTS` outside the migration lock races
 * on PostgreSQL's catalog.
 */
export async function schemaVersion(db: Kysely<Database>): Promise<number> {
  try {
    const row = await db.selectFrom('schema_migrations').select((eb) => eb.fn.max('version').as('version')).executeTakeFirst();
    return Number(row?.version ?? 0);
  } catch (error) {
    if (isMissingTable(error)) return 0;
    throw error;
  }
}

/** "No such table" in either dialect (PostgreSQL 42P01, SQLite's message). */
function isMissingTable(error: unknown): boolean {
  const candidate = error as { code?: unknown; message?: unknown; cause?: unknown } | undefined;
  if (!candidate) return false;
  if (candidate.code === '42P01') return true;
  if (typeof candidate.message === 'string' && /no such table/i.test(candidate.message)) return true;
  return candidate.cause !== undefined && candidate.cause !== error ? isMissingTable(candidate.cause) : false;
}

/**
 * Applies pending migrations in order, each in its own transaction that re-checks the version,
 * so running it twice, or from several processes at once, applies each migration once.
 */
export async function migrate(db: Kysely<Database>, migrations: readonly Migration[], options: { lock?: MigrationLock; now?: () => string } = {}): Promise<MigrationResult> {
  assertOrdered(migrations);
  const lock = options.lock ?? noLock;
  const now = options.now ?? (() => new Date().toISOString());
  return lock(db, async (locked) => {
    await ensureVersionTable(locked);
    const applied: number[] = [];
    for (const migration of migrations) {
      const done = await locked.transaction().execute(async (trx) => {
        const existing = await trx.selectFrom('schema_migrations').select('version').where('version', '=', migration.version).executeTakeFirst();
        if (existing) return false;
        await migration.up(trx);
        await trx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name, applied_at: now() }).execute();
        return true;
      });
      if (done) applied.push(migration.version);
    }
    return { applied, version: await schemaVersion(locked) };
  });
}

/** Boot-time check: refuse to run against a schema older or newer than this build expects. */
export async function assertSchemaCurrent(db: Kysely<Database>, migrations: readonly Migration[]): Promise<void> {
  const expected = migrations[migrations.length - 1]?.version ?? 0;
  const actual = await schemaVersion(db);
  if (actual < expected) {
    throw new ConsultantError('MIGRATION_REQUIRED', `The database schema is at version ${actual} but this build needs ${expected}; run \`consultantos migrate\``, { details: { actual, expected } });
  }
  if (actual > expected) {
    throw new ConsultantError('MIGRATION_REQUIRED', `The database schema is at version ${actual}, newer than this build (${expected}); upgrade ConsultantOS`, { details: { actual, expected } });
  }
}

function assertOrdered(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) throw new Error(`Migration ${migration.name} has version ${migration.version}, expected ${index + 1}`);
  });
}
