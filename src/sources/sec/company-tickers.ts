import { z } from 'zod';

/** One row of SEC's company_tickers.json. */
export interface TickerEntry {
  /** Ten digits, zero-padded. */
  cik: string;
  ticker: string;
  title: string;
  /** Position in the file, which SEC orders by prominence (roughly market value). */
  rank: number;
}

export interface ResolutionCandidate {
  cik: string;
  ticker: string;
  title: string;
  score: number;
}

export type MatchKind = 'cik' | 'ticker' | 'exact' | 'normalised' | 'fuzzy';

export type CompanyResolution =
  | { status: 'resolved'; cik: string; ticker: string; title: string; match: MatchKind; score: number }
  | { status: 'ambiguous'; candidates: ResolutionCandidate[] }
  | { status: 'not-found'; candidates: ResolutionCandidate[] };

const TickerRow = z.object({
  cik_str: z.union([z.number().int().nonnegative(), z.string().regex(/^\d{1,10}$/)]),
  ticker: z.string().min(1),
  title: z.string(),
});
const TickerFile = z.record(z.string(), TickerRow);

/** Parses https://www.sec.gov/files/company_tickers.json (an object of numbered rows). */
export function parseCompanyTickers(value: unknown): TickerEntry[] {
  const rows = TickerFile.parse(value);
  return Object.entries(rows)
    .sort(([left], [right]) => Number(left) - Number(right))
    .map(([, row], rank) => ({ cik: String(row.cik_str).padStart(10, '0'), ticker: row.ticker.toUpperCase(), title: row.title.trim(), rank }));
}

/** Legal-form words that do not tell companies apart ("Apple Inc." is "Apple"). */
const SUFFIXES = new Set([
  'inc', 'incorporated', 'corp', 'corporation', 'co', 'company', 'companies', 'ltd', 'limited', 'plc', 'llc', 'lp', 'llp',
  'holdings', 'holding', 'group', 'sa', 'ag', 'nv', 'se', 'spa', 'bv', 'ab', 'asa', 'oyj', 'com', 'de', 'the', 'new',
]);

/** Lower case, `&` as "and", punctuation out, legal-form words off the end. */
export function normaliseCompanyName(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/\/[a-z]{2}\/?$/, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word.length > 0);
  while (words.length > 1 && SUFFIXES.has(words[words.length - 1] as string)) words.pop();
  if (words.length > 1 && words[0] === 'the') words.shift();
  return words.join(' ');
}

/** `BRK.B` and `brk/b` are SEC's `BRK-B`. */
export function normaliseTicker(ticker: string): string {
  return ticker.trim().toUpperCase().replace(/[./]/g, '-');
}

function bigrams(text: string): string[] {
  const compact = ` ${text} `;
  const grams: string[] = [];
  for (let index = 0; index < compact.length - 1; index += 1) grams.push(compact.slice(index, index + 2));
  return grams;
}

function dice(left: string, right: string): number {
  const leftGrams = bigrams(left);
  const counts = new Map<string, number>();
  for (const gram of leftGrams) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  let shared = 0;
  const rightGrams = bigrams(right);
  for (const gram of rightGrams) {
    const count = counts.get(gram) ?? 0;
    if (count > 0) {
      shared += 1;
      counts.set(gram, count - 1);
    }
  }
  return (2 * shared) / (leftGrams.length + rightGrams.length);
}

function levenshteinRatio(left: string, right: string): number {
  if (left === right) return 1;
  const previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    let diagonal = previous[0] as number;
    previous[0] = row;
    for (let column = 1; column <= right.length; column += 1) {
      const above = previous[column] as number;
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      previous[column] = Math.min(above + 1, (previous[column - 1] as number) + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return 1 - (previous[right.length] as number) / Math.max(left.length, right.length);
}

/** Similarity of two normalised names, 0–1: typo-tolerant, and a whole-word prefix counts high. */
export function nameSimilarity(query: string, title: string): number {
  if (query === title) return 1;
  if (title.startsWith(`${query} `)) return 0.9;
  return Math.max(dice(query, title), levenshteinRatio(query, title));
}

export const FUZZY_THRESHOLD = 0.8;
/** Candidates this close to the best score (and another company) make a match ambiguous. */
const AMBIGUITY_MARGIN = 0.04;
const MAX_CANDIDATES = 5;

function candidate(entry: TickerEntry, score: number): ResolutionCandidate {
  return { cik: entry.cik, ticker: entry.ticker, title: entry.title, score: Math.round(score * 1000) / 1000 };
}

/** Several rows of one company (share classes: GOOGL, GOOG) are one company: keep its first. */
function firstPerCompany(entries: readonly TickerEntry[]): TickerEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => (seen.has(entry.cik) ? false : (seen.add(entry.cik), true)));
}

function settle(matches: readonly TickerEntry[], match: MatchKind, score: number): CompanyResolution | undefined {
  const companies = firstPerCompany([...matches].sort((left, right) => left.rank - right.rank));
  const only = companies[0];
  if (only === undefined) return undefined;
  if (companies.length > 1) return { status: 'ambiguous', candidates: companies.slice(0, MAX_CANDIDATES).map((entry) => candidate(entry, score)) };
  return { status: 'resolved', cik: only.cik, ticker: only.ticker, title: only.title, match, score };
}

/**
 * Finds the company in SEC's ticker list: by CIK or ticker when given, else by name — exact,
 * then normalised (legal forms and punctuation ignored), then fuzzy. Two different companies
 * matching equally well are reported as ambiguous with the candidates, never guessed.
 */
export function resolveCompany(entries: readonly TickerEntry[], query: { company: string; ticker?: string; cik?: string }): CompanyResolution {
  if (query.cik !== undefined && /^\d{1,10}$/.test(query.cik)) {
    const cik = query.cik.padStart(10, '0');
    const found = settle(entries.filter((entry) => entry.cik === cik), 'cik', 1);
    if (found !== undefined) return found;
  }
  if (query.ticker !== undefined && query.ticker.trim().length > 0) {
    const ticker = normaliseTicker(query.ticker);
    const found = settle(entries.filter((entry) => entry.ticker === ticker), 'ticker', 1);
    if (found !== undefined) return found;
  }
  const company = query.company.trim();
  const exact = settle(entries.filter((entry) => entry.title.toLowerCase() === company.toLowerCase()), 'exact', 1);
  if (exact !== undefined) return exact;
  const normalised = normaliseCompanyName(company);
  if (normalised.length === 0) return { status: 'not-found', candidates: [] };
  const same = settle(entries.filter((entry) => normaliseCompanyName(entry.title) === normalised), 'normalised', 1);
  if (same !== undefined) return same;
  // A name typed like a ticker ("NVDA") is one.
  if (/^[A-Z][A-Z0-9.-]{0,6}$/.test(company)) {
    const byTicker = settle(entries.filter((entry) => entry.ticker === normaliseTicker(company)), 'ticker', 1);
    if (byTicker !== undefined) return byTicker;
  }
  const scored = firstPerCompany(entries)
    .map((entry) => ({ entry, score: nameSimilarity(normalised, normaliseCompanyName(entry.title)) }))
    .sort((left, right) => right.score - left.score || left.entry.rank - right.entry.rank);
  const best = scored[0];
  const candidates = scored.slice(0, MAX_CANDIDATES).map(({ entry, score }) => candidate(entry, score));
  if (best === undefined || best.score < FUZZY_THRESHOLD) return { status: 'not-found', candidates: candidates.filter((entry) => entry.score >= 0.5) };
  const close = scored.filter(({ score }) => score >= best.score - AMBIGUITY_MARGIN);
  if (close.length > 1) return { status: 'ambiguous', candidates: close.slice(0, MAX_CANDIDATES).map(({ entry, score }) => candidate(entry, score)) };
  return { status: 'resolved', cik: best.entry.cik, ticker: best.entry.ticker, title: best.entry.title, match: 'fuzzy', score: Math.round(best.score * 1000) / 1000 };
}

export function describeCandidates(candidates: readonly ResolutionCandidate[]): string {
  return candidates.map((entry) => `${entry.title} (${entry.ticker}, CIK ${entry.cik.replace(/^0+/, '')})`).join('; ');
}
