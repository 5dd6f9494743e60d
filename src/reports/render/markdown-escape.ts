import { needsDirectionIsolation } from './text-direction.js';

/**
 * Escaping for text placed inline in CommonMark/GFM. Report content is data: whatever it holds
 * (pipes, backticks, `#`, `[x](y)`, raw HTML, entities, list markers) must render as the same
 * characters and never as structure.
 *
 * CommonMark lets a backslash escape any ASCII punctuation, so over-escaping is always safe;
 * the set below is what can start or delimit structure inline or in a GFM table cell.
 */
const ALWAYS_ESCAPED = /[\\`*_[\]<>|~&#@]/g;

/**
 * Autolinks are structure too: escaping `//` stops `https://…` and protocol-relative `//…` from
 * being linked by GFM or linkify, `www\.` stops GFM's `www.` links and escaping `@` (above)
 * stops `mailto:` links. Only the evidence appendix links, and only to http(s).
 */
const SLASH_RUN = /\/{2,}/g;
const WWW_PREFIX = /\b(www)\./gi;

/**
 * What only builds structure at the start of a block: bullets and thematic breaks (`-`, `+`)
 * and ordered-list markers (`2024.` followed by a space). `9.5%` is left alone.
 */
const LEADING_MARKER = /^([-+]|\d{1,9}[.)](?=\s|$))/;

/** Line breaks would end a table row or start a new block, so inline text keeps to one line. */
const LINE_BREAKS = /\r\n|[\r\n\u2028\u2029\u0085\t\f\v]/g;

const FIRST_STRONG_ISOLATE = '\u2068';
const POP_DIRECTIONAL_ISOLATE = '\u2069';

export function escapeMarkdownText(value: string): string {
  const flattened = value.replace(LINE_BREAKS, ' ').trim();
  let escaped = flattened.replace(ALWAYS_ESCAPED, (character) => `\\${character}`);
  escaped = escaped.replace(SLASH_RUN, (run) => run.replace(/\//g, '\\/')).replace(WWW_PREFIX, '$1\\.');
  escaped = escaped.replace(LEADING_MARKER, (marker) => `${marker.slice(0, -1)}\\${marker.slice(-1)}`);
  // Markdown has no <bdi>; Unicode isolates keep right-to-left content (or a stray override)
  // from reordering the surrounding table cell or citation markers.
  return needsDirectionIsolation(escaped) ? `${FIRST_STRONG_ISOLATE}${escaped}${POP_DIRECTIONAL_ISOLATE}` : escaped;
}

/** Reverses `escapeMarkdownText` up to whitespace flattening; used by tests and round-trip checks. */
export function unescapeMarkdownText(value: string): string {
  return value.replace(/^\u2068|\u2069$/gu, '').replace(/\\([!-/:-@[-`{-~])/g, '$1');
}
