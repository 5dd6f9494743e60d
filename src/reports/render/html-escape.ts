import { needsDirectionIsolation } from './text-direction.js';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for element content and double-quoted attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}


/**
 * Escaped report text, isolated when it could reorder its neighbours: an Arabic title next to
 * a `[3]` marker, or a stray right-to-left override, stays inside its own box.
 */
export function contentHtml(value: string): string {
  const escaped = escapeHtml(value);
  return needsDirectionIsolation(value) ? `<bdi>${escaped}</bdi>` : escaped;
}
