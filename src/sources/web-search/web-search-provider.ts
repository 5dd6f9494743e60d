import { z } from 'zod';
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

/**
 * A parser for the `{ results: [{ title, url, content, score, <date> }] }` answers Tavily and
 * SearXNG share; only the name of the publication-date field differs.
 */
export function searchResultsParser(dateField: 'publishedDate' | 'published_date'): (value: unknown) => WebResult[] {
  return (value) =>
    SearchAnswer.parse(value).results.map((result) => {
      const entry: WebResult = { title: result.title ?? result.url, url: result.url, content: result.content ?? '' };
      const published = result[dateField];
      if (published) entry.publishedAt = published;
      if (typeof result.score === 'number') entry.score = result.score;
      return entry;
    });
}

const optionalText = z.string().nullable().optional();
const SearchAnswer = z.object({
  results: z.array(
    z.object({ title: optionalText, url: z.string(), content: optionalText, score: z.number().nullable().optional(), publishedDate: optionalText, published_date: optionalText }).passthrough(),
  ),
});
