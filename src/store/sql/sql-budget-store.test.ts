import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineBudgetStoreContract } from '../../../test/contracts/budget-store.contract.js';
import { openSqliteDatabase } from '../sqlite/open-sqlite-database.js';
import { SqlBudgetStore } from './sql-budget-store.js';

defineBudgetStoreContract('sqlite', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'consultantos-budget-'));
  const database = await openSqliteDatabase({ path: join(directory, 'test.db'), busyTimeoutMs: 5000, autoMigrate: true });
  return {
    store: new SqlBudgetStore(database.db),
    close: async () => {
      await database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
});

defineBudgetStoreContract('sqlite in memory', async () => {
  const database = await openSqliteDatabase({ path: ':memory:', busyTimeoutMs: 5000, autoMigrate: true });
  return { store: new SqlBudgetStore(database.db), close: () => database.close() };
});
