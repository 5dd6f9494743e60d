import { readFile } from 'node:fs/promises';
import { CancelledError, ConsultantError } from '../../core/errors.js';
import type { FinancialFact } from '../../reports/model/financials.js';
import { CompanyFactsDocument, describeIssues } from './companyfacts-schema.js';
import type { CompanyFactsEntry } from './companyfacts-schema.js';
import { durationDays, fiscalCalendar, fiscalPeriodOf, fiscalYearOf, isAnnualDuration, isAnnualReportForm } from './fiscal-calendar.js';
import type { FiscalCalendar, FiscalYearObservation } from './fiscal-calendar.js';

export { dedupeFacts, selectAnnual, selectQuarterly, trailingTwelveMonths } from './fact-selection.js';
export type { SelectOptions, TrailingTwelveMonths } from './fact-selection.js';
export { fiscalPeriodOf, fiscalYearOf } from './fiscal-calendar.js';
export type { FiscalCalendar } from './fiscal-calendar.js';

/**
 * A companyfacts value as a `FinancialFact`, plus what SEC said about the filing it came from.
 * `fiscalYear` and `fiscalPeriod` describe the period itself (see fiscal-calendar.ts); SEC's
 * `fy` and `fp`, which describe the filing, are kept as `filingFiscalYear` / `filingFiscalPeriod`.
 */
export interface CompanyFact extends FinancialFact {
  taxonomy: string;
  filingFiscalYear: number | null;
  filingFiscalPeriod: string | null;
  /** SEC's calendar frame (CY2023, CY2023Q1, CY2023Q4I) when it picked this value for the frame. */
  frame?: string;
}

export interface ConceptInfo {
  /** `taxonomy:Name`. */
  concept: string;
  label: string;
  description?: string;
  /** Unit → number of entries, as in the file. */
  units: Record<string, number>;
}

export interface ParsedCompanyFacts {
  /** Ten digits, zero-padded, as SEC writes it in URLs (`0001640147`). */
  cik: string;
  entityName: string;
  /** Every entry of the file, in file order (taxonomy, concept, unit, entry). */
  facts: CompanyFact[];
  concepts: ConceptInfo[];
  /** The fiscal year end(s) the period fiscal years were derived from. */
  calendar: FiscalCalendar;
}

/**
 * Parses SEC XBRL companyfacts (data.sec.gov/api/xbrl/companyfacts/CIK##########.json) into one
 * `FinancialFact` per reported entry, nothing merged or dropped: duplicates across filings are
 * resolved later by `selectAnnual` / `selectQuarterly` / `dedupeFacts`. Accepts the parsed JSON
 * or its text. Throws `FACTS_MALFORMED` saying what is wrong when the input is not companyfacts.
 */
export function parseCompanyFacts(input: unknown): ParsedCompanyFacts {
  const json = typeof input === 'string' ? parseJsonText(input, 'The financial facts') : input;
  const result = CompanyFactsDocument.safeParse(json);
  if (!result.success) {
    throw new ConsultantError('FACTS_MALFORMED', `Not SEC companyfacts JSON: ${describeIssues(result.error)}`, {
      details: { issues: result.error.issues.slice(0, 20).map((issue) => ({ path: issue.path.map(String), message: issue.message })) },
    });
  }
  const document = result.data;

  const entries: { taxonomy: string; name: string; label: string; unit: string; entry: CompanyFactsEntry }[] = [];
  const concepts: ConceptInfo[] = [];
  for (const [taxonomy, byName] of Object.entries(document.facts)) {
    for (const [name, concept] of Object.entries(byName)) {
      const label = concept.label?.trim() || name;
      const info: ConceptInfo = { concept: `${taxonomy}:${name}`, label, units: {} };
      if (concept.description) info.description = concept.description;
      for (const [unit, list] of Object.entries(concept.units)) {
        info.units[unit] = list.length;
        for (const entry of list) entries.push({ taxonomy, name, label, unit, entry });
      }
      concepts.push(info);
    }
  }

  const calendar = fiscalCalendar(yearEndObservations(entries.map(({ entry }) => entry)));
  const facts = entries.map(({ taxonomy, name, label, unit, entry }) => toFact(taxonomy, name, label, unit, entry, calendar));
  return { cik: String(document.cik).padStart(10, '0'), entityName: document.entityName, facts, concepts, calendar };
}

function toFact(taxonomy: string, name: string, label: string, unit: string, entry: CompanyFactsEntry, calendar: FiscalCalendar): CompanyFact {
  const fact: CompanyFact = {
    concept: `${taxonomy}:${name}`,
    label,
    value: entry.val,
    unit,
    periodEnd: entry.end,
    fiscalYear: fiscalYearOf(calendar, entry.end),
    fiscalPeriod: fiscalPeriodOf(calendar, entry.start, entry.end),
    form: entry.form,
    accession: entry.accn,
    filed: entry.filed,
    taxonomy,
    filingFiscalYear: entry.fy ?? null,
    filingFiscalPeriod: entry.fp ?? null,
  };
  if (entry.start !== undefined) fact.periodStart = entry.start;
  if (entry.frame !== undefined) fact.frame = entry.frame;
  return fact;
}

/** Per annual report: its latest year-long period ends on the fiscal year end the filing's `fy` names. */
function yearEndObservations(entries: readonly CompanyFactsEntry[]): FiscalYearObservation[] {
  const byAccession = new Map<string, FiscalYearObservation>();
  for (const entry of entries) {
    if (!isAnnualReportForm(entry.form) || entry.fy === null || entry.fy === undefined) continue;
    if (!isAnnualDuration(durationDays(entry.start, entry.end))) continue;
    const current = byAccession.get(entry.accn);
    if (current === undefined || entry.end > current.end) byAccession.set(entry.accn, { end: entry.end, fiscalYear: entry.fy });
  }
  return [...byAccession.values()];
}

function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConsultantError('FACTS_MALFORMED', `${what} are not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Reads and parses a companyfacts file the user supplied. A missing or unreadable file throws
 * `DOCUMENT_UNREADABLE`; a file that is not JSON or not companyfacts throws `FACTS_MALFORMED`.
 * Both name the path.
 */
export async function loadCompanyFactsFile(path: string, options: { signal?: AbortSignal } = {}): Promise<ParsedCompanyFacts> {
  let text: string;
  try {
    text = await readFile(path, { encoding: 'utf8', signal: options.signal });
  } catch (error) {
    if (options.signal?.aborted) throw new CancelledError('Reading the financial facts file was cancelled', { cause: error });
    const code = (error as NodeJS.ErrnoException).code;
    const problem = code === 'ENOENT' ? 'does not exist' : `cannot be read: ${(error as Error).message}`;
    throw new ConsultantError('DOCUMENT_UNREADABLE', `Financial facts file ${JSON.stringify(path)} ${problem}`, { details: { path }, cause: error });
  }
  try {
    return parseCompanyFacts(parseJsonText(text.replace(/^\uFEFF/, ''), `The contents of ${JSON.stringify(path)}`));
  } catch (error) {
    if (error instanceof ConsultantError && error.code === 'FACTS_MALFORMED' && !error.message.includes(path)) {
      throw new ConsultantError('FACTS_MALFORMED', `Financial facts file ${JSON.stringify(path)}: ${error.message}`, {
        details: { ...error.details, path },
        cause: error,
      });
    }
    throw error;
  }
}
