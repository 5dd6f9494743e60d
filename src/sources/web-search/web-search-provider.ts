import type { SourceContext } from '../source.js';

/** One result of a web search. */
export interface WebResult {
  title: string;
  url: string;
  /** The provider's excerpt of the page. */
  content: string;
  publishedAt?: string;
  score?: number;
}

/**
 * A web search backend (Tavily, SearXNG; Brave or Bing fit the same shape). Providers throw
 * catalogue errors for upstream trouble; the web-search source turns them into gaps.
 */
export interface WebSearchProvider {
  /** Shown in evidence (`publisher` falls back to it) and gaps. */
  readonly name: string;
  /** Longest query the backend accepts; longer ones are cut at a word boundary first. */
  readonly maxQueryChars: number;
  search(query: string, options: { maxResults: number }, context: SourceContext): Promise<WebResult[]>;
}

/**
 * Makes a query safe to send: control characters out, whitespace collapsed, cut at a word
 * boundary under the provider's limit. Returns undefined for a query with nothing left.
 */
export function guardQuery(query: string, maxChars: number): string | undefined {
  // eslint-disable-next-line no-control-regex
  const cleaned = query.replace(/[\u0000-\u001f\u007f]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (cleaned.length === 0) return undefined;
  if (cleaned.length <= maxChars) return cleaned;
  const cut = cleaned.slice(0, maxChars + 1);
  const boundary = cut.lastIndexOf(' ');
  return (boundary > maxChars / 2 ? cut.slice(0, boundary) : cleaned.slice(0, maxChars)).trim();
}
