import type { Migration } from '../migration.js';
import { initial } from './0001-initial.js';
import { budgets } from './0002-budgets.js';
import { auth } from './0003-auth.js';
import { reportShares } from './0004-report-shares.js';

/**
 * Every PostgreSQL migration, in order: one twin per SQLite migration, with the same version and
 * name (`parity.test.ts` fails when the lists diverge). Append only; never edit one that shipped.
 */
export const POSTGRES_MIGRATIONS: readonly Migration[] = [initial, budgets, auth, reportShares];
