import { randomBytes } from 'node:crypto';

/**
 * Time-ordered, prefixed ids (`run_01J…`): 48 bits of milliseconds and 80 random bits in
 * Crockford base32, so ids sort by creation and are safe in URLs, file names and logs.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newId(prefix: string, now: number = Date.now()): string {
  let time = '';
  let remaining = now;
  for (let index = 0; index < 10; index += 1) {
    time = ALPHABET[remaining % 32]! + time;
    remaining = Math.floor(remaining / 32);
  }
  const bytes = randomBytes(16);
  let random = '';
  for (let index = 0; index < 16; index += 1) random += ALPHABET[bytes[index]! % 32];
  return `${prefix}_${time}${random}`;
}

export const ID_PATTERN = /^[a-z]{2,8}_[0-9A-HJKMNP-TV-Z]{26}$/;
