import { z } from 'zod';

const SearchPage = z
  .object({
    pageid: z.number().optional(),
    title: z.string(),
    index: z.number().optional(),
    description: z.string().optional(),
    snippet: z.string().optional(),
    terms: z.object({ description: z.array(z.string()).optional() }).partial().optional(),
  })
  .passthrough();

const SearchResponse = z.object({
  query: z
    .object({
      pages: z.array(SearchPage).optional(),
      search: z.array(SearchPage).optional(),
    })
    .passthrough()
    .optional(),
  /** The REST API's related-pages answer lists pages at the top level. */
  pages: z.array(SearchPage).optional(),
});

export interface WikipediaHit {
  title: string;
  description?: string;
}

/**
 * Parses a MediaWiki Action API search answer (`formatversion=2`): `list=search` gives
 * `query.search[]` in rank order, `generator=search|prefixsearch` gives `query.pages[]` with an
 * `index` rank; both may come together. No `query` at all (no match) is an empty list.
 */
export function parseSearchResponse(value: unknown): WikipediaHit[] {
  const parsed = SearchResponse.parse(value);
  const query = parsed.query ?? (parsed.pages ? { pages: parsed.pages } : undefined);
  if (query === undefined) return [];
  // A request may combine list=search with a generator: full-text hits first, then the generator's pages by rank.
  const pages = [...(query.pages ?? [])].sort((left, right) => (left.index ?? 0) - (right.index ?? 0));
  const seen = new Set<string>();
  const ranked = [...(query.search ?? []), ...pages].filter((page) => (seen.has(page.title) ? false : (seen.add(page.title), true)));
  return ranked.map((page) => {
    const description = page.description ?? page.terms?.description?.[0];
    return description ? { title: page.title, description } : { title: page.title };
  });
}

const Summary = z
  .object({
    type: z.string().optional(),
    title: z.string(),
    displaytitle: z.string().optional(),
    description: z.string().optional(),
    extract: z.string(),
    timestamp: z.string().optional(),
    revision: z.string().optional(),
    lang: z.string().optional(),
    content_urls: z.object({ desktop: z.object({ page: z.string() }).partial().optional() }).partial().optional(),
    titles: z.object({ canonical: z.string().optional() }).partial().optional(),
  })
  .passthrough();

export interface WikipediaSummary {
  title: string;
  /** `standard`, `disambiguation`, … */
  type: string;
  description?: string;
  extract: string;
  url: string;
  revision?: string;
  timestamp?: string;
}

/** Parses the REST `page/summary/{title}` answer. */
export function parseSummaryResponse(value: unknown, language = 'en'): WikipediaSummary {
  const page = Summary.parse(value);
  const canonical = page.titles?.canonical ?? page.title.replace(/ /g, '_');
  const summary: WikipediaSummary = {
    title: page.title,
    type: page.type ?? 'standard',
    extract: page.extract,
    url: page.content_urls?.desktop?.page ?? `https://${page.lang ?? language}.wikipedia.org/wiki/${encodeURIComponent(canonical)}`,
  };
  if (page.description) summary.description = page.description;
  if (page.revision) summary.revision = page.revision;
  if (page.timestamp) summary.timestamp = page.timestamp;
  return summary;
}
