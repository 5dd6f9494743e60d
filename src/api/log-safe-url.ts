/** Path segments that are bearer secrets themselves: a share link's token. */
const SECRET_SEGMENT = /^(\/v1\/shared\/)[^/?#]+/;

function decoded(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/**
 * A request URL fit for logs and problem responses: the query string (where a credential would
 * be refused anyway) and secret path segments are redacted, and the length is bounded. The path
 * is matched as the router sees it (percent-decoded), so `/v1/%73hared/<token>` is redacted too.
 */
export function pathOf(url: string): string {
  const index = url.indexOf('?');
  const raw = index < 0 ? url : url.slice(0, index);
  const routed = decoded(raw);
  const path = SECRET_SEGMENT.test(routed) ? routed.replace(SECRET_SEGMENT, '$1[redacted]') : raw;
  return (index < 0 ? path : `${path}?[redacted]`).slice(0, 300);
}
