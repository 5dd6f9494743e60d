import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '@libsql/client';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConsultantError } from '../core/errors.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';
import { assertSchemaCurrent, migrate, schemaVersion } from './migrator.js';
import type { Database } from './schema.js';
import { LibsqlDialect } from './sqlite/libsql-dialect.js';
import { openSqliteDatabase } from './sqlite/open-sqlite-database.js';

describe('SQLite migrations', () => {
  let directory: string;
  let file: string;
  const handles: Array<Kysely<Database>> = [];
  const open = () => {
    const db = new Kysely<Database>({ dialect: new LibsqlDialect({ writer: createClient({ url: `file:${file}`, timeout: 5000, concurrency: 1 }), reader: createClient({ url: `file:${file}`, timeout: 5000 }), fileKey: `file:${file}` }) });
    handles.push(db);
    return db;
  };

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'consultantos-migrate-'));
    file = join(directory, 'db.sqlite');
  });
  afterEach(async () => {
    for (const db of handles.splice(0)) await db.destroy();
    rmSync(directory, { recursive: true, force: true });
  });

  it('applies every migration once and is idempotent', async () => {
    const db = open();
    expect(await schemaVersion(db)).toBe(0);
    const first = await migrate(db, SQLITE_MIGRATIONS);
    expect(first.applied).toEqual(SQLITE_MIGRATIONS.map((migration) => migration.version));
    expect(first.version).toBe(SQLITE_MIGRATIONS.length);
    const second = await migrate(db, SQLITE_MIGRATIONS);
    expect(second.applied).toEqual([]);
    const rows = await db.selectFrom('schema_migrations').selectAll().execute();
    expect(rows).toHaveLength(SQLITE_MIGRATIONS.length);
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`.execute(db);
    expect(tables.rows.map((row) => row.name)).toEqual(expect.arrayContaining(['runs', 'step_attempts', 'run_events', 'reports', 'evidence', 'cache_entries']));
  });

  it('applies each migration once when several migrators race on one file', async () => {
    await sql`PRAGMA journal_mode = WAL`.execute(open());
    const results = await Promise.all([open(), open(), open()].map((db) => migrate(db, SQLITE_MIGRATIONS)));
    const applied = results.flatMap((result) => result.applied);
    expect(applied.sort()).toEqual(SQLITE_MIGRATIONS.map((migration) => migration.version));
    expect(await schemaVersion(open())).toBe(SQLITE_MIGRATIONS.length);
  });

  it('refuses to boot on an unmigrated or newer schema', async () => {
    const db = open();
    const refused = await assertSchemaCurrent(db, SQLITE_MIGRATIONS).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConsultantError);
    expect((refused as ConsultantError).code).toBe('MIGRATION_REQUIRED');
    expect((refused as ConsultantError).message).toContain('consultantos migrate');
    await expect(openSqliteDatabase({ path: file, busyTimeoutMs: 1000, autoMigrate: false })).rejects.toMatchObject({ code: 'MIGRATION_REQUIRED' });
    await migrate(db, SQLITE_MIGRATIONS);
    await db.insertInto('schema_migrations').values({ version: 999, name: 'from-the-future', applied_at: new Date().toISOString() }).execute();
    await expect(assertSchemaCurrent(db, SQLITE_MIGRATIONS)).rejects.toThrow(/newer than this build/);
  });

  it('opens with WAL journaling', async () => {
    const database = await openSqliteDatabase({ path: file, busyTimeoutMs: 1000, autoMigrate: true });
    const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(database.db);
    expect(mode.rows[0]?.journal_mode).toBe('wal');
    await database.close();
  });
});
