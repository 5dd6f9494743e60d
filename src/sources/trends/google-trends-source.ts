import { makeEvidence } from '../../reports/model/evidence.js';
import type { Evidence } from '../../reports/model/evidence.js';
import type { DataGap, Depth } from '../../reports/model/report.js';
import { guarded } from '../connector.js';
import { connectorClient } from '../http/connector-runtime.js';
import type { ConnectorRuntime } from '../http/connector-runtime.js';
import type { SourceHttpClient } from '../http/http-client.js';
import { badResponseError } from '../http/http-errors.js';
import type { EvidenceSource, SourceContext, SourceQuery, SourceResult } from '../source.js';
import { classifyTrend } from './trend-classification.js';
import { parseExploreResponse, parseInterestOverTime, parseRelatedQueries } from './trends-responses.js';
import type { InterestPoint, RelatedQuery, TrendsWidget } from './trends-responses.js';

const BASE = 'https://trends.google.com/trends/api';
const DAY = 86_400_000;

/** Time range by depth; quick skips trends (the market step does not run at quick depth anyway). */
export const TRENDS_RANGE: Readonly<Record<Depth, string | undefined>> = { quick: undefined, standard: 'today 5-y', deep: 'today 5-y' };

/**
 * Google Trends (unofficial web API, no key): interest over time and related queries for the
 * company's name, and at deep depth for its industry. Optional by nature — Google answers 429
 * readily — so it is cached for a day, backs off long, and any failure is a low-impact gap.
 * The growing/stable/declining call is computed in code from the series.
 */
export class GoogleTrendsSource implements EvidenceSource {
  readonly name = 'trends';
  private readonly http: SourceHttpClient;

  constructor(runtime: ConnectorRuntime, private readonly language = 'en-US') {
    this.http = connectorClient('trends', runtime);
  }

  async collect(query: SourceQuery, context: SourceContext): Promise<SourceResult> {
    const range = TRENDS_RANGE[query.depth];
    if (range === undefined) return { evidence: [], gaps: [] };
    const keywords = [query.company, ...(query.depth === 'deep' && query.industry ? [query.industry] : [])];
    const evidence: Evidence[] = [];
    const gaps: DataGap[] = [];
    for (const keyword of keywords) {
      const result = await guarded(this.name, `Search interest for "${keyword}" could not be read`, 'low', () => this.keywordTrend(keyword, range, context));
      if (!result.ok) gaps.push(result.gap);
      else if (result.value === undefined) gaps.push({ source: this.name, reason: `Too little search interest data for "${keyword}"`, impact: 'low' });
      else evidence.push(result.value);
    }
    return { evidence, gaps };
  }

  private async get(url: string, context: SourceContext): Promise<string> {
    const response = await this.http.text({ url, signal: context.signal, cache: context.cache, cacheTtlMs: DAY, accept: ['application/json', 'text/javascript', 'text/plain'] });
    return response.text;
  }

  private widgetUrl(endpoint: string, widget: TrendsWidget): string {
    return `${BASE}/widgetdata/${endpoint}?hl=${this.language}&tz=0&req=${encodeURIComponent(JSON.stringify(widget.request))}&token=${encodeURIComponent(widget.token)}`;
  }

  async keywordTrend(keyword: string, range: string, context: SourceContext): Promise<Evidence | undefined> {
    const request = { comparisonItem: [{ keyword, geo: '', time: range }], category: 0, property: '' };
    const exploreUrl = `${BASE}/explore?hl=${this.language}&tz=0&req=${encodeURIComponent(JSON.stringify(request))}`;
    const widgets = this.parse(exploreUrl, await this.get(exploreUrl, context), parseExploreResponse);
    const timeseries = widgets.find((widget) => widget.id === 'TIMESERIES');
    if (timeseries === undefined) throw badResponseError(this.name, exploreUrl, 'no interest-over-time widget');
    const seriesUrl = this.widgetUrl('multiline', timeseries);
    const points = this.parse(seriesUrl, await this.get(seriesUrl, context), parseInterestOverTime);
    const related = widgets.find((widget) => widget.id.startsWith('RELATED_QUERIES'));
    let queries: { top: RelatedQuery[]; rising: RelatedQuery[] } = { top: [], rising: [] };
    if (related !== undefined) {
      const relatedUrl = this.widgetUrl('relatedsearches', related);
      queries = this.parse(relatedUrl, await this.get(relatedUrl, context), parseRelatedQueries);
    }
    return trendEvidence(keyword, range, points, queries, context.now());
  }

  private parse<T>(url: string, body: string, parse: (body: string) => T): T {
    try {
      return parse(body);
    } catch (error) {
      throw badResponseError(this.name, url, error instanceof Error ? error.message.slice(0, 200) : String(error), error);
    }
  }
}

/** One `trend` evidence: the series' classification, its averages, and the top and rising queries. */
export function trendEvidence(keyword: string, range: string, points: readonly InterestPoint[], related: { top: RelatedQuery[]; rising: RelatedQuery[] }, retrievedAt: Date): Evidence | undefined {
  const complete = points.filter((point) => !point.partial);
  const classification = classifyTrend(complete.map((point) => point.values[0] ?? 0));
  const first = complete[0];
  const last = complete[complete.length - 1];
  if (classification === undefined || first === undefined || last === undefined) return undefined;
  const top = related.top.slice(0, 5).map((entry) => entry.query);
  const rising = related.rising.slice(0, 5).map((entry) => `${entry.query} (${entry.formattedValue ?? entry.value})`);
  const sentences = [
    `Google search interest in "${keyword}" from ${first.time.slice(0, 10)} to ${last.time.slice(0, 10)} is ${classification.direction}: the average of the last third of the period (${classification.lastMean}) is ${classification.changePercent >= 0 ? '+' : ''}${classification.changePercent} % against the first third (${classification.firstMean}), on a 0–100 scale.`,
    top.length > 0 ? `Top related searches: ${top.join(', ')}.` : '',
    rising.length > 0 ? `Rising related searches: ${rising.join(', ')}.` : '',
  ].filter((sentence) => sentence.length > 0);
  return makeEvidence(
    {
      kind: 'trend',
      title: `Search interest in "${keyword}" — ${classification.direction}`,
      excerpt: sentences.join(' '),
      locator: `google-trends:${keyword}:${range}:${last.time.slice(0, 10)}`,
      url: `https://trends.google.com/trends/explore?q=${encodeURIComponent(keyword)}&date=${encodeURIComponent(range)}`,
      publisher: 'Google Trends',
      publishedAt: last.time,
      attributes: { keyword, direction: classification.direction, changePercent: classification.changePercent, points: classification.points },
    },
    retrievedAt,
  );
}
