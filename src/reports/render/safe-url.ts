/**
 * The link target a renderer may emit for a stored URL, or `undefined` when it must be shown as
 * text only. Only absolute http(s) URLs qualify: `javascript:`, `data:`, protocol-relative and
 * relative URLs never become links, whatever their case or surrounding whitespace.
 *
 * The WHATWG serialisation is returned rather than the stored text because it percent-encodes
 * spaces, quotes and angle brackets, so the result cannot break out of an attribute or a
 * Markdown autolink.
 */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  // The URL parser strips tabs and newlines anywhere ("java\tscript:"); reject them up front so
  // what a reader sees as text is exactly what would have been followed.
  if (/\p{Cc}/u.test(url) || url !== url.trim()) return undefined;
  if (!/^https?:\/\//i.test(url)) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.hostname.length === 0) return undefined;
  return parsed.href;
}
