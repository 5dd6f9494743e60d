import { sql } from 'kysely';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { databaseUrl, uniqueName } from '../../../test/support/integration-services.js';
import { ConsultantError } from '../../core/errors.js';
import { POSTGRES_MIGRATIONS } from '../migrations/postgres/index.js';
import { SQLITE_MIGRATIONS } from '../migrations/sqlite/index.js';
import { assertSchemaCurrent, schemaVersion } from '../migrator.js';
import { openSqliteDatabase } from '../sqlite/open-sqlite-database.js';
import { connectPostgres, migratePostgres, openPostgresDatabase, type PostgresDatabase } from './open-postgres-database.js';
import { parseBigint } from './pg-types.js';

const versions = POSTGRES_MIGRATIONS.map((migration) => migration.version);

describe.skipIf(!databaseUrl)('PostgreSQL migrations', () => {
  const opened: PostgresDatabase[] = [];
  const schemas: string[] = [];
  /** A fresh, not yet existing schema for one test. */
  const freshSchema = () => {
    const schema = uniqueName('mig', import.meta.url);
    schemas.push(schema);
    return schema;
  };
  const connect = (schema: string, poolSize = 2) => {
    const database = connectPostgres({ url: databaseUrl!, schema, poolSize });
    opened.push(database);
    return database;
  };

  afterEach(async () => {
    const closing = opened.splice(0);
    await Promise.all(closing.map((database) => database.close()));
    expect(closing.every((database) => database.pool.totalCount === 0)).toBe(true);
  });
  afterAll(async () => {
    const admin = connectPostgres({ url: databaseUrl!, poolSize: 1 });
    for (const schema of schemas) await sql`DROP SCHEMA IF EXISTS ${sql.id(schema)} CASCADE`.execute(admin.db);
    await admin.close();
  });

  it('applies every migration once and is idempotent when run twice', async () => {
    const database = connect(freshSchema());
    expect(await schemaVersion(database.db)).toBe(0);
    const first = await migratePostgres(database);
    expect(first).toEqual({ applied: versions, version: versions.length });
    const second = await migratePostgres(database);
    expect(second).toEqual({ applied: [], version: versions.length });
    const rows = await database.db.selectFrom('schema_migrations').select(['version', 'name']).orderBy('version').execute();
    expect(rows).toEqual(POSTGRES_MIGRATIONS.map((migration) => ({ version: migration.version, name: migration.name })));
    await assertSchemaCurrent(database.db, POSTGRES_MIGRATIONS);
  });

  it('applies each migration exactly once when several pools migrate at once', async () => {
    const schema = freshSchema();
    const databases = Array.from({ length: 5 }, () => connect(schema, 1));
    const results = await Promise.all(databases.map((database) => migratePostgres(database)));
    expect(results.flatMap((result) => result.applied).sort((a, b) => a - b)).toEqual(versions);
    expect(results.every((result) => result.version === versions.length)).toBe(true);
    const count = await sql<{ count: number }>`SELECT count(*) AS count FROM schema_migrations`.execute(databases[0]!.db);
    expect(count.rows[0]?.count).toBe(versions.length);
  });

  it('opens from several processes at once with autoMigrate, each passing the boot check', async () => {
    const schema = freshSchema();
    const databases = await Promise.all(Array.from({ length: 4 }, () => openPostgresDatabase({ url: databaseUrl!, schema, poolSize: 2, autoMigrate: true })));
    opened.push(...databases);
    for (const database of databases) expect(await schemaVersion(database.db)).toBe(versions.length);
  });

  it('refuses to boot on an unmigrated or a newer schema', async () => {
    const schema = freshSchema();
    const refused = await openPostgresDatabase({ url: databaseUrl!, schema, poolSize: 1, autoMigrate: false }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConsultantError);
    expect(refused).toMatchObject({ code: 'MIGRATION_REQUIRED', details: { actual: 0, expected: versions.length } });
    expect((refused as Error).message).toContain('consultantos migrate');
    const database = connect(schema);
    await migratePostgres(database);
    await database.db.insertInto('schema_migrations').values({ version: 999, name: 'from-the-future', applied_at: new Date().toISOString() }).execute();
    await expect(openPostgresDatabase({ url: databaseUrl!, schema, poolSize: 1, autoMigrate: true })).rejects.toThrow(/newer than this build/);
  });

  it('creates the same tables and columns as the SQLite migrations', async () => {
    const database = connect(freshSchema());
    await migratePostgres(database);
    const sqlite = await openSqliteDatabase({ path: ':memory:', busyTimeoutMs: 1000, autoMigrate: true });
    try {
      const shape = (tables: Array<{ name: string; schema?: string; columns: Array<{ name: string }> }>) =>
        Object.fromEntries(
          tables
            .filter((table) => table.schema === undefined || table.schema === database.schema)
            .map((table) => [table.name, table.columns.map((column) => column.name).sort()])
            .sort(([a], [b]) => String(a).localeCompare(String(b))),
        );
      const postgresShape = shape(await database.db.introspection.getTables({ withInternalKyselyTables: false }));
      const sqliteShape = shape(await sqlite.db.introspection.getTables({ withInternalKyselyTables: false }));
      expect(Object.keys(postgresShape).length).toBeGreaterThanOrEqual(7);
      expect(postgresShape).toEqual(sqliteShape);
      expect(SQLITE_MIGRATIONS.length).toBe(POSTGRES_MIGRATIONS.length);
    } finally {
      await sqlite.close();
    }
  });

  it('hands BIGINT and NUMERIC back as numbers and timestamps as text', async () => {
    const database = connect('public', 1);
    const result = await sql<{ big: number; numeric: number; stamp: string }>`SELECT 9007199254740991::bigint AS big, 1.25::numeric AS numeric, now() AS stamp`.execute(database.db);
    expect(result.rows[0]!.big).toBe(Number.MAX_SAFE_INTEGER);
    expect(result.rows[0]!.numeric).toBe(1.25);
    expect(typeof result.rows[0]!.stamp).toBe('string');
    await expect(sql`SELECT 9007199254740993::bigint AS big`.execute(database.db)).rejects.toThrow(/does not fit/);
    expect(() => parseBigint('12345678901234567890')).toThrow(RangeError);
  });

  it('names the server, never the password, when PostgreSQL is unreachable, and rejects bad schema names', async () => {
    const refused = await openPostgresDatabase({ url: 'postgres://someone:s3cret-password@127.0.0.1:1/nowhere', poolSize: 1, autoMigrate: false, connectTimeoutMs: 2000 }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'STORE_FAILED' });
    expect((refused as Error).message).toContain('127.0.0.1:1/nowhere');
    expect((refused as Error).message).not.toContain('s3cret');
    await expect(openPostgresDatabase({ url: databaseUrl!, schema: 'Robert"; DROP TABLE runs; --', poolSize: 1, autoMigrate: false })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(openPostgresDatabase({ url: databaseUrl!, schema: 'pg_catalog', poolSize: 1, autoMigrate: false })).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
  });
});
