import { makeEvidence, truncate } from '../../reports/model/evidence.js';
import type { Evidence } from '../../reports/model/evidence.js';
import type { DataGap, Depth } from '../../reports/model/report.js';
import { guarded } from '../connector.js';
import { connectorClient } from '../http/connector-runtime.js';
import type { ConnectorRuntime } from '../http/connector-runtime.js';
import type { SourceHttpClient } from '../http/http-client.js';
import { badResponseError } from '../http/http-errors.js';
import { normaliseCompanyName } from '../sec/company-tickers.js';
import type { EvidenceSource, SourceContext, SourceQuery, SourceResult } from '../source.js';
import { guardQuery } from '../web-search/web-search-provider.js';
import { parseFeed } from './feed-parser.js';
import type { FeedItem, ParsedFeed } from './feed-parser.js';
import { newsSentiment } from './news-sentiment.js';

/** Google News search queries and items kept, by depth. */
export const NEWS_PLAN: Readonly<Record<Depth, { queries: number; items: number }>> = {
  quick: { queries: 1, items: 6 },
  standard: { queries: 2, items: 12 },
  deep: { queries: 4, items: 25 },
};

const FEED_TYPES = ['application/rss+xml', 'application/atom+xml', 'application/xml', 'text/xml', 'application/rdf+xml', 'text/plain'];

export function googleNewsUrl(query: string, language = 'en-US', country = 'US'): string {
  return `https://news.google.com/rss/search?q=${encodeURIComponent(query)}&hl=${language}&gl=${country}&ceid=${country}:${language.split('-')[0]}`;
}

export function newsQueries(query: SourceQuery): string[] {
  const industry = query.industry ? ` ${query.industry}` : '';
  return [`"${query.company}"`, `"${query.company}"${industry}`, `"${query.company}" competitors`, `"${query.company}" regulation OR lawsuit OR tariff`];
}

/** A headline as Google News writes it ("Title - Publisher") compared without the publisher. */
export function titleKey(title: string): string {
  return title.replace(/\s+[-–—|]\s+[^-–—|]{2,60}$/, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

function linkKey(link: string): string {
  try {
    const url = new URL(link);
    url.hash = '';
    for (const key of [...url.searchParams.keys()]) if (/^utm_/i.test(key)) url.searchParams.delete(key);
    return url.toString();
  } catch {
    return link;
  }
}

/** Drops repeats: the same link, or the same headline from a different query or feed. */
export function dedupeItems(items: readonly FeedItem[]): FeedItem[] {
  const links = new Set<string>();
  const titles = new Set<string>();
  return items.filter((item) => {
    const link = linkKey(item.link);
    const title = titleKey(item.title);
    if ((link.length > 0 && links.has(link)) || (title.length > 0 && titles.has(title))) return false;
    links.add(link);
    titles.add(title);
    return true;
  });
}

export function mentions(item: FeedItem, company: string, ticker?: string): boolean {
  const haystack = ` ${normaliseCompanyName(`${item.title} ${item.summary}`)} `;
  const name = normaliseCompanyName(company);
  if (name.length > 0 && haystack.includes(` ${name} `)) return true;
  return ticker !== undefined && new RegExp(`\\b${ticker.replace(/[^A-Za-z0-9]/g, '')}\\b`).test(`${item.title} ${item.summary}`);
}

export function newsEvidence(item: FeedItem, retrievedAt: Date): Evidence {
  const sentiment = newsSentiment(`${item.title}. ${item.summary}`);
  const excerpt = item.summary.length > 0 && titleKey(item.summary) !== titleKey(item.title) ? `${item.title}. ${truncate(item.summary, 1200)}` : item.title;
  return makeEvidence(
    {
      kind: 'news',
      title: item.title,
      excerpt,
      locator: `news:${linkKey(item.link) || titleKey(item.title)}`,
      ...(item.link ? { url: item.link } : {}),
      ...(item.publisher ? { publisher: item.publisher } : {}),
      ...(item.publishedAt ? { publishedAt: item.publishedAt } : {}),
      attributes: { sentiment: sentiment.score, sentimentLabel: sentiment.label, positiveTerms: sentiment.positive.join(', '), negativeTerms: sentiment.negative.join(', ') },
    },
    retrievedAt,
  );
}

/**
 * News: Google News RSS search for the company plus any RSS/Atom feeds the user configured
 * (their items kept only when they name the company). Items are de-duplicated, newest first,
 * each with a lexicon sentiment signal.
 */
export class NewsSource implements EvidenceSource {
  readonly name = 'news';
  private readonly http: SourceHttpClient;

  constructor(runtime: ConnectorRuntime, private readonly feeds: readonly string[] = [], private readonly googleNews = true) {
    this.http = connectorClient('news', runtime);
  }

  async fetchFeed(url: string, context: SourceContext): Promise<ParsedFeed> {
    const response = await this.http.text({ url, signal: context.signal, cache: context.cache, accept: FEED_TYPES });
    try {
      return parseFeed(response.text);
    } catch (error) {
      throw badResponseError(this.name, url, error instanceof Error ? error.message : String(error), error);
    }
  }

  async collect(query: SourceQuery, context: SourceContext): Promise<SourceResult> {
    const plan = NEWS_PLAN[query.depth];
    const gaps: DataGap[] = [];
    const items: FeedItem[] = [];
    if (this.googleNews) {
      for (const raw of newsQueries(query).slice(0, plan.queries)) {
        const text = guardQuery(raw, 300);
        if (text === undefined) continue;
        const feed = await guarded(this.name, `Google News search ${text} failed`, 'low', () => this.fetchFeed(googleNewsUrl(text), context));
        if (feed.ok) items.push(...feed.value.items);
        else gaps.push(feed.gap);
      }
    }
    for (const url of this.feeds) {
      const feed = await guarded(this.name, `Feed ${url} failed`, 'low', () => this.fetchFeed(url, context));
      if (feed.ok) items.push(...feed.value.items.filter((item) => mentions(item, query.company, query.ticker)));
      else gaps.push(feed.gap);
    }
    const kept = dedupeItems(items)
      .sort((left, right) => (right.publishedAt ?? '').localeCompare(left.publishedAt ?? ''))
      .slice(0, plan.items);
    if (kept.length === 0 && gaps.length === 0) gaps.push({ source: this.name, reason: `No news items about "${query.company}" were found`, impact: 'low' });
    const retrievedAt = context.now();
    return { evidence: kept.map((item) => newsEvidence(item, retrievedAt)), gaps };
  }
}
