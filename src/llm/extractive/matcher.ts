import { stems } from './text.js';

/**
 * Lexicon matching on stemmed tokens. Matching whole stems (never substrings) is what keeps
 * "rival" out of "arrival" and "AI" out of "said"; multi-word terms match as consecutive stems.
 */
export interface CompiledTerm {
  readonly term: string;
  readonly stems: readonly string[];
  /** Longer phrases are more specific evidence of a category than single words. */
  readonly weight: number;
}

export interface TermMatcher {
  readonly terms: readonly CompiledTerm[];
  /** Terms by their first stem: a sentence only checks the terms that could start at its words. */
  readonly byFirstStem: ReadonlyMap<string, readonly CompiledTerm[]>;
}

const NO_POSITIONS: readonly number[] = Object.freeze([]);

export function compileTerms(terms: readonly string[]): TermMatcher {
  const compiled: CompiledTerm[] = [];
  const seen = new Set<string>();
  for (const term of terms) {
    const termStems = stems(term);
    const key = termStems.join(' ');
    if (termStems.length === 0 || seen.has(key)) continue;
    seen.add(key);
    compiled.push({ term, stems: termStems, weight: 1 + 0.5 * (termStems.length - 1) });
  }
  const byFirstStem = new Map<string, CompiledTerm[]>();
  for (const term of compiled) {
    const first = term.stems[0] as string;
    byFirstStem.set(first, [...(byFirstStem.get(first) ?? []), term]);
  }
  return { terms: compiled, byFirstStem };
}

/** A sentence's stems indexed by position, built once and matched against many lexicons. */
export interface StemIndex {
  readonly stems: readonly string[];
  readonly positions: ReadonlyMap<string, readonly number[]>;
}

export function indexStems(sentenceStems: readonly string[]): StemIndex {
  const positions = new Map<string, number[]>();
  sentenceStems.forEach((value, position) => {
    const list = positions.get(value);
    if (list === undefined) positions.set(value, [position]);
    else list.push(position);
  });
  return { stems: sentenceStems, positions };
}

/** Where each term occurs: the start positions of its matches. */
export function findTerm(index: StemIndex, term: CompiledTerm): readonly number[] {
  const first = term.stems[0];
  if (first === undefined) return NO_POSITIONS;
  const starts = index.positions.get(first);
  if (starts === undefined) return NO_POSITIONS;
  if (term.stems.length === 1) return starts;
  return starts.filter((start) => term.stems.every((value, offset) => index.stems[start + offset] === value));
}

/**
 * The matcher's terms present in the sentence, in the matcher's order. Walks the sentence's
 * distinct stems rather than the lexicon, which is the shorter list for most lexicons.
 */
export function presentTerms(index: StemIndex, matcher: TermMatcher): CompiledTerm[] {
  const present: CompiledTerm[] = [];
  for (const first of index.positions.keys()) {
    const candidates = matcher.byFirstStem.get(first);
    if (candidates === undefined) continue;
    for (const term of candidates) if (findTerm(index, term).length > 0) present.push(term);
  }
  if (present.length > 1) present.sort((a, b) => matcher.terms.indexOf(a) - matcher.terms.indexOf(b));
  return present;
}

export interface MatchResult {
  /** Sum of the weights of every matched term (each term counted once). */
  score: number;
  matched: string[];
  /** Start positions of all matches, for proximity checks. */
  positions: number[];
}

export function matchTerms(index: StemIndex, matcher: TermMatcher): MatchResult {
  let score = 0;
  const matched: string[] = [];
  const positions: number[] = [];
  for (const term of presentTerms(index, matcher)) {
    const found = findTerm(index, term);
    score += term.weight;
    matched.push(term.term);
    positions.push(...found);
  }
  return { score, matched, positions };
}

export function hasAnyTerm(index: StemIndex, matcher: TermMatcher): boolean {
  for (const first of index.positions.keys()) {
    const candidates = matcher.byFirstStem.get(first);
    if (candidates !== undefined && candidates.some((term) => findTerm(index, term).length > 0)) return true;
  }
  return false;
}

/** Start positions of every match of every term. */
export function termPositions(index: StemIndex, matcher: TermMatcher): number[] {
  return presentTerms(index, matcher).flatMap((term) => findTerm(index, term));
}

/** Compiles a record of term lists, keeping the record's key order. */
export function compileLexicons<K extends string>(lexicons: Record<K, readonly string[]>): Record<K, TermMatcher> {
  const compiled = {} as Record<K, TermMatcher>;
  for (const key of Object.keys(lexicons) as K[]) compiled[key] = compileTerms(lexicons[key]);
  return compiled;
}
