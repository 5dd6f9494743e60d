import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../schema.js';

/** One numbered, forward-only schema change. Applied inside a transaction. */
export interface Migration {
  version: number;
  name: string;
  up(db: Transaction<Database> | Kysely<Database>): Promise<void>;
}
