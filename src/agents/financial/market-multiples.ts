import type { Evidence } from '../../reports/model/evidence.js';
import type { FactReference, FinancialFact, FinancialMetric } from '../../reports/model/financials.js';
import type { DataGap } from '../../reports/model/report.js';
import type { Quote } from '../../sources/market/yahoo-responses.js';
import { factEvidence } from './fact-evidence.js';
import { createLineItemResolver } from './line-items.js';
import type { Term } from './line-items.js';

export interface MarketMultiplesInput {
  /** Every reported fact of the company (companyfacts). */
  facts: readonly FinancialFact[];
  /** The currency the statements are read in. */
  currency: string;
  cik: string;
  quote: Quote;
  /** The registered evidence of the quote; the market-value fact points at it. */
  quoteEvidence: Evidence;
  retrievedAt: Date;
}

export interface MarketMultiplesResult {
  metrics: FinancialMetric[];
  /** The market-value fact and every filed fact a multiple used, with `evidenceId`. */
  usedFacts: FinancialFact[];
  /** Fact evidence for the filed facts (the quote's evidence is the caller's). */
  evidence: Evidence[];
  gaps: DataGap[];
}

const SOURCE = 'market multiples';

function reference(fact: FinancialFact): FactReference {
  return { concept: fact.concept, fiscalYear: fact.fiscalYear, fiscalPeriod: fact.fiscalPeriod, accession: fact.accession, value: fact.value };
}

/** The quote's market capitalisation as a fact, so a multiple cites it like any filed number. */
export function marketValueFact(quote: Quote, marketCap: number, evidenceId: string): FinancialFact {
  const asOf = (quote.asOf ?? new Date(0).toISOString()).slice(0, 10);
  return {
    concept: 'market:MarketCapitalization',
    label: 'Market capitalisation',
    value: marketCap,
    unit: quote.currency ?? 'USD',
    periodEnd: asOf,
    fiscalYear: Number(asOf.slice(0, 4)),
    fiscalPeriod: 'AS-OF',
    form: 'market quote',
    accession: `yahoo:${quote.symbol}:${quote.asOf ?? 'latest'}`,
    filed: asOf,
    evidenceId,
  };
}

/**
 * Market multiples computed in code from the quote's market capitalisation and the latest
 * fiscal year's filed facts: price to earnings (market value ÷ net income) and enterprise value
 * to revenue ((market value + total debt − cash) ÷ revenue). Each cites the market-value fact
 * (→ the quote's evidence) and the filed facts (→ their fact evidence). A multiple that cannot
 * be computed — no market value, a currency mismatch, a non-positive base — is a gap.
 */
export function computeMarketMultiples(input: MarketMultiplesInput): MarketMultiplesResult {
  const { quote } = input;
  const gaps: DataGap[] = [];
  const marketCap = quote.marketCap ?? (quote.price !== undefined && quote.sharesOutstanding !== undefined ? quote.price * quote.sharesOutstanding : undefined);
  if (marketCap === undefined || !(marketCap > 0)) {
    return { metrics: [], usedFacts: [], evidence: [], gaps: [{ source: SOURCE, reason: `The quote of ${quote.symbol} has no market capitalisation; no multiples`, impact: 'low' }] };
  }
  if (quote.currency !== undefined && quote.currency !== input.currency) {
    return { metrics: [], usedFacts: [], evidence: [], gaps: [{ source: SOURCE, reason: `${quote.symbol} is quoted in ${quote.currency} but reports in ${input.currency}; multiples would mix currencies`, impact: 'low' }] };
  }
  const resolver = createLineItemResolver(input.facts, input.currency);
  const year = resolver.latestFiscalYear();
  if (year === undefined) return { metrics: [], usedFacts: [], evidence: [], gaps: [{ source: SOURCE, reason: 'No annual statements to set the market value against', impact: 'low' }] };
  const market = marketValueFact(quote, marketCap, input.quoteEvidence.id);
  const metrics: FinancialMetric[] = [];
  const used = new Map<string, FinancialFact>();
  const evidenceById = new Map<string, Evidence>();
  const cite = (facts: readonly FinancialFact[]): { facts: FactReference[]; evidenceIds: string[] } => {
    const evidenceIds: string[] = [];
    for (const fact of facts) {
      if (fact === market) {
        evidenceIds.push(input.quoteEvidence.id);
        continue;
      }
      const item = factEvidence(fact, { cik: input.cik, retrievedAt: input.retrievedAt });
      evidenceById.set(item.id, item);
      used.set(item.id, { ...fact, evidenceId: item.id });
      evidenceIds.push(item.id);
    }
    return { facts: facts.map(reference), evidenceIds };
  };

  const netIncome = resolver.amount('netIncome', year);
  if (netIncome === undefined) gaps.push({ source: SOURCE, reason: `Price to earnings: no net income reported for FY${year}`, impact: 'low' });
  else if (!(netIncome.value > 0)) gaps.push({ source: SOURCE, reason: `Price to earnings: FY${year} net income is ${netIncome.value}, not positive`, impact: 'low' });
  else {
    metrics.push({
      key: 'price-to-earnings',
      label: 'Price to earnings',
      value: marketCap / netIncome.value,
      unit: 'multiple',
      fiscalYear: year,
      fiscalPeriod: 'FY',
      formula: `Price to earnings = ${market.concept} ÷ (${netIncome.expression})`,
      ...cite([market, ...netIncome.facts]),
    });
  }

  const revenue = resolver.amount('revenue', year);
  const debt = resolver.totalDebt(year);
  const cash = resolver.amount('cash', year);
  const missing = [revenue === undefined ? 'revenue' : undefined, debt === undefined ? 'total debt' : undefined, cash === undefined ? 'cash' : undefined].filter(Boolean);
  if (missing.length > 0 || revenue === undefined || debt === undefined || cash === undefined) {
    gaps.push({ source: SOURCE, reason: `Enterprise value to revenue: no ${missing.join(', ')} reported for FY${year}`, impact: 'low' });
  } else if (!(revenue.value > 0)) {
    gaps.push({ source: SOURCE, reason: `Enterprise value to revenue: FY${year} revenue is ${revenue.value}, not positive`, impact: 'low' });
  } else {
    const enterpriseValue = marketCap + debt.value - cash.value;
    metrics.push({
      key: 'enterprise-value-to-revenue',
      label: 'Enterprise value to revenue',
      value: enterpriseValue / revenue.value,
      unit: 'multiple',
      fiscalYear: year,
      fiscalPeriod: 'FY',
      formula: `Enterprise value to revenue = (${market.concept} + ${termExpression(debt)} − ${cash.expression}) ÷ (${revenue.expression})`,
      ...cite([market, ...debt.facts, ...cash.facts, ...revenue.facts]),
    });
  }
  const usedFacts = metrics.length > 0 ? [market, ...used.values()] : [];
  return { metrics, usedFacts, evidence: [...evidenceById.values()], gaps };
}

function termExpression(term: Term): string {
  return term.facts.length > 1 ? `(${term.expression})` : term.expression;
}
