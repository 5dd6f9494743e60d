import type { FinancialFact } from '../../reports/model/financials.js';
import { durationDays, fromDayNumber, isAmendment, isAnnualDuration, isQuarterDuration, toDayNumber } from './fiscal-calendar.js';

/**
 * Choosing one value per period out of companyfacts. The same period is reported again and
 * again: a 10-K repeats the two prior years, each 10-Q the prior-year quarter, and amendments
 * restate originals. Selection keeps, per period, the value filed last — a later filing
 * (amendment or subsequent report) supersedes an earlier one, which also picks up restatements.
 */

export interface SelectOptions {
  /** Unit to select (`USD`, `shares`, `USD/shares`...). Default: the concept's most used unit. */
  unit?: string;
}

/** Whether `candidate` should replace `current` as the value of the same period. */
function supersedes(candidate: FinancialFact, current: FinancialFact): boolean {
  if (candidate.filed !== current.filed) return candidate.filed > current.filed;
  if (isAmendment(candidate.form) !== isAmendment(current.form)) return isAmendment(candidate.form);
  return candidate.accession > current.accession;
}

function periodKey(fact: FinancialFact): string {
  return `${fact.concept}\u0000${fact.unit}\u0000${fact.periodStart ?? ''}\u0000${fact.periodEnd}`;
}

/** One fact per (concept, unit, start, end): the one filed last. Order: by period end, then start. */
export function dedupeFacts(facts: readonly FinancialFact[]): FinancialFact[] {
  const latest = new Map<string, FinancialFact>();
  for (const fact of facts) {
    const key = periodKey(fact);
    const current = latest.get(key);
    if (current === undefined || supersedes(fact, current)) latest.set(key, fact);
  }
  return [...latest.values()].sort(byPeriod);
}

function byPeriod(left: FinancialFact, right: FinancialFact): number {
  if (left.periodEnd !== right.periodEnd) return left.periodEnd < right.periodEnd ? -1 : 1;
  const leftStart = left.periodStart ?? '';
  const rightStart = right.periodStart ?? '';
  if (leftStart !== rightStart) return leftStart > rightStart ? -1 : 1;
  return 0;
}

/** The facts of one concept in one unit (the requested one, else the most used). */
export function conceptFacts(facts: readonly FinancialFact[], concept: string, options: SelectOptions = {}): FinancialFact[] {
  const ofConcept = facts.filter((fact) => fact.concept === concept);
  const unit = options.unit ?? dominantUnit(ofConcept);
  return unit === undefined ? [] : ofConcept.filter((fact) => fact.unit === unit);
}

function dominantUnit(facts: readonly FinancialFact[]): string | undefined {
  return mostFrequentUnit(facts.map((fact) => fact.unit));
}

/** The unit that occurs most often; ties go to the alphabetically first, so the choice is stable. */
export function mostFrequentUnit(units: Iterable<string>): string | undefined {
  const counts = new Map<string, number>();
  for (const unit of units) counts.set(unit, (counts.get(unit) ?? 0) + 1);
  let best: string | undefined;
  let bestCount = 0;
  for (const [unit, count] of [...counts].sort(([left], [right]) => (left < right ? -1 : 1))) {
    if (count > bestCount) {
      best = unit;
      bestCount = count;
    }
  }
  return best;
}

/** Whether the concept is measured over a period (income, cash flow) rather than at an instant. */
export function isDurationConcept(facts: readonly FinancialFact[]): boolean {
  return facts.some((fact) => fact.periodStart !== undefined);
}

/**
 * One value per fiscal year, oldest first: the ~one-year period for flow concepts, the balance
 * at fiscal year end for balance-sheet concepts. When two different year-long periods land in
 * one fiscal year (a change of year end), the later-ending one wins.
 */
export function selectAnnual(facts: readonly FinancialFact[], concept: string, options: SelectOptions = {}): FinancialFact[] {
  const candidates = dedupeFacts(conceptFacts(facts, concept, options));
  const annual = isDurationConcept(candidates)
    ? candidates.filter((fact) => isAnnualDuration(durationDays(fact.periodStart, fact.periodEnd)))
    : candidates.filter((fact) => fact.periodStart === undefined && fact.fiscalPeriod === 'FY');
  return onePer(annual, (fact) => String(fact.fiscalYear));
}

/**
 * One value per fiscal quarter, oldest first: three-month periods for flow concepts (Q4 only
 * when the company reported the quarter itself), quarter-end balances for balance-sheet concepts
 * (the year-end balance is labelled `FY`).
 */
export function selectQuarterly(facts: readonly FinancialFact[], concept: string, options: SelectOptions = {}): FinancialFact[] {
  const candidates = dedupeFacts(conceptFacts(facts, concept, options));
  const quarterly = isDurationConcept(candidates)
    ? candidates.filter((fact) => isQuarterDuration(durationDays(fact.periodStart, fact.periodEnd)))
    : candidates.filter((fact) => fact.periodStart === undefined && /^(Q[1-4]|FY)$/.test(fact.fiscalPeriod));
  return onePer(quarterly, (fact) => `${fact.fiscalYear}-${fact.fiscalPeriod}`);
}

function onePer(sorted: readonly FinancialFact[], key: (fact: FinancialFact) => string): FinancialFact[] {
  const chosen = new Map<string, FinancialFact>();
  // Input is in period-end order, so the last one seen per key is the latest-ending.
  for (const fact of sorted) chosen.set(key(fact), fact);
  return [...chosen.values()].sort(byPeriod);
}

export interface TrailingTwelveMonths {
  /** The computed value: `fiscalPeriod` is `TTM`; accession, form and filed are the latest filing used. */
  fact: FinancialFact;
  /** The latest fiscal year. */
  annual: FinancialFact;
  /** Year to date after that fiscal year, and the same span a year earlier; absent when the year is the latest period. */
  yearToDate?: FinancialFact;
  priorYearToDate?: FinancialFact;
  formula: string;
}

/** Days two dates may differ and still count as the same point of different fiscal years. */
const ALIGNMENT_TOLERANCE_DAYS = 10;

/**
 * Trailing twelve months of a flow concept: latest fiscal year + current year to date − the
 * same year-to-date span of the prior year. When no period after the latest fiscal year was
 * reported, the fiscal year itself is the trailing twelve months. Undefined for balance-sheet
 * concepts, and when the prior-year span needed for the subtraction was never reported.
 */
export function trailingTwelveMonths(facts: readonly FinancialFact[], concept: string, options: SelectOptions = {}): TrailingTwelveMonths | undefined {
  const candidates = dedupeFacts(conceptFacts(facts, concept, options));
  if (!isDurationConcept(candidates)) return undefined;
  const annual = selectAnnual(candidates, concept).at(-1);
  if (annual?.periodStart === undefined) return undefined;

  const yearStart = toDayNumber(annual.periodEnd) + 1;
  const yearToDate = candidates
    .filter((fact) => fact.periodStart !== undefined && near(toDayNumber(fact.periodStart), yearStart))
    .filter((fact) => fact.periodEnd > annual.periodEnd && !isAnnualDuration(durationDays(fact.periodStart, fact.periodEnd)))
    .at(-1);
  if (yearToDate === undefined) {
    return { annual, fact: { ...annual, fiscalPeriod: 'TTM' }, formula: `${annual.fiscalPeriod}${annual.fiscalYear}` };
  }

  const span = durationDays(yearToDate.periodStart, yearToDate.periodEnd) ?? 0;
  const priorStart = toDayNumber(annual.periodStart);
  const priorYearToDate = candidates.find(
    (fact) =>
      fact.periodStart !== undefined &&
      near(toDayNumber(fact.periodStart), priorStart) &&
      near(durationDays(fact.periodStart, fact.periodEnd) ?? 0, span),
  );
  if (priorYearToDate === undefined) return undefined;

  const fact: FinancialFact = {
    concept: annual.concept,
    label: annual.label,
    value: annual.value + yearToDate.value - priorYearToDate.value,
    unit: annual.unit,
    periodStart: fromDayNumber(toDayNumber(priorYearToDate.periodEnd) + 1),
    periodEnd: yearToDate.periodEnd,
    fiscalYear: yearToDate.fiscalYear,
    fiscalPeriod: 'TTM',
    form: yearToDate.form,
    accession: yearToDate.accession,
    filed: yearToDate.filed,
  };
  const formula = `FY${annual.fiscalYear} + ${yearToDate.fiscalPeriod} FY${yearToDate.fiscalYear} − ${priorYearToDate.fiscalPeriod} FY${priorYearToDate.fiscalYear}`;
  return { fact, annual, yearToDate, priorYearToDate, formula };
}

function near(left: number, right: number): boolean {
  return Math.abs(left - right) <= ALIGNMENT_TOLERANCE_DAYS;
}
