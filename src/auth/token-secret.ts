import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { ConsultantError } from '../core/errors.js';
import { randomSecret } from './secrets.js';

export const TOKEN_SECRET_FILE = 'token-secret';

/**
 * The secret that signs session, stream and download tokens. Configured explicitly in
 * distributed mode (every process must verify every other's tokens); generated once into the
 * data directory in embedded mode, so a laptop stays zero-config. The file is created with
 * `wx` so two processes starting together cannot each write a different secret.
 */
export function resolveTokenSecret(config: Config): string {
  if (config.security.tokenSecret) return config.security.tokenSecret;
  if (config.database.url) {
    throw new ConsultantError('INVALID_CONFIG', 'Invalid configuration: CONSULTANTOS_TOKEN_SECRET must be set (32+ characters, the same in every process) when DATABASE_URL is set');
  }
  const path = join(config.dataDir, TOKEN_SECRET_FILE);
  try {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(path, `${randomSecret()}\n`, { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ConsultantError('INVALID_CONFIG', `Cannot create the token secret in ${config.dataDir}: ${(error as Error).message}`, { cause: error });
    }
  }
  const secret = readFileSync(path, 'utf8').trim();
  if (secret.length < 32) throw new ConsultantError('INVALID_CONFIG', `The token secret in ${path} is too short; delete the file to generate a new one`);
  try {
    chmodSync(path, 0o600);
  } catch {
    // Best effort: some filesystems (network mounts, Windows) have no POSIX modes.
  }
  return secret;
}
