import type { EvidenceKind } from '../../reports/model/evidence.js';
import type { CompanyProfile, Depth } from '../../reports/model/report.js';
import type { AnalysisBrief } from '../analyst.js';
import { COMPANY_PRONOUN_TERMS } from './lexicons.js';
import { compileTerms, hasAnyTerm, indexStems, matchTerms } from './matcher.js';
import type { StemIndex, TermMatcher } from './matcher.js';
import { firstVerbIndex, isImperative, isStatementText, shapeOf, stripLeadingHeading, wordsOf } from './sentence-shape.js';
import type { SentenceShape } from './sentence-shape.js';
import { collapseWhitespace, extractFigures, findNames, hasDate, hasNumber, splitSentences, stems, tokenize } from './text.js';

/** One sentence of evidence, with everything ranking needs computed once. */
export interface Passage {
  /** Order of first appearance in the brief: the final tie-breaker, so output is stable. */
  readonly order: number;
  readonly text: string;
  /** Every evidence record carrying this sentence (syndicated news repeats sentences). */
  readonly evidenceIds: readonly string[];
  readonly kindWeight: number;
  readonly index: StemIndex;
  readonly wordCount: number;
  readonly figures: readonly string[];
  readonly names: readonly string[];
  readonly hasNumber: boolean;
  readonly hasDate: boolean;
  /** 0–2: numbers, names and dates make a sentence worth quoting. */
  readonly specificity: number;
  /** Focus terms of the brief this sentence mentions. */
  readonly focusHits: readonly string[];
  readonly mentionsCompany: boolean;
  /** Heading, table row, fragment or sentence: only sentences become items. */
  readonly shape: SentenceShape;
  /** A sentence of six or more words with a verb, neither an instruction nor a heading. */
  readonly statement: boolean;
  /** Who the sentence is about: the words before its first verb (or the previous sentence's, for "It…"). */
  readonly subject: SubjectInfo;
}

export interface SubjectInfo {
  /** The company (its name, "we", "our") is the subject. */
  readonly company: boolean;
  /** Capitalised names in the subject. */
  readonly names: readonly string[];
  /** The subject's words, lower-cased; empty when no verb was found. */
  readonly words: readonly string[];
}

export interface DepthSettings {
  /** Sentences considered per framework, best first (quick reads less). */
  readonly passageLimit: number;
  /** Items kept per list, before each schema's own maximum. */
  readonly itemsPerList: number;
  /** Strategy-canvas factors at most. */
  readonly canvasFactors: number;
}

const DEPTH_SETTINGS: Record<Depth, DepthSettings> = {
  quick: { passageLimit: 40, itemsPerList: 3, canvasFactors: 5 },
  standard: { passageLimit: 150, itemsPerList: 5, canvasFactors: 6 },
  deep: { passageLimit: Number.POSITIVE_INFINITY, itemsPerList: 8, canvasFactors: 8 },
};

export function depthSettings(depth: Depth): DepthSettings {
  return DEPTH_SETTINGS[depth] ?? DEPTH_SETTINGS.standard;
}

/**
 * How much a kind of source counts when two sentences are otherwise equal: filings, facts and
 * the user's own documents are primary; web pages and encyclopaedias are secondary.
 */
const KIND_WEIGHTS: Record<EvidenceKind, number> = {
  filing: 1,
  'financial-fact': 1,
  document: 1,
  'market-data': 0.9,
  news: 0.85,
  note: 0.8,
  trend: 0.75,
  web: 0.7,
  wikipedia: 0.65,
};

const LEGAL_SUFFIXES = new Set(['inc', 'incorporated', 'ltd', 'limited', 'llc', 'plc', 'corp', 'corporation', 'co', 'company', 'group', 'holdings', 'holding', 'ag', 'sa', 'se', 'gmbh', 'nv', 'bv', 'the']);
const GENERIC_NAME_WORDS = new Set(['global', 'international', 'systems', 'technologies', 'technology', 'solutions', 'services', 'industries', 'partners', 'labs', 'software', 'robotics', 'energy', 'foods', 'bank', 'capital', 'american', 'united', 'national', 'general', 'first', 'new']);

/** Terms that name the company: its name with and without suffixes, a distinctive word, its ticker. */
export function companyTerms(company: CompanyProfile): string[] {
  const terms = new Set<string>();
  const words = tokenize(company.name);
  const core = words.filter((word) => !LEGAL_SUFFIXES.has(word));
  if (words.length > 0) terms.add(words.join(' '));
  if (core.length > 0) terms.add(core.join(' '));
  const distinctive = core.find((word) => word.length >= 4 && !GENERIC_NAME_WORDS.has(word));
  if (distinctive !== undefined) terms.add(distinctive);
  if (company.ticker !== undefined && company.ticker.trim().length >= 2) terms.add(company.ticker.trim().toLowerCase());
  return [...terms];
}

export function companyMatcher(company: CompanyProfile): TermMatcher {
  return compileTerms([...companyTerms(company), ...COMPANY_PRONOUN_TERMS]);
}

const STOPWORDS = new Set(['about', 'above', 'after', 'again', 'against', 'their', 'there', 'these', 'those', 'which', 'while', 'would', 'could', 'should', 'what', 'when', 'where', 'whether', 'with', 'within', 'without', 'into', 'from', 'have', 'this', 'that', 'they', 'them', 'will', 'your', 'our', 'how', 'does', 'doing', 'being', 'because', 'before', 'company', 'analysis', 'please', 'consider', 'focus', 'especially', 'particular', 'want', 'need', 'know', 'understand', 'also', 'more', 'most', 'other', 'some', 'such', 'than', 'then', 'very', 'over', 'under']);

/**
 * The brief's focus terms; when a context was given without terms, its content words stand in,
 * because the user's context must change what is selected either way.
 */
export function focusTermsOf(brief: AnalysisBrief): string[] {
  const given = brief.focusTerms.map((term) => collapseWhitespace(term)).filter((term) => tokenize(term).length > 0);
  if (given.length > 0) return [...new Set(given)].slice(0, 24);
  if (brief.context === undefined) return [];
  const words = tokenize(brief.context).filter((word) => word.length >= 4 && !STOPWORDS.has(word) && !/^\d+$/.test(word));
  return [...new Set(words)].slice(0, 10);
}

/**
 * Passages per evidence list. Every framework, the synthesis and the market step read the same
 * brief; splitting and indexing once instead of six times is most of the work on large runs.
 * The key covers everything passages depend on, so a changed brief never hits a stale entry.
 */
const PASSAGE_CACHE = new WeakMap<readonly unknown[], Map<string, readonly Passage[]>>();
const CACHE_ENTRIES_PER_LIST = 8;

function cacheKey(brief: AnalysisBrief): string {
  return JSON.stringify([brief.company.name, brief.company.ticker ?? null, focusTermsOf(brief), brief.evidence.map((evidence) => [evidence.id, evidence.kind, evidence.excerpt.length])]);
}

/** Splits every excerpt into sentences, merging identical sentences and keeping all their ids. */
export function buildPassages(brief: AnalysisBrief): readonly Passage[] {
  const key = cacheKey(brief);
  let entries = PASSAGE_CACHE.get(brief.evidence);
  const cached = entries?.get(key);
  if (cached !== undefined) return cached;
  const passages = computePassages(brief);
  if (entries === undefined) {
    entries = new Map();
    PASSAGE_CACHE.set(brief.evidence, entries);
  }
  if (entries.size >= CACHE_ENTRIES_PER_LIST) entries.clear();
  entries.set(key, passages);
  return passages;
}

/** Evidence kinds whose excerpts are data records, not prose: facts feed the metrics only. */
const NOT_PROSE_KINDS = new Set<EvidenceKind>(['financial-fact']);
/** Openers that refer back to the previous sentence's subject. */
const BACK_REFERENCES = new Set(['it', 'its', 'they', 'their']);
const SUBJECT_WINDOW = 10;

interface Entry {
  text: string;
  ids: string[];
  kindWeight: number;
  order: number;
  subject: SubjectInfo;
}

function subjectOf(sentence: string, company: TermMatcher, previous: SubjectInfo | undefined): SubjectInfo {
  const words = wordsOf(sentence);
  const verb = firstVerbIndex(words);
  const span = words.slice(0, verb > 0 && verb <= SUBJECT_WINDOW ? verb : Math.min(words.length, 4));
  const lower = span.map((word) => word.toLowerCase().replace(/[^\p{L}\p{N}'’&-]/gu, ''));
  if (previous !== undefined && BACK_REFERENCES.has(lower[0] ?? '')) return { company: previous.company, names: previous.names, words: lower };
  const text = span.join(' ');
  const names = findNames(text, true);
  // "Castellan Precision, the company's platform": another firm named in the subject owns it.
  const others = names.filter((name) => !hasAnyTerm(indexStems(stems(name)), company));
  return { company: others.length === 0 && hasAnyTerm(indexStems(stems(text)), company), names, words: lower };
}

function computePassages(brief: AnalysisBrief): Passage[] {
  const focus = compileTerms(focusTermsOf(brief));
  const company = companyMatcher(brief.company);
  const byText = new Map<string, Entry>();
  const seenEvidence = new Set<string>();
  for (const evidence of brief.evidence) {
    if (seenEvidence.has(evidence.id) || NOT_PROSE_KINDS.has(evidence.kind)) continue;
    seenEvidence.add(evidence.id);
    const kindWeight = KIND_WEIGHTS[evidence.kind] ?? 0.7;
    let previous: SubjectInfo | undefined;
    for (const raw of splitSentences(evidence.excerpt ?? '')) {
      const sentence = stripLeadingHeading(raw);
      const key = tokenize(sentence).join(' ');
      if (key.length === 0) continue;
      const subject = subjectOf(sentence, company, previous);
      previous = subject;
      const existing = byText.get(key);
      if (existing === undefined) {
        byText.set(key, { text: sentence, ids: [evidence.id], kindWeight, order: byText.size, subject });
      } else if (!existing.ids.includes(evidence.id)) {
        existing.ids.push(evidence.id);
        existing.kindWeight = Math.max(existing.kindWeight, kindWeight);
      }
    }
  }
  const passages: Passage[] = [];
  for (const entry of byText.values()) {
    const index = indexStems(stems(entry.text));
    const figures = extractFigures(entry.text);
    const names = findNames(entry.text);
    const numeric = hasNumber(entry.text);
    const dated = hasDate(entry.text);
    const shape = shapeOf(entry.text);
    const specificity = (figures.length > 0 ? 1 : numeric ? 0.5 : 0) + (names.length > 0 ? 0.5 : 0) + (dated ? 0.5 : 0);
    passages.push({
      order: entry.order,
      text: entry.text,
      evidenceIds: entry.ids,
      kindWeight: entry.kindWeight,
      index,
      wordCount: index.stems.length,
      figures,
      names,
      hasNumber: numeric,
      hasDate: dated,
      specificity,
      focusHits: matchTerms(index, focus).matched,
      mentionsCompany: hasAnyTerm(index, company),
      shape,
      statement: isStatementText(entry.text, shape) && !isImperative(entry.text),
      subject: entry.subject,
    });
  }
  return passages;
}

const BACK_REFERENCE_START = /^(?:it|its|they|their|this|these|he|she|his|her)\b/i;

/** Weight of one focus-term hit: enough to lift a relevant sentence over an unfocused one. */
export const FOCUS_WEIGHT = 1.5;

/**
 * A passage's rank for a category: relevance to the category (lexicon hits) scaled by the
 * source's weight, plus specificity and the user's focus. Fragments and run-ons rank lower.
 */
export function passageScore(passage: Passage, relevance: number, withFocus = true): number {
  if (relevance <= 0) return 0;
  // "Its aircraft face tariffs…" reads out of context once quoted alone.
  const lengthFactor = (passage.wordCount < 5 || passage.wordCount > 70 ? 0.5 : 1) * (BACK_REFERENCE_START.test(passage.text) ? 0.7 : 1);
  const focus = withFocus ? FOCUS_WEIGHT * passage.focusHits.length : 0;
  return (relevance * passage.kindWeight + 0.6 * passage.specificity + focus) * lengthFactor;
}

export interface Ranked<T> {
  readonly passage: Passage;
  /** Rank, including the user's focus: decides what is selected and quoted first. */
  readonly score: number;
  /** Rank without the focus: weights judgements (ratings) the user's wording must not tilt. */
  readonly weight: number;
  readonly value: T;
}

/** Sorts best first; equal scores keep evidence order, so the result never depends on the engine's sort. */
export function byScore<T>(a: Ranked<T>, b: Ranked<T>): number {
  return b.score - a.score || a.passage.order - b.passage.order;
}

/**
 * Scores every passage with `classify` (which returns nothing for irrelevant ones) and keeps
 * the depth's budget of the best: quick reads 40 sentences, deep reads all of them.
 */
export function selectPassages<T>(
  passages: readonly Passage[],
  settings: DepthSettings,
  classify: (passage: Passage) => { relevance: number; value: T } | undefined,
): Array<Ranked<T>> {
  const ranked: Array<Ranked<T>> = [];
  for (const passage of passages) {
    const classified = classify(passage);
    if (classified === undefined || classified.relevance <= 0) continue;
    ranked.push({ passage, score: passageScore(passage, classified.relevance), weight: passageScore(passage, classified.relevance, false), value: classified.value });
  }
  ranked.sort(byScore);
  return Number.isFinite(settings.passageLimit) ? ranked.slice(0, settings.passageLimit) : ranked;
}
