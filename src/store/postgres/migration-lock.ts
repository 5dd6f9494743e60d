import { sql } from 'kysely';
import type { MigrationLock } from '../migrator.js';

/** First half of the two-integer advisory lock key: "consultantos migrations" in this database. */
const MIGRATION_LOCK_CLASS = 0x0c05_2001;

/**
 * A session-level advisory lock per schema, held on one dedicated connection for the whole
 * migration run: concurrent migrators (several processes booting at once) wait for it, then find
 * every migration applied and do nothing. Schemas get separate locks so test schemas and
 * deployments sharing one database do not queue behind each other. If the connection dies the
 * server releases the lock with the session, so a crashed migrator never wedges the others.
 */
export function postgresMigrationLock(schema: string): MigrationLock {
  return (db, work) =>
    db.connection().execute(async (connection) => {
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_CLASS}, hashtext(${schema}))`.execute(connection);
      try {
        return await work(connection);
      } finally {
        // A failed unlock means the session is gone, and the lock went with it.
        await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_CLASS}, hashtext(${schema}))`.execute(connection).catch(() => undefined);
      }
    });
}
