/** Path segments that are bearer secrets themselves: a share link's token. */
const SECRET_SEGMENT = /^(\/v1\/shared\/)[^/?#]+/;

/**
 * A request URL fit for logs and problem responses: the query string (where a credential would
 * be refused anyway) and secret path segments are redacted, and the length is bounded.
 */
export function pathOf(url: string): string {
  const index = url.indexOf('?');
  const path = (index < 0 ? url : url.slice(0, index)).replace(SECRET_SEGMENT, '$1[redacted]');
  return (index < 0 ? path : `${path}?[redacted]`).slice(0, 300);
}
