import { newId } from '../core/ids.js';
import { hashSecret, randomSecret } from './secrets.js';

/**
 * `cos_<26-character key id>_<43-character secret>`. The `cos_<id>` part is the visible prefix
 * shown in listings and logs; the secret is shown once and stored only as a hash. The fixed
 * prefix lets secret scanners recognise a leaked key.
 */
export const API_KEY_PREFIX = 'cos_';
const ID_LENGTH = 26;
const SECRET_LENGTH = 43;
export const API_KEY_LENGTH = API_KEY_PREFIX.length + ID_LENGTH + 1 + SECRET_LENGTH;
const API_KEY_SHAPE = /^cos_([0-9A-HJKMNP-TV-Z]{26})_([A-Za-z0-9_-]{43})$/;
/** Finds something shaped like a key anywhere in a text (query strings, logs). */
export const API_KEY_ANYWHERE = /cos_[0-9A-HJKMNP-TV-Z]{26}_[A-Za-z0-9_-]{20,}/;

export interface GeneratedApiKey {
  /** The record id (`key_…`). */
  id: string;
  /** The full key: shown to its owner once, never stored. */
  key: string;
  /** `cos_…`: safe to show and log. */
  prefix: string;
  secretHash: string;
}

export function generateApiKey(): GeneratedApiKey {
  const id = newId('key');
  const suffix = id.slice('key_'.length);
  const secret = randomSecret();
  return { id, key: `${API_KEY_PREFIX}${suffix}_${secret}`, prefix: `${API_KEY_PREFIX}${suffix}`, secretHash: hashSecret(secret) };
}

/** Splits a presented key into its record id and secret; `undefined` when it is not shaped like one. */
export function parseApiKey(presented: string): { id: string; secret: string } | undefined {
  // The length check comes before the pattern, so no input can make the match expensive.
  if (presented.length !== API_KEY_LENGTH) return undefined;
  const match = API_KEY_SHAPE.exec(presented);
  if (!match) return undefined;
  return { id: `key_${match[1]}`, secret: match[2]! };
}

export function looksLikeApiKey(value: string): boolean {
  return value.startsWith(API_KEY_PREFIX);
}

export function keyPrefixOf(id: string): string {
  return `${API_KEY_PREFIX}${id.slice('key_'.length)}`;
}
