import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../../reports/model/evidence.js';
import { FinancialMetric } from '../../reports/model/financials.js';
import type { FinancialFact } from '../../reports/model/financials.js';
import type { Quote } from '../../sources/market/yahoo-responses.js';
import { computeMarketMultiples } from './market-multiples.js';

function fact(name: string, value: number, instant = false): FinancialFact {
  const fact: FinancialFact = { concept: `us-gaap:${name}`, label: name, value, unit: 'USD', periodEnd: '2024-12-31', fiscalYear: 2024, fiscalPeriod: 'FY', form: '10-K', accession: '0000012345-25-000001', filed: '2025-02-15' };
  if (!instant) fact.periodStart = '2024-01-01';
  return fact;
}

const facts = [
  fact('Revenues', 1_000),
  fact('NetIncomeLoss', 100),
  fact('LongTermDebt', 300, true),
  fact('CashAndCashEquivalentsAtCarryingValue', 50, true),
];
const quote: Quote = { symbol: 'ACME', name: 'Acme Corp', currency: 'USD', price: 10, marketCap: 2_500, asOf: '2025-03-03T21:00:00.000Z' };
const quoteEvidence = makeEvidence({ kind: 'market-data', title: 'Acme quote', excerpt: 'Acme market capitalisation USD 2,500', locator: 'yahoo:quote:ACME:2025-03-03' }, new Date('2025-03-04'));
const input = { facts, currency: 'USD', cik: '12345', quote, quoteEvidence, retrievedAt: new Date('2025-03-04') };

describe('computeMarketMultiples', () => {
  it('computes P/E and EV/revenue from the market value and the latest fiscal year, citing both', () => {
    const result = computeMarketMultiples(input);
    const pe = result.metrics.find((metric) => metric.key === 'price-to-earnings');
    const ev = result.metrics.find((metric) => metric.key === 'enterprise-value-to-revenue');
    expect(pe?.value).toBe(25);
    expect(ev?.value).toBeCloseTo((2_500 + 300 - 50) / 1_000, 12);
    expect(ev?.formula).toBe('Enterprise value to revenue = (market:MarketCapitalization + us-gaap:LongTermDebt − us-gaap:CashAndCashEquivalentsAtCarryingValue) ÷ (us-gaap:Revenues)');
    for (const metric of result.metrics) {
      expect(FinancialMetric.parse(metric)).toEqual(metric);
      expect(metric.evidenceIds[0]).toBe(quoteEvidence.id);
      expect(metric.facts[0]).toMatchObject({ concept: 'market:MarketCapitalization', value: 2_500, accession: 'yahoo:ACME:2025-03-03T21:00:00.000Z' });
    }
    // Every cited fact is listed once, with the evidence it is registered under.
    const listed = new Set(result.usedFacts.map((used) => `${used.concept}|${used.accession}`));
    for (const metric of result.metrics) for (const reference of metric.facts) expect(listed.has(`${reference.concept}|${reference.accession}`)).toBe(true);
    const evidenceIds = new Set([quoteEvidence.id, ...result.evidence.map((item) => item.id)]);
    expect(result.usedFacts.every((used) => used.evidenceId !== undefined && evidenceIds.has(used.evidenceId))).toBe(true);
  });

  it('reports gaps instead of numbers: losses, missing cash, currency mismatch, no market value', () => {
    const loss = computeMarketMultiples({ ...input, facts: [fact('Revenues', 1_000), fact('NetIncomeLoss', -5)] });
    expect(loss.metrics).toEqual([]);
    expect(loss.gaps.map((gap) => gap.reason)).toEqual([expect.stringMatching(/net income is -5, not positive/), expect.stringMatching(/no total debt, cash reported/)]);
    expect(computeMarketMultiples({ ...input, quote: { ...quote, currency: 'EUR' } }).gaps[0]?.reason).toMatch(/quoted in EUR but reports in USD/);
    expect(computeMarketMultiples({ ...input, quote: { symbol: 'ACME', name: 'Acme' } }).gaps[0]?.reason).toMatch(/no market capitalisation/);
  });
});
