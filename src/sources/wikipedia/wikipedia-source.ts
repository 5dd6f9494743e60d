import { makeEvidence } from '../../reports/model/evidence.js';
import type { Evidence } from '../../reports/model/evidence.js';
import type { DataGap } from '../../reports/model/report.js';
import { guarded } from '../connector.js';
import { connectorClient } from '../http/connector-runtime.js';
import type { ConnectorRuntime } from '../http/connector-runtime.js';
import type { SourceHttpClient } from '../http/http-client.js';
import { normaliseCompanyName } from '../sec/company-tickers.js';
import type { EvidenceSource, SourceContext, SourceQuery, SourceResult } from '../source.js';
import { parseSearchResponse, parseSummaryResponse } from './wikipedia-responses.js';
import type { WikipediaHit, WikipediaSummary } from './wikipedia-responses.js';

/**
 * Wikipedia as company background: a search for the company, then the summary of the best
 * page (one whose title names the company, preferring pages described as a company). Deep
 * depth adds the industry's page. Disambiguation pages are skipped, never cited.
 */
export class WikipediaSource implements EvidenceSource {
  readonly name = 'wikipedia';
  private readonly http: SourceHttpClient;

  constructor(runtime: ConnectorRuntime, private readonly language = 'en') {
    this.http = connectorClient('wikipedia', runtime);
  }

  async collect(query: SourceQuery, context: SourceContext): Promise<SourceResult> {
    const evidence: Evidence[] = [];
    const gaps: DataGap[] = [];
    const searches = [{ text: query.company, company: true }];
    if (query.depth === 'deep' && query.industry) searches.push({ text: query.industry, company: false });
    for (const search of searches) {
      const hits = await guarded(this.name, `Search for "${search.text}" failed`, search.company ? 'low' : 'low', () => this.search(search.text, context));
      if (!hits.ok) {
        gaps.push(hits.gap);
        continue;
      }
      const page = search.company ? pickCompanyPage(query.company, hits.value) : hits.value[0];
      if (page === undefined) {
        gaps.push({ source: this.name, reason: `No Wikipedia page found for "${search.text}"`, impact: 'low' });
        continue;
      }
      const summary = await guarded(this.name, `The summary of "${page.title}" could not be read`, 'low', () => this.summary(page.title, context));
      if (!summary.ok) gaps.push(summary.gap);
      else if (summary.value.type === 'disambiguation' || summary.value.extract.trim().length === 0) gaps.push({ source: this.name, reason: `"${page.title}" is a disambiguation page`, impact: 'low' });
      else evidence.push(summaryEvidence(summary.value, context.now(), this.language));
    }
    return { evidence, gaps };
  }

  async search(text: string, context: SourceContext): Promise<WikipediaHit[]> {
    const url = `https://${this.language}.wikipedia.org/w/api.php?action=query&list=search&srsearch=${encodeURIComponent(text.slice(0, 200))}&srlimit=5&format=json&formatversion=2`;
    return this.http.json({ url, signal: context.signal, cache: context.cache }, parseSearchResponse);
  }

  async summary(title: string, context: SourceContext): Promise<WikipediaSummary> {
    const url = `https://${this.language}.wikipedia.org/api/rest_v1/page/summary/${encodeURIComponent(title.replace(/ /g, '_'))}`;
    return this.http.json({ url, signal: context.signal, cache: context.cache }, (value) => parseSummaryResponse(value, this.language));
  }
}

/** The hit whose title names the company; a "company"/"corporation" description wins ties. */
export function pickCompanyPage(company: string, hits: readonly WikipediaHit[]): WikipediaHit | undefined {
  const wanted = normaliseCompanyName(company);
  const naming = hits.filter((hit) => {
    const title = normaliseCompanyName(hit.title.replace(/\s*\(.*\)$/, ''));
    return title === wanted || title.startsWith(`${wanted} `) || wanted.startsWith(`${title} `);
  });
  const corporate = naming.find((hit) => /\b(company|corporation|manufacturer|firm|conglomerate|retailer|bank|maker|provider)\b/i.test(hit.description ?? ''));
  return corporate ?? naming[0];
}

export function summaryEvidence(summary: WikipediaSummary, retrievedAt: Date, language = 'en'): Evidence {
  return makeEvidence(
    {
      kind: 'wikipedia',
      title: `${summary.title} — Wikipedia${summary.description ? ` (${summary.description})` : ''}`,
      excerpt: summary.extract,
      locator: `wikipedia:${language}:${summary.title}${summary.revision ? `@${summary.revision}` : ''}`,
      url: summary.url,
      publisher: 'Wikipedia',
      ...(summary.timestamp ? { publishedAt: summary.timestamp } : {}),
      attributes: { page: summary.title, revision: summary.revision ?? null },
    },
    retrievedAt,
  );
}
