import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConsultantError } from '../../core/errors.js';
import { FinancialFact } from '../../reports/model/financials.js';
import { hasSharedFixtures, projectRoot, sharedFixture } from '../../../test/support/shared-fixtures.js';
import { loadCompanyFactsFile, parseCompanyFacts, selectAnnual, selectQuarterly, trailingTwelveMonths } from './companyfacts.js';
import type { ParsedCompanyFacts } from './companyfacts.js';

const SNOW_FILE = (): string => sharedFixture('sec-edgar', 'companyfacts', 'CIK0001640147-SNOW.json');
const REVENUE = 'us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax';
const NET_INCOME = 'us-gaap:NetIncomeLoss';

interface RawEntry {
  start?: string;
  end: string;
  val: number;
  accn: string;
  fy: number;
  fp: string;
  form: string;
  filed: string;
}
type RawFile = { facts: Record<string, Record<string, { units: Record<string, RawEntry[]> }>> };

describe.skipIf(!hasSharedFixtures())('parseCompanyFacts on Snowflake (recorded SEC response)', () => {
  let raw: RawFile;
  let parsed: ParsedCompanyFacts;

  beforeAll(async () => {
    raw = JSON.parse(readFileSync(SNOW_FILE(), 'utf8')) as RawFile;
    parsed = await loadCompanyFactsFile(SNOW_FILE());
  });

  it('reads the entity and pads the CIK to ten digits', () => {
    expect(parsed.cik).toBe('0001640147');
    expect(parsed.entityName).toBe('SNOWFLAKE INC.');
  });

  it('keeps every entry: the facts per concept and unit equal the raw entries', () => {
    const expected = new Map<string, number>();
    for (const [taxonomy, concepts] of Object.entries(raw.facts)) {
      for (const [name, concept] of Object.entries(concepts)) {
        for (const [unit, entries] of Object.entries(concept.units)) expected.set(`${taxonomy}:${name}|${unit}`, entries.length);
      }
    }
    const actual = new Map<string, number>();
    for (const fact of parsed.facts) actual.set(`${fact.concept}|${fact.unit}`, (actual.get(`${fact.concept}|${fact.unit}`) ?? 0) + 1);
    expect(actual).toEqual(expected);
    expect(parsed.facts.length).toBe([...expected.values()].reduce((sum, count) => sum + count, 0));
    expect(parsed.concepts.find((concept) => concept.concept === REVENUE)?.units).toEqual({ USD: expected.get(`${REVENUE}|USD`) });
  });

  it('produces facts valid against the report schema, values untouched', () => {
    for (const fact of parsed.facts.slice(0, 500)) expect(() => FinancialFact.parse(fact)).not.toThrow();
    const rawValues = raw.facts['us-gaap']?.['NetIncomeLoss']?.units['USD']?.map((entry) => entry.val);
    expect(parsed.facts.filter((fact) => fact.concept === NET_INCOME).map((fact) => fact.value)).toEqual(rawValues);
  });

  it('learns the 31 January fiscal year end from the 10-Ks', () => {
    expect(parsed.calendar.observations).toContainEqual({ end: '2024-01-31', fiscalYear: 2024 });
    expect(parsed.calendar.observations).toContainEqual({ end: '2025-01-31', fiscalYear: 2025 });
  });

  it('gives one annual revenue per fiscal year, matching the filings', () => {
    const annual = selectAnnual(parsed.facts, REVENUE);
    expect(annual.map((fact) => [fact.fiscalYear, fact.value])).toEqual([
      [2019, 96_666_000],
      [2020, 264_748_000],
      [2021, 592_049_000],
      [2022, 1_219_327_000],
      [2023, 2_065_659_000],
      [2024, 2_806_489_000],
      [2025, 3_626_396_000],
    ]);
    expect(annual.every((fact) => fact.fiscalPeriod === 'FY')).toBe(true);
  });

  it('gives one annual net income per fiscal year, matching the filings', () => {
    expect(selectAnnual(parsed.facts, NET_INCOME).map((fact) => [fact.fiscalYear, fact.value])).toEqual([
      [2019, -178_028_000],
      [2020, -348_535_000],
      [2021, -539_102_000],
      [2022, -679_948_000],
      [2023, -796_705_000],
      [2024, -836_097_000],
      [2025, -1_285_640_000],
    ]);
  });

  it('derives the fiscal year from the period, not from the filing that repeated it', () => {
    // FY2019 revenue is known here only from the 10-K for fiscal 2021, which SEC tags fy=2021.
    const fiscal2019 = parsed.facts.find((fact) => fact.concept === REVENUE && fact.periodEnd === '2019-01-31');
    expect(fiscal2019).toMatchObject({ fiscalYear: 2019, fiscalPeriod: 'FY', filingFiscalYear: 2021, filingFiscalPeriod: 'FY' });
    // A 10-Q that SEC labels fp=FY: its three months to 30 April 2022 are Q1 of fiscal 2023.
    const mislabelled = parsed.facts.find((fact) => fact.concept === REVENUE && fact.accession === '0001640147-22-000044' && fact.periodEnd === '2022-04-30');
    expect(mislabelled).toMatchObject({ fiscalYear: 2023, fiscalPeriod: 'Q1', filingFiscalPeriod: 'FY' });
  });

  it('keeps the value filed last when a period is repeated by later filings', () => {
    const repeated = parsed.facts.filter((fact) => fact.concept === REVENUE && fact.periodStart === '2021-02-01' && fact.periodEnd === '2022-01-31');
    expect(repeated.map((fact) => fact.accession)).toHaveLength(3);
    const chosen = selectAnnual(parsed.facts, REVENUE).find((fact) => fact.fiscalYear === 2022);
    expect(chosen?.accession).toBe('0001640147-24-000101');
    expect(chosen?.filed).toBe('2024-03-26');
  });

  it('selects quarters and year-end balances without duplicates', () => {
    const quarters = selectQuarterly(parsed.facts, REVENUE);
    const keys = quarters.map((fact) => `${fact.fiscalYear}-${fact.fiscalPeriod}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(quarters.find((fact) => fact.fiscalYear === 2026 && fact.fiscalPeriod === 'Q1')?.value).toBe(1_042_074_000);
    expect(quarters.find((fact) => fact.fiscalYear === 2025 && fact.fiscalPeriod === 'Q3')?.value).toBe(942_094_000);
    const equity = selectAnnual(parsed.facts, 'us-gaap:StockholdersEquity');
    expect(equity.every((fact) => fact.periodStart === undefined && fact.periodEnd.endsWith('-01-31'))).toBe(true);
    expect(equity.find((fact) => fact.fiscalYear === 2025)?.value).toBe(2_999_929_000);
  });

  it('computes trailing twelve months as FY2025 + Q1 FY2026 − Q1 FY2025', () => {
    const trailing = trailingTwelveMonths(parsed.facts, REVENUE);
    expect(trailing?.fact.value).toBe(3_626_396_000 + 1_042_074_000 - 828_709_000);
    expect(trailing?.fact).toMatchObject({ fiscalPeriod: 'TTM', fiscalYear: 2026, periodStart: '2024-05-01', periodEnd: '2025-04-30' });
    expect(trailing?.yearToDate?.periodStart).toBe('2025-02-01');
    expect(trailing?.priorYearToDate?.periodEnd).toBe('2024-04-30');
    expect(trailingTwelveMonths(parsed.facts, 'us-gaap:StockholdersEquity')).toBeUndefined();
  });
});

describe('parseCompanyFacts input validation', () => {
  const fixture = (name: string): string => join(projectRoot, 'test', 'fixtures', 'companyfacts', name);

  it('rejects a malformed entry, saying where and what', async () => {
    const error = await loadCompanyFactsFile(fixture('malformed-entry.json')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConsultantError);
    expect(error).toMatchObject({ code: 'FACTS_MALFORMED', category: 'user' });
    const message = (error as ConsultantError).message;
    expect(message).toContain('malformed-entry.json');
    expect(message).toContain('facts.us-gaap.Revenues.units.USD[1].end');
    expect(message).toContain('facts.us-gaap.Revenues.units.USD[1].val');
  });

  it('rejects a file that is not JSON with the same code, naming the path', async () => {
    await expect(loadCompanyFactsFile(fixture('truncated.json'))).rejects.toMatchObject({
      code: 'FACTS_MALFORMED',
      message: expect.stringContaining('truncated.json'),
    });
  });

  it('reports a missing file as unreadable', async () => {
    await expect(loadCompanyFactsFile(fixture('absent.json'))).rejects.toMatchObject({
      code: 'DOCUMENT_UNREADABLE',
      details: { path: fixture('absent.json') },
    });
  });

  it('rejects JSON of another shape', () => {
    expect(() => parseCompanyFacts({ cik: 1, entityName: 'X' })).toThrow(/facts/);
    expect(() => parseCompanyFacts([1, 2, 3])).toThrow(ConsultantError);
    expect(() => parseCompanyFacts('not json')).toThrow(/not valid JSON/);
  });

  it('accepts a company without facts, and null labels', () => {
    expect(parseCompanyFacts({ cik: '320193', entityName: 'Empty Co', facts: {} })).toMatchObject({ cik: '0000320193', facts: [] });
    const parsed = parseCompanyFacts({
      cik: 1,
      entityName: 'Label Co',
      facts: { 'us-gaap': { Custom: { label: null, description: null, units: { USD: [{ end: '2024-12-31', val: 5, accn: 'a', fy: 2024, fp: 'FY', form: '10-K', filed: '2025-02-01' }] } } } },
    });
    expect(parsed.facts[0]).toMatchObject({ concept: 'us-gaap:Custom', label: 'Custom', fiscalYear: 2024, fiscalPeriod: 'FY' });
  });
});
