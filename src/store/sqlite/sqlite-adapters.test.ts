import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineCacheContract } from '../../../test/contracts/cache.contract.js';
import { defineEvidenceStoreContract } from '../../../test/contracts/evidence-store.contract.js';
import { defineReportStoreContract } from '../../../test/contracts/report-store.contract.js';
import { defineRunStoreContract } from '../../../test/contracts/run-store.contract.js';
import { SqlCache } from '../sql/sql-cache.js';
import { SqlEvidenceStore } from '../sql/sql-evidence-store.js';
import { SqlReportStore } from '../sql/sql-report-store.js';
import { SqlRunStore } from '../sql/sql-run-store.js';
import { openSqliteDatabase } from './open-sqlite-database.js';

/** A fresh database file per test: the adapters run against real SQLite in WAL mode. */
function sqliteHarness<T>(build: (database: Awaited<ReturnType<typeof openSqliteDatabase>>) => T) {
  return async () => {
    const directory = mkdtempSync(join(tmpdir(), 'consultantos-sqlite-'));
    const database = await openSqliteDatabase({ path: join(directory, 'test.db'), busyTimeoutMs: 5000, autoMigrate: true });
    return {
      store: build(database),
      close: async () => {
        await database.close();
        rmSync(directory, { recursive: true, force: true });
      },
    };
  };
}

defineRunStoreContract('sqlite', sqliteHarness((database) => new SqlRunStore(database.db)));
defineReportStoreContract('sqlite', sqliteHarness((database) => new SqlReportStore(database.db)));
defineEvidenceStoreContract('sqlite', sqliteHarness((database) => new SqlEvidenceStore(database.db)));
defineCacheContract('sqlite', sqliteHarness((database) => new SqlCache(database.db)));

defineRunStoreContract('sqlite in memory', async () => {
  const database = await openSqliteDatabase({ path: ':memory:', busyTimeoutMs: 5000, autoMigrate: true });
  return { store: new SqlRunStore(database.db), close: () => database.close() };
});
