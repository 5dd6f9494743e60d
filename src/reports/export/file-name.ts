/**
 * A `Content-Disposition` value for a download name. The quoted `filename` keeps only
 * characters that are safe unquoted on every file system and cannot end the header (no quotes,
 * backslashes, CR/LF, path separators); `filename*` carries the exact name percent-encoded
 * (RFC 6266 / RFC 8187), which no client interprets as a path.
 */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  const ascii = base.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '').slice(0, 150) || 'report';
  return `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base || ascii)}`;
}
