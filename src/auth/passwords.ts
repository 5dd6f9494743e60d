import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { ConsultantError } from '../core/errors.js';

/** argon2id with OWASP's recommended floor (19 MiB, 2 passes, 1 lane). */
const ARGON2ID = 2 as Algorithm;
const HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Longer inputs are refused before hashing: a megabyte password is a denial-of-service attempt. */
export const MAX_PASSWORD_LENGTH = 256;

/** A hash of a random password, verified against when the user does not exist so timing reveals nothing. */
let decoyHash: Promise<string> | undefined;

export function assertPasswordAcceptable(password: string, minLength: number): void {
  if (password.length < minLength) throw new ConsultantError('INVALID_INPUT', `The password must have at least ${minLength} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new ConsultantError('INVALID_INPUT', `The password must have at most ${MAX_PASSWORD_LENGTH} characters`);
}

export async function hashPassword(password: string): Promise<string> {
  return hash(password, HASH_OPTIONS);
}

/**
 * Checks a password against a stored hash; with no hash (unknown user, no password set) it
 * still spends the time of one verification, so an attacker cannot enumerate accounts by timing.
 */
export async function verifyPassword(stored: string | null | undefined, password: string): Promise<boolean> {
  const candidate = password.length > MAX_PASSWORD_LENGTH ? password.slice(0, MAX_PASSWORD_LENGTH) : password;
  if (!stored) {
    decoyHash ??= hash(`decoy-${Date.now()}-${Math.random()}`, HASH_OPTIONS);
    await verify(await decoyHash, candidate).catch(() => false);
    return false;
  }
  if (password.length > MAX_PASSWORD_LENGTH) return false;
  try {
    return await verify(stored, candidate);
  } catch {
    return false;
  }
}
