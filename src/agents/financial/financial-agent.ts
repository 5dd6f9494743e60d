import type { StepHandler } from '../../core/engine.js';
import { toJsonValue } from '../../core/json.js';
import type { Evidence } from '../../reports/model/evidence.js';
import type { FinancialFact } from '../../reports/model/financials.js';
import type { DataGap } from '../../reports/model/report.js';
import type { EvidenceSources } from '../../sources/evidence-sources.js';
import { sourceContext } from '../../sources/evidence-sources.js';
import type { ParsedCompanyFacts } from '../../sources/sec/companyfacts.js';
import type { SourceContext } from '../../sources/source.js';
import type { FinancialOutput } from '../../workflows/strategy/outputs.js';
import { type AgentServices, requestOf, servicesForRun, timed } from '../services.js';
import { loadFinancialFacts } from './facts-source.js';
import { computeMarketMultiples } from './market-multiples.js';
import type { MarketMultiplesResult } from './market-multiples.js';
import { computeMetrics } from './metrics.js';

/**
 * Financials: facts in SEC companyfacts format (the `--facts` file, else SEC EDGAR for the
 * resolved company) become metrics computed in code, each tied to the facts (and fact evidence)
 * it came from; the market quote adds price-to-earnings and EV-to-revenue multiples. A model
 * never computes a number.
 */
export function financialAgent(services: AgentServices): StepHandler {
  return async (context) => {
    const request = requestOf(context);
    const run = servicesForRun(services, request);
    const output = await timed(async (): Promise<Omit<FinancialOutput, 'durationMs'>> => {
      const sources = sourceContext(run.sources, context.signal, () => services.clock.now());
      const loaded = await loadFinancialFacts(request, run.sources, sources);
      const parsed = loaded.parsed;
      if (parsed === undefined) return { financials: null, company: null, gaps: loaded.gaps };
      const retrievedAt = services.clock.now();
      const result = computeMetrics(parsed.facts, { cik: parsed.cik, retrievedAt, depth: request.depth });
      const currency = result.currency ?? 'USD';
      const multiples = await marketMultiples(run.sources, parsed, currency, loaded.ticker, sources);
      const evidence: Evidence[] = [...result.evidence, ...multiples.evidence];
      await context.registerEvidence(evidence);
      const facts = mergeFacts(result.usedFacts, multiples.usedFacts);
      const metrics = [...result.metrics, ...multiples.metrics];
      await context.progress(`${metrics.length} metrics from ${facts.length} facts (${loaded.origin === 'file' ? 'facts file' : 'SEC EDGAR'})`, { metrics: metrics.length, facts: facts.length });
      const company = { name: parsed.entityName, cik: parsed.cik, ...(loaded.ticker ? { ticker: loaded.ticker } : {}) };
      return {
        financials: { entityName: parsed.entityName, cik: parsed.cik, currency, facts, metrics },
        company,
        gaps: [...loaded.gaps, ...result.gaps, ...multiples.gaps],
      };
    });
    return { output: toJsonValue(output) };
  };
}

/** One entry per fact: the same filed value used by two metrics is listed once. */
function mergeFacts(first: readonly FinancialFact[], second: readonly FinancialFact[]): FinancialFact[] {
  const seen = new Set<string>();
  return [...first, ...second].filter((fact) => {
    const key = fact.evidenceId ?? `${fact.concept}|${fact.periodEnd}|${fact.accession}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

/** Multiples need a quote: the company's ticker (from SEC) or Yahoo's search by name. */
async function marketMultiples(
  sources: EvidenceSources | undefined,
  parsed: ParsedCompanyFacts,
  currency: string,
  ticker: string | undefined,
  context: SourceContext,
): Promise<MarketMultiplesResult & { evidence: Evidence[] }> {
  const none = (gap: DataGap): MarketMultiplesResult => ({ metrics: [], usedFacts: [], evidence: [], gaps: [gap] });
  if (sources === undefined) return none({ source: 'market multiples', reason: 'No market-data source is wired; no multiples', impact: 'low' });
  if (!sources.enabled('market-data')) return none({ ...sources.disabledGap('market-data'), source: 'market multiples' });
  let symbol = ticker;
  if (symbol === undefined) {
    const match = await sources.market.symbolFor(parsed.entityName, context);
    if (!match.ok) return none({ ...match.gap, source: 'market multiples', impact: 'low' });
    symbol = match.value.symbol;
  }
  const snapshot = await sources.market.snapshot(symbol, context);
  if (!snapshot.ok) return none({ ...snapshot.gap, source: 'market multiples', impact: 'low' });
  const result = computeMarketMultiples({ facts: parsed.facts, currency, cik: parsed.cik, quote: snapshot.value.quote, quoteEvidence: snapshot.value.evidence, retrievedAt: context.now() });
  // The quote is registered only when a multiple cites it.
  return result.metrics.length > 0 ? { ...result, evidence: [snapshot.value.evidence, ...result.evidence] } : result;
}
