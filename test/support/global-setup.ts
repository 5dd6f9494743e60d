import { existsSync } from 'node:fs';
import { sharedFixturesDir } from './shared-fixtures.js';

/** Prints, once per test run, which optional suites will skip and why. */
export default function setup(): void {
  const notices: string[] = [];
  if (!existsSync(sharedFixturesDir())) {
    notices.push('../shared/fixtures/real is absent: tests against recorded real responses are skipped.');
  }
  if (!process.env.DATABASE_URL) notices.push('DATABASE_URL is not set: PostgreSQL integration suites are skipped.');
  if (!process.env.REDIS_URL) notices.push('REDIS_URL is not set: Redis integration suites are skipped.');
  for (const notice of notices) console.warn(`[consultantos tests] NOTICE: ${notice}`);
}
