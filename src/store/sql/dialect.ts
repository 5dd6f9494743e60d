import { type Kysely, PostgresAdapter, sql, type Transaction } from 'kysely';

export type SqlDialectName = 'sqlite' | 'postgres';

/**
 * Which dialect a Kysely instance speaks, read from its adapter so the SQL adapters keep taking
 * a plain `Kysely<Database>` and cannot be handed the wrong flag.
 */
export function sqlDialectOf<Schema>(db: Kysely<Schema> | Transaction<Schema>): SqlDialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Serialises transactions that share `key` until the calling transaction ends. SQLite needs
 * nothing: every write transaction there is `BEGIN IMMEDIATE`, so they already run one at a
 * time. PostgreSQL under READ COMMITTED would let two read-then-insert transactions interleave,
 * so it takes a transaction-scoped advisory lock on a 64-bit hash of the key.
 */
export async function lockKeyForTransaction<Schema>(trx: Transaction<Schema>, key: string): Promise<void> {
  if (sqlDialectOf(trx) !== 'postgres') return;
  await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
}
