import { describe, expect, it } from 'vitest';
import type { FinancialFact } from '../../reports/model/financials.js';
import { dedupeFacts, selectAnnual, selectQuarterly, trailingTwelveMonths } from './fact-selection.js';

const CONCEPT = 'us-gaap:Revenues';

function fact(overrides: Partial<FinancialFact> & Pick<FinancialFact, 'periodEnd' | 'value'>): FinancialFact {
  return {
    concept: CONCEPT,
    label: 'Revenues',
    unit: 'USD',
    fiscalYear: Number(overrides.periodEnd.slice(0, 4)),
    fiscalPeriod: 'FY',
    form: '10-K',
    accession: '0000000001-24-000001',
    filed: '2024-02-01',
    ...overrides,
  };
}

const year = (fiscalYear: number, value: number, extra: Partial<FinancialFact> = {}): FinancialFact =>
  fact({ periodStart: `${fiscalYear}-01-01`, periodEnd: `${fiscalYear}-12-31`, fiscalYear, value, ...extra });

describe('selecting one value per period', () => {
  it('prefers the most recently filed value, so a later amendment restates the original', () => {
    const original = year(2023, 100, { accession: 'a-1', filed: '2024-02-01' });
    const amended = year(2023, 90, { accession: 'a-2', filed: '2024-05-01', form: '10-K/A' });
    const repeatedNextYear = year(2023, 90, { accession: 'a-3', filed: '2025-02-01' });
    expect(selectAnnual([original, amended], CONCEPT)).toEqual([amended]);
    expect(selectAnnual([amended, original], CONCEPT)).toEqual([amended]);
    expect(selectAnnual([original, amended, repeatedNextYear], CONCEPT)).toEqual([repeatedNextYear]);
  });

  it('lets an amendment win over an original filed the same day', () => {
    const original = year(2023, 100, { accession: 'b-2' });
    const amended = year(2023, 95, { accession: 'b-1', form: '10-K/A' });
    expect(dedupeFacts([original, amended])).toEqual([amended]);
  });

  it('keeps quarters, year-to-date spans and years apart', () => {
    const facts = [
      year(2023, 400),
      fact({ periodStart: '2023-01-01', periodEnd: '2023-03-31', value: 100, fiscalPeriod: 'Q1', fiscalYear: 2023 }),
      fact({ periodStart: '2023-04-01', periodEnd: '2023-06-30', value: 100, fiscalPeriod: 'Q2', fiscalYear: 2023 }),
      fact({ periodStart: '2023-01-01', periodEnd: '2023-06-30', value: 200, fiscalPeriod: 'H1', fiscalYear: 2023 }),
    ];
    expect(selectAnnual(facts, CONCEPT).map((selected) => selected.value)).toEqual([400]);
    expect(selectQuarterly(facts, CONCEPT).map((selected) => selected.fiscalPeriod)).toEqual(['Q1', 'Q2']);
  });

  it('selects year-end balances for instant concepts', () => {
    const balance = (periodEnd: string, fiscalPeriod: string, value: number): FinancialFact =>
      fact({ concept: 'us-gaap:AssetsCurrent', periodEnd, fiscalPeriod, value });
    const facts = [balance('2022-12-31', 'FY', 10), balance('2023-03-31', 'Q1', 11), balance('2023-12-31', 'FY', 12), balance('2024-02-14', 'AS-OF', 99)];
    expect(selectAnnual(facts, 'us-gaap:AssetsCurrent').map((selected) => selected.value)).toEqual([10, 12]);
    expect(selectQuarterly(facts, 'us-gaap:AssetsCurrent').map((selected) => selected.value)).toEqual([10, 11, 12]);
  });

  it('reads the most used unit unless one is asked for', () => {
    const facts = [year(2023, 5, { unit: 'EUR' }), year(2023, 7), year(2022, 6)];
    expect(selectAnnual(facts, CONCEPT).map((selected) => selected.unit)).toEqual(['USD', 'USD']);
    expect(selectAnnual(facts, CONCEPT, { unit: 'EUR' }).map((selected) => selected.value)).toEqual([5]);
  });
});

describe('trailingTwelveMonths', () => {
  const facts = [
    year(2023, 1000),
    fact({ periodStart: '2023-01-01', periodEnd: '2023-06-30', value: 480, fiscalPeriod: 'H1', fiscalYear: 2023 }),
    fact({ periodStart: '2024-01-01', periodEnd: '2024-06-30', value: 560, fiscalPeriod: 'H1', fiscalYear: 2024, form: '10-Q', accession: 'q-2', filed: '2024-08-01' }),
    fact({ periodStart: '2024-04-01', periodEnd: '2024-06-30', value: 290, fiscalPeriod: 'Q2', fiscalYear: 2024, form: '10-Q', accession: 'q-2', filed: '2024-08-01' }),
  ];

  it('adds the current year to date and removes the same span a year earlier', () => {
    const trailing = trailingTwelveMonths(facts, CONCEPT);
    expect(trailing?.fact).toMatchObject({ value: 1000 + 560 - 480, fiscalPeriod: 'TTM', periodStart: '2023-07-01', periodEnd: '2024-06-30', accession: 'q-2' });
    expect(trailing?.formula).toBe('FY2023 + H1 FY2024 − H1 FY2023');
  });

  it('is the fiscal year itself when nothing newer was reported', () => {
    const trailing = trailingTwelveMonths([year(2023, 1000), year(2022, 900)], CONCEPT);
    expect(trailing?.fact).toMatchObject({ value: 1000, fiscalPeriod: 'TTM', fiscalYear: 2023 });
    expect(trailing?.yearToDate).toBeUndefined();
  });

  it('is undefined when the prior-year span is missing', () => {
    expect(trailingTwelveMonths(facts.filter((candidate) => candidate.value !== 480), CONCEPT)).toBeUndefined();
  });
});
