import { describe, expect, it } from 'vitest';
import { SQLITE_MIGRATIONS } from '../sqlite/index.js';
import { POSTGRES_MIGRATIONS } from './index.js';

describe('migration parity between dialects', () => {
  it('has one PostgreSQL migration per SQLite migration, with the same version and name', () => {
    const describe = (migrations: typeof SQLITE_MIGRATIONS) => migrations.map((migration) => `${migration.version}-${migration.name}`);
    expect(describe(POSTGRES_MIGRATIONS)).toEqual(describe(SQLITE_MIGRATIONS));
  });

  it('numbers each list 1..n without gaps', () => {
    for (const migrations of [SQLITE_MIGRATIONS, POSTGRES_MIGRATIONS]) {
      expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
    }
  });
});
