import type { StepHandler } from '../core/engine.js';
import { CancelledError } from '../core/errors.js';
import { toJsonValue } from '../core/json.js';
import { extractMarketSignals } from '../llm/extractive/market.js';
import type { Evidence } from '../reports/model/evidence.js';
import type { DataGap } from '../reports/model/report.js';
import { documentsToEvidence, loadDocuments } from '../sources/documents/index.js';
import { partitionDocuments } from '../sources/documents/url-documents.js';
import { collectFrom, sourceContext } from '../sources/evidence-sources.js';
import type { EvidenceSources } from '../sources/evidence-sources.js';
import { resolveCompany } from '../sources/sec/company-tickers.js';
import { resolveSecCompany } from '../sources/sec/sec-filings-source.js';
import type { SourceContext, SourceQuery, SourceResult } from '../sources/source.js';
import type { MarketOutput } from '../workflows/strategy/outputs.js';
import { PASSAGES_PER_DOCUMENT, researchQuery } from './research-agent.js';
import { type AgentServices, requestOf, servicesForRun, timed } from './services.js';

/** Competitors whose quotes are fetched at deep depth. */
const MAX_COMPETITOR_QUOTES = 3;

/**
 * Market: market size, growth, competitors, segments and pricing signals extracted from the
 * documents (offline), plus market data — the company's quote and price history, search
 * interest trends, and at deep depth the quotes of the competitors the documents name.
 * Runs beside research; shared evidence ids are content hashes, so nothing is registered twice.
 */
export function marketAgent(services: AgentServices): StepHandler {
  return async (context) => {
    const request = requestOf(context);
    const run = servicesForRun(services, request);
    const output = await timed(async (): Promise<Omit<MarketOutput, 'durationMs'>> => {
      const { paths } = partitionDocuments(request.documents);
      const documents = paths.length > 0 ? await loadDocuments(paths, { signal: context.signal }) : [];
      const retrievedAt = services.clock.now();
      const documentEvidence = documents.flatMap((document) => documentsToEvidence([document], { retrievedAt }).slice(0, PASSAGES_PER_DOCUMENT[request.depth]));
      await context.registerEvidence(documentEvidence);
      const company = { name: request.company, ...(request.industry ? { industry: request.industry } : {}) };
      // Only documents feed the extraction: a quote's "market capitalisation" is not a market size.
      const overview = extractMarketSignals({ company, depth: request.depth, focusTerms: [], evidence: documentEvidence, metrics: [] });

      const sourcesContext = sourceContext(run.sources, context.signal, () => services.clock.now());
      const query = await withTicker(run.sources, researchQuery(request), sourcesContext);
      const results = await Promise.all([
        collectFrom(run.sources, 'market-data', (all) => all.market, query, sourcesContext),
        collectFrom(run.sources, 'trends', (all) => all.trends, query, sourcesContext),
      ]);
      if (request.depth === 'deep' && run.sources?.enabled('market-data')) {
        results.push({ source: 'market-data', ...(await competitorQuotes(run.sources, overview.competitors.map((competitor) => competitor.name), sourcesContext)) });
      }
      const evidence: Evidence[] = results.flatMap((result) => result.evidence);
      const gaps: DataGap[] = results.flatMap((result) => result.gaps);
      await context.registerEvidence(evidence);
      for (const note of results.flatMap((result) => result.notes ?? [])) await context.progress(note);
      await context.progress(`${overview.competitors.length} competitors and ${overview.marketSize.length + overview.growth.length} market figures found; ${evidence.length} market-data items`);
      return { overview, gaps };
    });
    return { output: toJsonValue(output) };
  };
}

/** Adds the ticker SEC knows for the company, so market data needs no fuzzy search. */
async function withTicker(sources: EvidenceSources | undefined, query: SourceQuery, context: SourceContext): Promise<SourceQuery> {
  if (sources === undefined || !sources.enabled('sec-edgar') || !sources.sec.configured) return query;
  const company = await resolveSecCompany(sources.sec, query, context);
  return company.ok ? { ...query, ticker: company.value.ticker, cik: company.value.cik } : query;
}

/**
 * Quotes of competitors named in the documents. Only names SEC's list matches exactly or after
 * normalisation are used: a fuzzy match would quote the wrong company.
 */
async function competitorQuotes(sources: EvidenceSources, names: readonly string[], context: SourceContext): Promise<SourceResult> {
  if (names.length === 0) return { evidence: [], gaps: [] };
  const symbols: string[] = [];
  if (sources.enabled('sec-edgar') && sources.sec.configured) {
    try {
      const entries = await sources.sec.tickers(context);
      for (const name of names) {
        const found = resolveCompany(entries, { company: name });
        if (found.status === 'resolved' && found.match !== 'fuzzy' && !symbols.includes(found.ticker)) symbols.push(found.ticker);
        if (symbols.length >= MAX_COMPETITOR_QUOTES) break;
      }
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      return { evidence: [], gaps: [{ source: 'market-data', reason: 'Competitor tickers could not be looked up in SEC’s list', impact: 'low' }] };
    }
  }
  if (symbols.length === 0) return { evidence: [], gaps: [], notes: ['No named competitor is a listed company SEC knows; no competitor quotes'] };
  return sources.market.competitorQuotes(symbols, context);
}
