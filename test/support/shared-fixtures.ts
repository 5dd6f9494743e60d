import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The recorded real responses live beside the project, in ../shared (never copied in). */
export function sharedFixturesDir(): string {
  return process.env.CONSULTANTOS_SHARED_FIXTURES ?? join(projectRoot, '..', 'shared', 'fixtures', 'real');
}

export function sharedFixture(...parts: string[]): string {
  return join(sharedFixturesDir(), ...parts);
}

/**
 * Whether suites that read recorded responses can run. In CI (`CI` set) their absence is a
 * failure, not a skip.
 */
export function hasSharedFixtures(): boolean {
  const present = existsSync(sharedFixturesDir());
  if (!present && process.env.CI) {
    throw new Error(`Recorded fixtures are required in CI but ${sharedFixturesDir()} does not exist`);
  }
  return present;
}

export { projectRoot };
