import type { Migration } from '../migration.js';
import { initial } from './0001-initial.js';
import { budgets } from './0002-budgets.js';
import { auth } from './0003-auth.js';
import { reportShares } from './0004-report-shares.js';

/** Every SQLite migration, in order. Append only; never edit one that has shipped. */
export const SQLITE_MIGRATIONS: readonly Migration[] = [initial, budgets, auth, reportShares];
