import { makeEvidence } from '../../reports/model/evidence.js';
import type { Evidence } from '../../reports/model/evidence.js';
import type { DataGap, Depth } from '../../reports/model/report.js';
import { guarded, notConfiguredGap } from '../connector.js';
import type { EvidenceSource, SourceContext, SourceQuery, SourceResult } from '../source.js';
import { guardQuery } from './web-search-provider.js';
import type { WebResult, WebSearchProvider } from './web-search-provider.js';

/** Queries and results per query, by depth. */
export const WEB_SEARCH_PLAN: Readonly<Record<Depth, { queries: number; results: number }>> = {
  quick: { queries: 1, results: 4 },
  standard: { queries: 3, results: 5 },
  deep: { queries: 6, results: 8 },
};

/** The queries for a company, most useful first; depth takes the first few. */
export function webQueries(query: SourceQuery): string[] {
  const company = query.company;
  const industry = query.industry ? ` ${query.industry}` : '';
  const focus = query.focusTerms.slice(0, 4).join(' ');
  return [
    `${company}${industry} company overview strategy`,
    `${company} competitors market share${industry}`,
    `${company} latest results outlook`,
    `${company} risks regulation${industry}`,
    `${company} customers pricing products`,
    ...(focus.length > 0 ? [`${company} ${focus}`] : []),
    `${industry.trim() || company} market size growth`,
  ];
}

function normaliseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.hash = '';
    for (const key of [...parsed.searchParams.keys()]) if (/^utm_|^ref$|^fbclid$|^gclid$/i.test(key)) parsed.searchParams.delete(key);
    return parsed.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
}

/** One `web` evidence per result; the id hashes the URL and the excerpt. */
export function webEvidence(result: WebResult, provider: string, retrievedAt: Date): Evidence {
  const publisher = hostOf(result.url) ?? provider;
  return makeEvidence(
    {
      kind: 'web',
      title: result.title.trim() || result.url,
      excerpt: result.content.trim() || result.title,
      locator: `web:${normaliseUrl(result.url)}`,
      url: result.url,
      publisher,
      ...(result.publishedAt ? { publishedAt: result.publishedAt } : {}),
      attributes: { provider, score: result.score ?? null },
    },
    retrievedAt,
  );
}

/**
 * Web search behind a provider interface. Without a provider (no Tavily key, no SearXNG URL)
 * it reports that it is not configured. Results are de-duplicated by URL across queries.
 */
export class WebSearchSource implements EvidenceSource {
  readonly name = 'web-search';

  constructor(private readonly provider: WebSearchProvider | undefined) {}

  async collect(query: SourceQuery, context: SourceContext): Promise<SourceResult> {
    if (this.provider === undefined) {
      return { evidence: [], gaps: [notConfiguredGap(this.name, 'set CONSULTANTOS_TAVILY_API_KEY (sources.tavilyApiKey) or CONSULTANTOS_SEARXNG_URL (sources.searxngUrl)')] };
    }
    const plan = WEB_SEARCH_PLAN[query.depth];
    const evidence: Evidence[] = [];
    const gaps: DataGap[] = [];
    const seen = new Set<string>();
    for (const raw of webQueries(query).slice(0, plan.queries)) {
      const text = guardQuery(raw, this.provider.maxQueryChars);
      if (text === undefined) continue;
      const results = await guarded(this.name, `${this.provider.name} search "${text.slice(0, 80)}" failed`, 'low', () => this.provider!.search(text, { maxResults: plan.results }, context));
      if (!results.ok) {
        gaps.push(results.gap);
        continue;
      }
      for (const result of results.value) {
        const key = normaliseUrl(result.url);
        if (seen.has(key) || !/^https?:\/\//i.test(result.url)) continue;
        seen.add(key);
        evidence.push(webEvidence(result, this.provider.name, context.now()));
      }
    }
    if (evidence.length === 0 && gaps.length === 0) gaps.push({ source: this.name, reason: `${this.provider.name} returned no results`, impact: 'low' });
    return { evidence, gaps };
  }
}
