import { defineAuthStoreContract } from './auth-store.contract.js';
import { openSqliteDatabase } from '../../src/store/sqlite/open-sqlite-database.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

defineAuthStoreContract('sqlite', async () => {
  const directory = mkdtempSync(join(tmpdir(), 'consultantos-auth-store-'));
  const database = await openSqliteDatabase({ path: join(directory, 'auth.db'), busyTimeoutMs: 5_000, autoMigrate: true });
  return {
    db: database.db,
    async close() {
      await database.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
});
