import type { Command } from 'commander';
import { sqlitePathOf } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { ConsultantError } from '../../core/errors.js';
import { SQLITE_MIGRATIONS } from '../../store/migrations/sqlite/index.js';
import { migrate } from '../../store/migrator.js';
import { connectPostgres, describePostgresUrl, migratePostgres, openPostgresDatabase } from '../../store/postgres/open-postgres-database.js';
import { openSqliteDatabase } from '../../store/sqlite/open-sqlite-database.js';
import { type GlobalOptions, command, EXIT, cliConfig, print } from '../context.js';

export function registerMigrate(program: Command, globals: () => GlobalOptions): void {
  program
    .command('migrate')
    .description('Apply pending database migrations (SQLite, or PostgreSQL with DATABASE_URL)')
    .action(
      command(async () => {
        const config = cliConfig(globals());
        if (config.database.url) return migratePostgresDatabase(config, config.database.url);
        const database = await openSqliteDatabase({ path: sqlitePathOf(config), busyTimeoutMs: config.database.busyTimeoutMs, autoMigrate: false }).catch(async (error: unknown) => {
          if (isOlderSchema(error)) return undefined;
          throw error;
        });
        if (database) {
          await database.close();
          print(`Database ${sqlitePathOf(config)} is up to date (schema version ${SQLITE_MIGRATIONS.length})`);
          return EXIT.ok;
        }
        const opened = await openSqliteDatabase({ path: sqlitePathOf(config), busyTimeoutMs: config.database.busyTimeoutMs, autoMigrate: true });
        try {
          const result = await migrate(opened.db, SQLITE_MIGRATIONS);
          print(`Database ${sqlitePathOf(config)} migrated to schema version ${result.version}`);
        } finally {
          await opened.close();
        }
        return EXIT.ok;
      }),
    );
}

function isOlderSchema(error: unknown): boolean {
  return error instanceof ConsultantError && error.code === 'MIGRATION_REQUIRED' && (error.details.actual as number) < (error.details.expected as number);
}

/**
 * Migrates under the schema's advisory lock, so running it from every deploying process at once
 * is safe; a schema newer than this build still refuses (upgrade the build instead).
 */
async function migratePostgresDatabase(config: Config, url: string): Promise<number> {
  const where = `${describePostgresUrl(url)} (schema ${config.database.schema})`;
  const current = await openPostgresDatabase({ url, schema: config.database.schema, poolSize: 1, autoMigrate: false }).catch((error: unknown) => {
    if (isOlderSchema(error)) return undefined;
    throw error;
  });
  if (current) {
    await current.close();
    print(`Database ${where} is up to date`);
    return EXIT.ok;
  }
  const database = connectPostgres({ url, schema: config.database.schema, poolSize: 1 });
  try {
    const result = await migratePostgres(database);
    print(`Database ${where} migrated to schema version ${result.version}`);
  } finally {
    await database.close();
  }
  return EXIT.ok;
}
