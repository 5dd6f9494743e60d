import { sql } from 'kysely';
import { describe } from 'vitest';
import { openPostgresDatabase } from '../../src/store/postgres/open-postgres-database.js';
import { databaseUrl, uniqueName } from '../support/integration-services.js';
import { defineAuthStoreContract } from './auth-store.contract.js';

describe.skipIf(!databaseUrl)('auth stores on PostgreSQL', () => {
  const schema = uniqueName('auth', import.meta.url);
  defineAuthStoreContract('postgres', async () => {
    const database = await openPostgresDatabase({ url: databaseUrl!, schema, poolSize: 8, autoMigrate: true });
    return {
      db: database.db,
      async close() {
        await sql`DROP SCHEMA ${sql.id(schema)} CASCADE`.execute(database.db);
        await database.close();
      },
    };
  });
});
