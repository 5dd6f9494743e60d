import { makeEvidence } from '../../reports/model/evidence.js';
import type { Evidence } from '../../reports/model/evidence.js';
import type { FinancialFact } from '../../reports/model/financials.js';

export interface FactEvidenceOptions {
  /** SEC central index key (digits, padded or not); used in locators and filing links. */
  cik: string;
  retrievedAt: Date;
}

const numberFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** Identifies a reported value across the pipeline: the same value in the same filing. */
export function factKey(fact: FinancialFact): string {
  return [fact.concept, fact.unit, fact.periodStart ?? '', fact.periodEnd, fact.accession].join('|');
}

/** `FY2024`, `Q1 FY2026`, `9M FY2025`. */
export function periodLabel(fact: Pick<FinancialFact, 'fiscalPeriod' | 'fiscalYear'>): string {
  return fact.fiscalPeriod === 'FY' ? `FY${fact.fiscalYear}` : `${fact.fiscalPeriod} FY${fact.fiscalYear}`;
}

/** Where a fact sits, as a person would say it: `FY2024 ended 2024-01-31`, `Q1 FY2026 (2025-02-01 to 2025-04-30)`. */
export function describePeriod(fact: FinancialFact): string {
  const period = periodLabel(fact);
  if (fact.periodStart === undefined) return `as of ${fact.periodEnd} (${fact.fiscalPeriod === 'FY' ? `end of ${period}` : period})`;
  if (fact.fiscalPeriod === 'FY') return `for ${period} ended ${fact.periodEnd}`;
  return `for ${period} (${fact.periodStart} to ${fact.periodEnd})`;
}

export function formatAmount(value: number, unit: string): string {
  return `${unit} ${numberFormat.format(value)}`;
}

/** The sentence a reader can check against the filing. */
export function describeFact(fact: FinancialFact): string {
  return (
    `${fact.label} (${fact.concept}) ${describePeriod(fact)}: ${formatAmount(fact.value, fact.unit)}, ` +
    `from ${fact.form} accession ${fact.accession} filed ${fact.filed}.`
  );
}

/**
 * A `financial-fact` evidence for one reported value. The locator is
 * `companyfacts:<cik>:<concept>:<unit>:<periodEnd>`; the id hashes the locator and the
 * sentence (which names period, value and filing), so it is stable across runs.
 */
export function factEvidence(fact: FinancialFact, options: FactEvidenceOptions): Evidence {
  const cik = options.cik.replace(/^0+(?=\d)/, '');
  const draft: Parameters<typeof makeEvidence>[0] = {
    kind: 'financial-fact',
    title: `${fact.label} — ${periodLabel(fact)}`,
    excerpt: describeFact(fact),
    locator: `companyfacts:${options.cik}:${fact.concept}:${fact.unit}:${fact.periodEnd}`,
    publisher: 'SEC EDGAR',
    publishedAt: fact.filed,
    attributes: {
      concept: fact.concept,
      unit: fact.unit,
      value: fact.value,
      periodStart: fact.periodStart ?? null,
      periodEnd: fact.periodEnd,
      fiscalYear: fact.fiscalYear,
      fiscalPeriod: fact.fiscalPeriod,
      form: fact.form,
      accession: fact.accession,
      filed: fact.filed,
    },
  };
  // The filing's folder on EDGAR; built from the accession, so no lookup is needed.
  if (/^\d+$/.test(cik)) draft.url = `https://www.sec.gov/Archives/edgar/data/${cik}/${fact.accession.replace(/-/g, '')}/`;
  return makeEvidence(draft, options.retrievedAt);
}
