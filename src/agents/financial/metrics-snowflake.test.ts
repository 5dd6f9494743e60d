import { beforeAll, describe, expect, it } from 'vitest';
import type { FinancialMetric } from '../../reports/model/financials.js';
import { loadCompanyFactsFile, selectAnnual } from '../../sources/sec/companyfacts.js';
import type { ParsedCompanyFacts } from '../../sources/sec/companyfacts.js';
import { hasSharedFixtures, sharedFixture } from '../../../test/support/shared-fixtures.js';
import { computeMetrics } from './metrics.js';
import type { MetricsResult } from './metrics.js';

const REVENUE = 'us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax';

describe.skipIf(!hasSharedFixtures())('computeMetrics on Snowflake (recorded SEC companyfacts)', () => {
  let parsed: ParsedCompanyFacts;
  let result: MetricsResult;
  const annual = (concept: string, fiscalYear: number): number => {
    const fact = selectAnnual(parsed.facts, concept).find((candidate) => candidate.fiscalYear === fiscalYear);
    if (fact === undefined) throw new Error(`${concept} FY${fiscalYear} missing from the recorded file`);
    return fact.value;
  };
  const metric = (key: string, fiscalYear: number, fiscalPeriod = 'FY'): FinancialMetric | undefined =>
    result.metrics.find((candidate) => candidate.key === key && candidate.fiscalYear === fiscalYear && candidate.fiscalPeriod === fiscalPeriod);

  beforeAll(async () => {
    parsed = await loadCompanyFactsFile(sharedFixture('sec-edgar', 'companyfacts', 'CIK0001640147-SNOW.json'));
    result = computeMetrics(parsed.facts, { cik: parsed.cik, retrievedAt: new Date('2025-06-01T00:00:00Z'), depth: 'standard' });
  });

  it('reports revenue and growth for fiscal 2023–2025', () => {
    expect(result.metrics.filter((candidate) => candidate.key === 'revenue' && candidate.fiscalPeriod === 'FY').map((candidate) => [candidate.fiscalYear, candidate.value])).toEqual([
      [2023, 2_065_659_000],
      [2024, 2_806_489_000],
      [2025, 3_626_396_000],
    ]);
    expect(metric('revenue-growth', 2025)?.value).toBeCloseTo(((3_626_396_000 - 2_806_489_000) / 2_806_489_000) * 100, 9);
    expect(metric('revenue-growth', 2023)?.value).toBeCloseTo(((2_065_659_000 - 1_219_327_000) / 1_219_327_000) * 100, 9);
  });

  it('computes margins, cash flow and liquidity from the filed facts', () => {
    const revenue = annual(REVENUE, 2025);
    expect(metric('gross-margin', 2025)?.value).toBeCloseTo((annual('us-gaap:GrossProfit', 2025) / revenue) * 100, 9);
    expect(metric('operating-margin', 2025)?.value).toBeCloseTo((annual('us-gaap:OperatingIncomeLoss', 2025) / revenue) * 100, 9);
    expect(metric('net-income', 2025)?.value).toBe(-1_285_640_000);
    expect(metric('net-margin', 2025)?.value).toBeLessThan(0);
    expect(metric('free-cash-flow', 2025)?.value).toBe(
      annual('us-gaap:NetCashProvidedByUsedInOperatingActivities', 2025) - annual('us-gaap:PaymentsToAcquirePropertyPlantAndEquipment', 2025),
    );
    expect(metric('current-ratio', 2025)?.value).toBeCloseTo(annual('us-gaap:AssetsCurrent', 2025) / annual('us-gaap:LiabilitiesCurrent', 2025), 12);
    expect(metric('research-and-development-intensity', 2025)?.value).toBeCloseTo((annual('us-gaap:ResearchAndDevelopmentExpense', 2025) / revenue) * 100, 9);
  });

  it('takes debt from the convertible notes and reports the year without a debt fact as a gap', () => {
    expect(metric('debt-to-equity', 2025)?.value).toBeCloseTo(annual('us-gaap:ConvertibleDebtNoncurrent', 2025) / annual('us-gaap:StockholdersEquity', 2025), 12);
    // The FY2025 10-K reports the convertible notes as zero at the end of fiscal 2024, before they were issued.
    expect(metric('debt-to-equity', 2024)?.value).toBe(0);
    expect(metric('debt-to-equity', 2023)).toBeUndefined();
    expect(result.gaps).toEqual([expect.objectContaining({ reason: expect.stringMatching(/^Debt to equity: FY2023: no debt reported/) })]);
  });

  it('adds trailing twelve months through the first quarter of fiscal 2026', () => {
    const trailing = metric('revenue', 2026, 'TTM');
    expect(trailing?.value).toBe(3_626_396_000 + 1_042_074_000 - 828_709_000);
    expect(trailing?.facts.map((reference) => `${reference.fiscalPeriod} FY${reference.fiscalYear}`)).toEqual(['FY FY2025', 'Q1 FY2026', 'Q1 FY2025']);
  });

  it('cites the filing of every fact it used', () => {
    const revenue2024 = result.evidence.find((item) => item.locator === `companyfacts:0001640147:${REVENUE}:USD:2024-01-31`);
    expect(revenue2024?.excerpt).toBe(
      `Revenue from Contract with Customer, Excluding Assessed Tax (${REVENUE}) for FY2024 ended 2024-01-31: USD 2,806,489,000, from 10-K accession 0001640147-25-000052 filed 2025-03-21.`,
    );
    expect(metric('revenue', 2024)?.evidenceIds).toEqual([revenue2024?.id]);
    const again = computeMetrics(parsed.facts, { cik: parsed.cik, retrievedAt: new Date('2030-01-01T00:00:00Z'), depth: 'standard' });
    expect(again.evidence.map((item) => item.id)).toEqual(result.evidence.map((item) => item.id));
  });
});
