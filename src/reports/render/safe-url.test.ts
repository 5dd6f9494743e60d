import { describe, expect, it } from 'vitest';
import { HOSTILE_URLS } from '../../../test/support/sample-report.js';
import { safeHttpUrl } from './safe-url.js';

describe('safeHttpUrl', () => {
  it('accepts absolute http(s) URLs, normalised so they cannot break out of markup', () => {
    expect(safeHttpUrl('https://example.com/a b?q="<x>"')).toBe('https://example.com/a%20b?q=%22%3Cx%3E%22');
    expect(safeHttpUrl('HTTP://Example.com')).toBe('http://example.com/');
  });

  it('rejects every other scheme, relative and protocol-relative URLs and smuggled whitespace', () => {
    for (const url of HOSTILE_URLS.filter((value) => !value.startsWith('https://'))) expect(safeHttpUrl(url), url).toBeUndefined();
    for (const url of ['/relative', 'ftp://example.com', 'https://', 'https://exa\nmple.com', 'mailto:a@example.com', undefined]) {
      expect(safeHttpUrl(url), String(url)).toBeUndefined();
    }
  });
});
