import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** 256 random bits, URL-safe (43 characters). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * SHA-256 of a high-entropy secret (API keys, refresh tokens). A slow hash buys nothing for
 * 256-bit random values and would cost every request; passwords use argon2id instead.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Constant-time comparison of two hex or text digests of any length. */
export function digestsEqual(left: string, right: string): boolean {
  const a = createHash('sha256').update(left).digest();
  const b = createHash('sha256').update(right).digest();
  return timingSafeEqual(a, b) && left.length === right.length;
}

/** A key for one purpose derived from the master secret, so a token of one kind can never verify as another. */
export function deriveKey(masterSecret: string, purpose: string): Uint8Array {
  return new Uint8Array(createHmac('sha256', masterSecret).update(`consultantos:${purpose}`).digest());
}

/** HMAC-SHA256 as base64url, for CSRF tokens bound to a session. */
export function signValue(masterSecret: string, purpose: string, value: string): string {
  return createHmac('sha256', deriveKey(masterSecret, purpose)).update(value).digest('base64url');
}
