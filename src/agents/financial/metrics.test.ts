import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Evidence } from '../../reports/model/evidence.js';
import type { FinancialFact, FinancialMetric } from '../../reports/model/financials.js';
import { FinancialMetric as FinancialMetricSchema } from '../../reports/model/financials.js';
import { computeMetrics } from './metrics.js';
import type { ComputeMetricsOptions, MetricsResult } from './metrics.js';

const OPTIONS: ComputeMetricsOptions = { cik: '0000012345', retrievedAt: new Date('2025-01-15T00:00:00Z'), includeTrailingTwelveMonths: false };

/** Calendar-year facts: `values` maps `Concept` (us-gaap) to its value per fiscal year. */
function annualFacts(values: Record<string, Record<number, number>>, unit = 'USD'): FinancialFact[] {
  const balanceSheet = new Set(['StockholdersEquity', 'AssetsCurrent', 'LiabilitiesCurrent', 'LongTermDebt', 'ShortTermBorrowings', 'LongTermDebtNoncurrent', 'DebtCurrent']);
  return Object.entries(values).flatMap(([name, byYear]) =>
    Object.entries(byYear).map(([year, value]) => {
      const fact: FinancialFact = {
        concept: `us-gaap:${name}`,
        label: name,
        value,
        unit,
        periodEnd: `${year}-12-31`,
        fiscalYear: Number(year),
        fiscalPeriod: 'FY',
        form: '10-K',
        accession: `0000012345-${String(Number(year) + 1).slice(2)}-000001`,
        filed: `${Number(year) + 1}-02-15`,
      };
      if (!balanceSheet.has(name)) fact.periodStart = `${year}-01-01`;
      return fact;
    }),
  );
}

function metric(result: MetricsResult, key: string, fiscalYear: number, fiscalPeriod = 'FY'): FinancialMetric | undefined {
  return result.metrics.find((candidate) => candidate.key === key && candidate.fiscalYear === fiscalYear && candidate.fiscalPeriod === fiscalPeriod);
}

const amount = fc.integer({ min: -5_000_000_000, max: 5_000_000_000 });
const positive = fc.integer({ min: 1, max: 5_000_000_000 });

describe('computeMetrics arithmetic (properties)', () => {
  it('margins and intensities are the ratio of their facts × 100, citing exactly those facts', () => {
    fc.assert(
      fc.property(positive, amount, amount, amount, fc.integer({ min: 0, max: 2_000_000_000 }), (revenue, gross, operating, net, research) => {
        const facts = annualFacts({
          Revenues: { 2024: revenue },
          GrossProfit: { 2024: gross },
          OperatingIncomeLoss: { 2024: operating },
          NetIncomeLoss: { 2024: net },
          ResearchAndDevelopmentExpense: { 2024: research },
        });
        const result = computeMetrics(facts, { ...OPTIONS, years: 1 });
        const expectations: [string, number, string][] = [
          ['gross-margin', gross, 'us-gaap:GrossProfit'],
          ['operating-margin', operating, 'us-gaap:OperatingIncomeLoss'],
          ['net-margin', net, 'us-gaap:NetIncomeLoss'],
          ['research-and-development-intensity', research, 'us-gaap:ResearchAndDevelopmentExpense'],
        ];
        for (const [key, numerator, concept] of expectations) {
          const computed = metric(result, key, 2024);
          expect(computed?.unit).toBe('percent');
          expect(computed?.value).toBeCloseTo((numerator / revenue) * 100, 9);
          expect(computed?.facts.map((reference) => [reference.concept, reference.value])).toEqual([
            [concept, numerator],
            ['us-gaap:Revenues', revenue],
          ]);
        }
        expect(metric(result, 'net-income', 2024)?.value).toBe(net);
      }),
      { numRuns: 100 },
    );
  });

  it('revenue growth has the sign of the change and the size of change ÷ prior', () => {
    fc.assert(
      fc.property(positive, positive, (prior, current) => {
        const result = computeMetrics(annualFacts({ Revenues: { 2023: prior, 2024: current } }), { ...OPTIONS, years: 1 });
        const growth = metric(result, 'revenue-growth', 2024);
        expect(Math.sign(growth?.value ?? Number.NaN)).toBe(Math.sign(current - prior));
        expect(growth?.value).toBeCloseTo(((current - prior) / prior) * 100, 9);
        expect(growth?.facts.map((reference) => reference.fiscalYear)).toEqual([2024, 2023]);
      }),
      { numRuns: 100 },
    );
  });

  it('free cash flow is operating cash flow minus capital expenditure, exactly', () => {
    fc.assert(
      fc.property(amount, fc.integer({ min: 0, max: 2_000_000_000 }), (operating, capital) => {
        const facts = annualFacts({ NetCashProvidedByUsedInOperatingActivities: { 2024: operating }, PaymentsToAcquirePropertyPlantAndEquipment: { 2024: capital } });
        const result = computeMetrics(facts, { ...OPTIONS, years: 1 });
        expect(metric(result, 'free-cash-flow', 2024)?.value).toBe(operating - capital);
        expect(metric(result, 'operating-cash-flow', 2024)?.value).toBe(operating);
      }),
      { numRuns: 100 },
    );
  });

  it('debt to equity and current ratio are plain quotients of their balances', () => {
    fc.assert(
      fc.property(positive, positive, positive, positive, positive, (longTerm, shortTerm, equity, assets, liabilities) => {
        const facts = annualFacts({
          LongTermDebt: { 2024: longTerm },
          ShortTermBorrowings: { 2024: shortTerm },
          StockholdersEquity: { 2024: equity },
          AssetsCurrent: { 2024: assets },
          LiabilitiesCurrent: { 2024: liabilities },
          Revenues: { 2024: 1 },
        });
        const result = computeMetrics(facts, { ...OPTIONS, years: 1 });
        expect(metric(result, 'debt-to-equity', 2024)?.value).toBeCloseTo((longTerm + shortTerm) / equity, 12);
        expect(metric(result, 'current-ratio', 2024)?.value).toBeCloseTo(assets / liabilities, 12);
        expect(metric(result, 'current-ratio', 2024)?.unit).toBe('multiple');
      }),
      { numRuns: 100 },
    );
  });
});

describe('computeMetrics provenance and gaps', () => {
  const complete = annualFacts({
    Revenues: { 2021: 800, 2022: 900, 2023: 1000, 2024: 1200 },
    CostOfRevenue: { 2022: 400, 2023: 450, 2024: 500 },
    NetIncomeLoss: { 2022: 50, 2023: 60, 2024: 80 },
  });

  it('creates one financial-fact evidence per used fact and links every metric to it', () => {
    const result = computeMetrics(complete, OPTIONS);
    const evidenceIds = new Set(result.evidence.map((item) => item.id));
    expect(result.evidence).toHaveLength(result.usedFacts.length);
    for (const item of result.evidence) expect(Evidence.parse(item)).toEqual(item);
    for (const computed of result.metrics) {
      expect(FinancialMetricSchema.parse(computed)).toEqual(computed);
      expect(computed.evidenceIds.length).toBe(computed.facts.length);
      for (const id of computed.evidenceIds) expect(evidenceIds.has(id)).toBe(true);
    }
    expect(result.usedFacts.every((fact) => fact.evidenceId !== undefined && evidenceIds.has(fact.evidenceId))).toBe(true);
    const revenue2024 = result.evidence.find((item) => item.locator === 'companyfacts:0000012345:us-gaap:Revenues:USD:2024-12-31');
    expect(revenue2024?.excerpt).toBe('Revenues (us-gaap:Revenues) for FY2024 ended 2024-12-31: USD 1,200, from 10-K accession 0000012345-25-000001 filed 2025-02-15.');
    expect(revenue2024?.url).toBe('https://www.sec.gov/Archives/edgar/data/12345/000001234525000001/');
  });

  it('derives gross profit from revenue and cost of revenue, and says so in the formula', () => {
    const margin = metric(computeMetrics(complete, OPTIONS), 'gross-margin', 2024);
    expect(margin?.value).toBeCloseTo(((1200 - 500) / 1200) * 100, 12);
    expect(margin?.formula).toBe('Gross margin = (us-gaap:Revenues − us-gaap:CostOfRevenue) ÷ (us-gaap:Revenues) × 100');
    expect(margin?.facts.map((reference) => reference.concept)).toEqual(['us-gaap:Revenues', 'us-gaap:CostOfRevenue']);
  });

  it('turns every metric that cannot be computed into a gap, never a number', () => {
    const result = computeMetrics(complete, OPTIONS);
    const keys = new Set(result.metrics.map((computed) => computed.key));
    for (const missing of ['operating-margin', 'operating-cash-flow', 'free-cash-flow', 'debt-to-equity', 'current-ratio', 'research-and-development-intensity']) {
      expect(keys.has(missing)).toBe(false);
    }
    const reasons = result.gaps.map((gap) => gap.reason);
    expect(reasons).toEqual(expect.arrayContaining([expect.stringMatching(/^Operating margin: FY2022: no operating income reported/), expect.stringMatching(/^Debt to equity: FY2022/)]));
    expect(result.gaps.every((gap) => gap.source === 'sec-companyfacts')).toBe(true);
  });

  it('covers the latest fiscal years by depth', () => {
    const years = (depth: ComputeMetricsOptions['depth']): number[] =>
      computeMetrics(complete, { ...OPTIONS, depth }).metrics.filter((computed) => computed.key === 'revenue').map((computed) => computed.fiscalYear);
    expect(years('quick')).toEqual([2023, 2024]);
    expect(years('standard')).toEqual([2022, 2023, 2024]);
    const deep = computeMetrics(complete, { ...OPTIONS, depth: 'deep' });
    expect(deep.metrics.filter((computed) => computed.key === 'revenue').map((computed) => computed.fiscalYear)).toEqual([2021, 2022, 2023, 2024]);
    expect(deep.gaps.find((gap) => gap.reason.startsWith('Revenue:'))).toMatchObject({ impact: 'high', reason: expect.stringContaining('FY2020') });
  });

  it('falls back to another revenue concept year by year', () => {
    const facts = [
      ...annualFacts({ SalesRevenueNet: { 2017: 500 } }),
      ...annualFacts({ RevenueFromContractWithCustomerExcludingAssessedTax: { 2018: 600 } }),
    ];
    const result = computeMetrics(facts, { ...OPTIONS, years: 2 });
    expect(metric(result, 'revenue', 2017)?.facts[0]?.concept).toBe('us-gaap:SalesRevenueNet');
    expect(metric(result, 'revenue', 2018)?.facts[0]?.concept).toBe('us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax');
    expect(metric(result, 'revenue-growth', 2018)?.value).toBeCloseTo(20, 12);
  });

  it('sums non-current debt and the current portion when no total is reported', () => {
    const facts = annualFacts({ LongTermDebtNoncurrent: { 2024: 300 }, DebtCurrent: { 2024: 100 }, StockholdersEquity: { 2024: 800 }, Revenues: { 2024: 1 } });
    const ratio = metric(computeMetrics(facts, { ...OPTIONS, years: 1 }), 'debt-to-equity', 2024);
    expect(ratio?.value).toBe(0.5);
    expect(ratio?.formula).toBe('Debt to equity = (us-gaap:LongTermDebtNoncurrent + us-gaap:DebtCurrent) ÷ (us-gaap:StockholdersEquity)');
  });

  it('refuses ratios over a zero or negative base', () => {
    const facts = annualFacts({ Revenues: { 2024: 0 }, NetIncomeLoss: { 2024: -5 }, LongTermDebt: { 2024: 10 }, StockholdersEquity: { 2024: -20 } });
    const result = computeMetrics(facts, { ...OPTIONS, years: 1 });
    expect(metric(result, 'net-margin', 2024)).toBeUndefined();
    expect(metric(result, 'debt-to-equity', 2024)).toBeUndefined();
    expect(result.gaps.map((gap) => gap.reason)).toEqual(
      expect.arrayContaining([expect.stringContaining('revenue is 0, not positive'), expect.stringContaining("stockholders' equity is -20, not positive")]),
    );
  });

  it('computes ratios but no amounts for a company reporting in another currency', () => {
    const facts = annualFacts({ Revenues: { 2024: 1000 }, NetIncomeLoss: { 2024: 100 } }, 'EUR');
    const result = computeMetrics(facts, { ...OPTIONS, years: 1 });
    expect(result.currency).toBe('EUR');
    expect(metric(result, 'net-margin', 2024)?.value).toBeCloseTo(10, 12);
    expect(metric(result, 'revenue', 2024)).toBeUndefined();
    expect(result.gaps.find((gap) => gap.reason.startsWith('Revenue:'))?.reason).toContain('reported in EUR');
  });

  it('reports one high-impact gap when there are no facts at all', () => {
    const result = computeMetrics([], OPTIONS);
    expect(result.metrics).toEqual([]);
    expect(result.gaps).toEqual([expect.objectContaining({ impact: 'high' })]);
  });
});
