/**
 * Fiscal years and periods of reported values.
 *
 * SEC companyfacts tags every value with `fy`/`fp` of the *filing* that reported it: the FY2021
 * 10-K also carries FY2019 and FY2020 comparatives, all with `fy: 2021`. So the period's own fiscal
 * year is derived here from its end date and the company's fiscal year end:
 *
 * 1. Every annual report (10-K, 20-F, 40-F and amendments) is one observation: its latest
 *    roughly one-year period ends on the fiscal year end, and that period's fiscal year is the
 *    filing's `fy`. This captures both the year-end date (say 31 January) and the company's
 *    naming convention (Snowflake's year ending 2024-01-31 is "fiscal 2024"; some retailers name a
 *    year after the calendar year it starts in).
 * 2. A period end is measured against the observation nearest in time (companies do change
 *    their year end): its fiscal year is the first fiscal year whose nominal end falls on or
 *    after the period end, shifted by the naming offset. A tolerance of 14 days absorbs
 *    52/53-week calendars, whose year ends drift around a nominal date.
 * 3. Without any annual report the fiscal year is assumed to be the calendar year.
 */

export interface FiscalYearObservation {
  /** End of the fiscal year an annual report covers (YYYY-MM-DD). */
  end: string;
  /** The fiscal year that report calls it. */
  fiscalYear: number;
}

export interface FiscalCalendar {
  /** Oldest first; empty when no annual report was seen (calendar years assumed). */
  observations: FiscalYearObservation[];
}

export const CALENDAR_YEAR: FiscalCalendar = { observations: [] };

const DAY_MS = 86_400_000;
const QUARTER_DAYS = 365.25 / 4;
/** 52/53-week years end up to a week from their nominal date; periods never end this close after a year end. */
const YEAR_END_TOLERANCE_DAYS = 14;
/** How far an instant may sit from a quarter end and still be that quarter's balance. */
const QUARTER_END_TOLERANCE_DAYS = 16;

export function toDayNumber(date: string): number {
  const [year, month, day] = date.split('-').map(Number);
  return Math.round(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1) / DAY_MS);
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Inclusive length of a period in days; undefined for an instant. */
export function durationDays(start: string | undefined, end: string): number | undefined {
  if (start === undefined) return undefined;
  return toDayNumber(end) - toDayNumber(start) + 1;
}

export function isAnnualDuration(days: number | undefined): boolean {
  return days !== undefined && days >= 350 && days <= 380;
}

export function isQuarterDuration(days: number | undefined): boolean {
  return days !== undefined && days >= 80 && days <= 100;
}

/** Forms that report a full fiscal year. */
export function isAnnualReportForm(form: string): boolean {
  return /^(10-K|20-F|40-F)/.test(form);
}

export function isAmendment(form: string): boolean {
  return form.endsWith('/A');
}

/** Builds a calendar from observations; duplicates collapse and implausible ones are dropped. */
export function fiscalCalendar(observations: Iterable<FiscalYearObservation>): FiscalCalendar {
  const byEnd = new Map<string, FiscalYearObservation>();
  for (const observation of observations) {
    const offset = observation.fiscalYear - Number(observation.end.slice(0, 4));
    // A label more than a year away from the date is a tagging error, not a convention.
    if (Math.abs(offset) > 1) continue;
    if (!byEnd.has(observation.end)) byEnd.set(observation.end, observation);
  }
  return { observations: [...byEnd.values()].sort((left, right) => (left.end < right.end ? -1 : left.end > right.end ? 1 : 0)) };
}

interface YearEndRule {
  month: number;
  day: number;
  /** Fiscal year label minus the calendar year of the nominal end. */
  offset: number;
}

function ruleFor(calendar: FiscalCalendar, periodEnd: string): YearEndRule {
  const target = toDayNumber(periodEnd);
  let nearest: FiscalYearObservation | undefined;
  let nearestDistance = Number.POSITIVE_INFINITY;
  for (const observation of calendar.observations) {
    const distance = Math.abs(toDayNumber(observation.end) - target);
    if (distance < nearestDistance) {
      nearest = observation;
      nearestDistance = distance;
    }
  }
  if (nearest === undefined) return { month: 12, day: 31, offset: 0 };
  const [year, month, day] = nearest.end.split('-').map(Number);
  return { month: month ?? 12, day: day ?? 31, offset: nearest.fiscalYear - (year ?? 0) };
}

function nominalYearEnd(rule: YearEndRule, calendarYear: number): number {
  const lastDayOfMonth = new Date(Date.UTC(calendarYear, rule.month, 0)).getUTCDate();
  return Math.round(Date.UTC(calendarYear, rule.month - 1, Math.min(rule.day, lastDayOfMonth)) / DAY_MS);
}

interface Placement {
  fiscalYear: number;
  /** Days from the period end to the nominal end of its fiscal year. */
  daysBeforeYearEnd: number;
}

function place(calendar: FiscalCalendar, periodEnd: string): Placement {
  const rule = ruleFor(calendar, periodEnd);
  const end = toDayNumber(periodEnd);
  let calendarYear = Number(periodEnd.slice(0, 4)) - 1;
  while (nominalYearEnd(rule, calendarYear) < end - YEAR_END_TOLERANCE_DAYS) calendarYear += 1;
  return { fiscalYear: calendarYear + rule.offset, daysBeforeYearEnd: nominalYearEnd(rule, calendarYear) - end };
}

/** The fiscal year a period ending on `periodEnd` belongs to. */
export function fiscalYearOf(calendar: FiscalCalendar, periodEnd: string): number {
  return place(calendar, periodEnd).fiscalYear;
}

/**
 * The period's own label: `FY` for a year (or a balance at year end), `Q1`–`Q4` for a quarter
 * (or a balance at a quarter end), `H1` and `9M` for year-to-date half and nine months, `<n>M`
 * for other durations. An instant that is not near a quarter end (a cover-page share count, the
 * public float) is `AS-OF`: a value as of its date, not any period's balance.
 */
export function fiscalPeriodOf(calendar: FiscalCalendar, start: string | undefined, end: string): string {
  const { daysBeforeYearEnd } = place(calendar, end);
  const quartersBeforeYearEnd = Math.min(3, Math.max(0, Math.round(daysBeforeYearEnd / QUARTER_DAYS)));
  const days = durationDays(start, end);
  if (days === undefined) {
    const offQuarterEnd = Math.abs(daysBeforeYearEnd - quartersBeforeYearEnd * QUARTER_DAYS);
    if (offQuarterEnd > QUARTER_END_TOLERANCE_DAYS) return 'AS-OF';
    return quartersBeforeYearEnd === 0 ? 'FY' : `Q${4 - quartersBeforeYearEnd}`;
  }
  if (isAnnualDuration(days)) return 'FY';
  if (isQuarterDuration(days)) return `Q${4 - quartersBeforeYearEnd}`;
  const months = Math.max(1, Math.round(days / (365.25 / 12)));
  if (months === 6 && quartersBeforeYearEnd === 2) return 'H1';
  if (months === 9 && quartersBeforeYearEnd === 1) return '9M';
  return `${months}M`;
}
