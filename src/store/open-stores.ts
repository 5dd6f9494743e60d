import { sqlitePathOf } from '../config/load.js';
import type { Config } from '../config/schema.js';
import type { Logger } from '../core/logger.js';
import type { Cache } from '../core/ports/cache.js';
import type { EvidenceStore } from '../core/ports/evidence-store.js';
import type { ReportStore } from '../core/ports/report-store.js';
import type { RunStore } from '../core/ports/run-store.js';
import { openPostgresDatabase } from './postgres/open-postgres-database.js';
import { type OpenDatabase, openSqliteDatabase } from './sqlite/open-sqlite-database.js';
import { SqlCache } from './sql/sql-cache.js';
import { SqlEvidenceStore } from './sql/sql-evidence-store.js';
import { SqlReportStore } from './sql/sql-report-store.js';
import { SqlRunStore } from './sql/sql-run-store.js';

/** Every durable port, over one database. */
export interface Stores {
  runs: RunStore;
  reports: ReportStore;
  evidence: EvidenceStore;
  cache: Cache;
  database: OpenDatabase;
  close(): Promise<void>;
}

export function storesOver(database: OpenDatabase): Stores {
  return {
    runs: new SqlRunStore(database.db),
    reports: new SqlReportStore(database.db),
    evidence: new SqlEvidenceStore(database.db),
    cache: new SqlCache(database.db),
    database,
    close: () => database.close(),
  };
}

/**
 * The stores the configuration asks for: PostgreSQL when `database.url` is set (distributed
 * mode), otherwise the embedded SQLite file. Both run the same SQL adapters.
 */
export async function openStores(config: Config, options: { logger?: Logger } = {}): Promise<Stores> {
  const { database } = config;
  if (database.url) {
    return storesOver(
      await openPostgresDatabase({
        url: database.url,
        schema: database.schema,
        poolSize: database.poolSize,
        autoMigrate: database.autoMigrate,
        ...(options.logger ? { logger: options.logger } : {}),
      }),
    );
  }
  return storesOver(await openSqliteDatabase({ path: sqlitePathOf(config), busyTimeoutMs: database.busyTimeoutMs, autoMigrate: database.autoMigrate }));
}
