import { PORTER_FORCE_TITLES, PORTER_FORCES } from '../../reports/model/frameworks.js';
import type { PorterForce, PorterForceName, PorterResult } from '../../reports/model/frameworks.js';
import type { AnalysisBrief } from '../analyst.js';
import { knownEvidenceIds, passageItem, takeDistinct, unionIds } from './items.js';
import {
  CONCENTRATION_CUES,
  FORCE_HIGH_TERMS,
  FORCE_INVERTING_TERMS,
  FORCE_LOW_TERMS,
  INTENSITY_HIGH_TERMS,
  INTENSITY_LOW_TERMS,
  PORTER_FORCE_TERMS,
} from './lexicons.js';
import { compileLexicons, compileTerms, findTerm, hasAnyTerm, matchTerms, presentTerms } from './matcher.js';
import type { StemIndex, TermMatcher } from './matcher.js';
import { buildPassages, depthSettings, passageScore, selectPassages } from './passages.js';
import type { Passage } from './passages.js';
import { isNegated, negationPositions } from './sentiment.js';
import { figuresOf, leadClause } from './phrases.js';
import { forcePressure, forceSignals } from './porter-signals.js';
import type { ForcePressure, ForceSignal } from './porter-signals.js';
import { clip, listPhrase, stems, tidy } from './text.js';

const FORCE_MATCHERS = compileLexicons(PORTER_FORCE_TERMS);
const FORCE_HIGH = compileLexicons(FORCE_HIGH_TERMS);
const FORCE_LOW = compileLexicons(FORCE_LOW_TERMS);
const FORCE_INVERTING = compileLexicons(FORCE_INVERTING_TERMS);
const GENERIC_HIGH = compileTerms(INTENSITY_HIGH_TERMS);
const GENERIC_LOW = compileTerms(INTENSITY_LOW_TERMS);
const CONCENTRATION = compileTerms(CONCENTRATION_CUES);
const MAX_DRIVERS = 8;

/** The force a sentence is most about, by lexicon weight; ties go to the earlier force. */
export function classifyForce(passage: Passage): { force: PorterForceName; relevance: number } | undefined {
  if (!passage.statement) return undefined;
  let best: { force: PorterForceName; relevance: number } | undefined;
  for (const force of PORTER_FORCES) {
    const relevance = matchTerms(passage.index, FORCE_MATCHERS[force]).score;
    if (relevance > 0 && (best === undefined || relevance > best.relevance)) best = { force, relevance };
  }
  return best;
}

export interface Intensity {
  /** −2 (the sentence says the force is weak) … +2 (strong). */
  value: number;
  raising: string[];
  lowering: string[];
}

interface Hit {
  term: string;
  sign: number;
  start: number;
  end: number;
}

function signedHits(index: StemIndex, matcher: TermMatcher, sign: number, negations: readonly number[]): Hit[] {
  const hits: Hit[] = [];
  for (const term of presentTerms(index, matcher)) {
    const start = findTerm(index, term)[0];
    if (start === undefined) continue;
    hits.push({ term: term.term, sign: isNegated(negations, start) ? -sign : sign, start, end: start + term.stems.length });
  }
  return hits;
}

function percentages(text: string): number[] {
  return [...text.matchAll(/(\d+(?:\.\d+)?)\s?(?:%|percent\b|per cent\b)/giu)].map((match) => Number(match[1]));
}

/**
 * How strongly a sentence says the force bears down. Force-specific phrases count double and
 * shadow the generic words inside them ("limited number of suppliers" is not "limited").
 */
export function forceIntensity(passage: Passage, force: PorterForceName): Intensity {
  const index = passage.index;
  const negations = negationPositions(index);
  const specific = [...signedHits(index, FORCE_HIGH[force], 2, negations), ...signedHits(index, FORCE_LOW[force], -2, negations)];
  const covered = (position: number): boolean => specific.some((hit) => position >= hit.start && position < hit.end);
  const invert = hasAnyTerm(index, FORCE_INVERTING[force]) ? -1 : 1;
  const generic = [...signedHits(index, GENERIC_HIGH, 1, negations), ...signedHits(index, GENERIC_LOW, -1, negations)]
    .filter((hit) => !covered(hit.start))
    .map((hit) => ({ ...hit, sign: hit.sign * invert }));
  const hits = [...specific, ...generic];
  let value = hits.reduce((sum, hit) => sum + hit.sign, 0);
  if ((force === 'supplier_power' || force === 'buyer_power') && hasAnyTerm(index, CONCENTRATION)) {
    const share = Math.max(0, ...percentages(passage.text));
    if (share >= 50) value += 2;
    else if (share >= 30) value += 1;
    else if (share > 0 && share <= 10) value -= 1;
  }
  if (force === 'competitive_rivalry') {
    const count = /(\d+)\s+(?:\p{L}+\s+)?(?:competitors|rivals|players|vendors|companies)/iu.exec(passage.text);
    if (count !== null) value += Number(count[1]) >= 10 ? 1 : Number(count[1]) <= 3 ? -1 : 0;
  }
  return {
    value: Math.max(-2, Math.min(2, value)),
    raising: hits.filter((hit) => hit.sign > 0).map((hit) => hit.term),
    lowering: hits.filter((hit) => hit.sign < 0).map((hit) => hit.term),
  };
}

export function levelOf(rating: number): 'low' | 'medium' | 'high' {
  return rating <= 2 ? 'low' : rating >= 4 ? 'high' : 'medium';
}

/** Weighted mean intensity of the sentences, shrunk towards neutral when it rests on few of them. */
export function meanIntensity(scored: ReadonlyArray<{ score: number; intensity: number }>): number {
  const totalWeight = scored.reduce((sum, entry) => sum + entry.score, 0);
  if (scored.length === 0 || totalWeight <= 0) return 0;
  const mean = scored.reduce((sum, entry) => sum + entry.score * entry.intensity, 0) / totalWeight;
  return mean * (scored.length / (scored.length + 0.5));
}

/** Weight of the sentences' mean intensity against the sum of distinct drivers. */
const MEAN_WEIGHT = 1.5;
/** Net pressure needed for one and for two steps away from neutral. */
const ONE_STEP = 2.5;
const TWO_STEPS = 6;

/**
 * 1–5 from the distinct drivers (each counted once, at its strongest) plus the sentences' mean
 * intensity: several independent drivers with figures past their thresholds make a 5, a force
 * the evidence only mentions stays at 3.
 */
export function ratingFrom(pressure: ForcePressure, mean: number): number {
  const total = pressure.net + MEAN_WEIGHT * mean;
  const steps = Math.abs(total) >= TWO_STEPS ? 2 : Math.abs(total) >= ONE_STEP ? 1 : 0;
  return Math.max(1, Math.min(5, 3 + Math.sign(total) * steps));
}

function emptyForce(force: PorterForceName, company: string): PorterForce {
  return {
    force,
    rating: 3,
    level: 'medium',
    rationale: `No evidence retrieved about ${PORTER_FORCE_TITLES[force].toLowerCase()} for ${company}; the force is rated neutral (3/5) until sources are found.`,
    drivers: [],
    evidenceIds: [],
  };
}

function describeDriver(signal: ForceSignal): string {
  return signal.figure === undefined ? signal.label : `${signal.label} (${signal.figure})`;
}

function forceRationale(force: PorterForceName, company: string, rating: number, pressure: ForcePressure, drivers: readonly Passage[], candidates: number): string {
  const title = PORTER_FORCE_TITLES[force];
  const raising = pressure.drivers.filter((signal) => signal.sign > 0).slice(0, 3);
  const easing = pressure.drivers.filter((signal) => signal.sign < 0).slice(0, 3);
  const [leading, counter] = rating >= 3 ? [raising, easing.slice(0, 2)] : [easing, raising.slice(0, 2)];
  const parts = [`${title} is ${levelOf(rating)} (${rating}/5) for ${company}.`];
  if (leading.length > 0) {
    parts.push(`${rating >= 4 ? 'It is driven by' : rating <= 2 ? 'It is held down by' : 'Pushing it up'}: ${listPhrase(leading.map(describeDriver))}.`);
  } else {
    parts.push(`The ${candidates} passage${candidates === 1 ? '' : 's'} on it name no driver that clearly raises or lowers it.`);
  }
  if (counter.length > 0) parts.push(`${rating >= 3 ? 'Offsetting' : 'Against that'}: ${listPhrase(counter.map(describeDriver))}.`);
  const [first] = drivers;
  if (first !== undefined) parts.push(`Most telling: “${leadClause(first.text, 360)}.”`);
  const figures = [...new Set(drivers.flatMap((passage) => figuresOf(passage.text)))].slice(0, 5);
  if (figures.length > 0) parts.push(`Figures cited: ${figures.join(', ')}.`);
  return clip(tidy(parts.join(' ')), 1500);
}

interface Candidate {
  passage: Passage;
  score: number;
  weight: number;
  intensity: Intensity;
  signals: ForceSignal[];
}

/**
 * How much a sentence explains the rating, for choosing the drivers to quote: signals pointing
 * the way the force was rated count for it, counterpoints against it, so a 5/5 force leads with
 * why it is strong. At a neutral rating both directions explain it.
 */
function telling(candidate: Candidate, direction: number): number {
  const aligned = (sign: number): number => (direction === 0 || sign === direction ? 1 : -1);
  const signals = candidate.signals.reduce((sum, signal) => sum + signal.strength * aligned(signal.sign), 0);
  // The lexicon intensity only separates sentences that name no driver.
  const intensity = (candidate.signals.length > 0 ? 0.25 : 1) * Math.abs(candidate.intensity.value) * aligned(Math.sign(candidate.intensity.value));
  return signals + intensity + (candidate.passage.figures.length > 0 ? 0.5 : 0);
}

export function extractPorter(brief: AnalysisBrief): PorterResult {
  const settings = depthSettings(brief.depth);
  const known = knownEvidenceIds(brief);
  const company = brief.company.name;
  const passages = buildPassages(brief);
  const selected = selectPassages(passages, settings, (passage) => {
    const classified = classifyForce(passage);
    return classified === undefined ? undefined : { relevance: classified.relevance, value: classified.force };
  });
  const substituteTalk = substituteTopicPassages(passages, new Set(selected.map((entry) => entry.passage)));
  const forces: PorterForce[] = PORTER_FORCES.map((force) => {
    const assigned = selected.filter((entry) => entry.value === force).map((entry) => ({ passage: entry.passage, score: entry.score, weight: entry.weight }));
    const extra = force === 'threat_of_substitutes' ? substituteTalk.map((passage) => ({ passage, score: passageScore(passage, 1), weight: passageScore(passage, 1, false) })) : [];
    const candidates: Candidate[] = [...assigned, ...extra]
      .map((entry) => ({ ...entry, intensity: forceIntensity(entry.passage, force), signals: forceSignals(entry.passage, force) }))
      .filter((entry, position) => position < assigned.length || entry.signals.length > 0);
    if (candidates.length === 0) return emptyForce(force, company);
    const pressure = forcePressure(candidates.flatMap((candidate) => candidate.signals));
    const rating = ratingFrom(pressure, meanIntensity(candidates.map((entry) => ({ score: entry.weight, intensity: entry.intensity.value }))));
    const limit = Math.min(MAX_DRIVERS, settings.itemsPerList);
    const direction = Math.sign(rating - 3);
    const ranked = [...candidates].sort((a, b) => telling(b, direction) - telling(a, direction) || b.score - a.score || a.passage.order - b.passage.order);
    const driverPassages = takeDistinct(ranked.map((entry) => entry.passage), (passage) => passage.text, limit);
    const drivers = driverPassages.map((passage) => passageItem(passage, known));
    return {
      force,
      rating,
      level: levelOf(rating),
      rationale: forceRationale(force, company, rating, pressure, driverPassages, candidates.length),
      drivers,
      evidenceIds: unionIds(drivers, known),
    };
  });
  return { forces, industryAttractiveness: attractivenessOf(forces), summary: porterSummary(brief, forces) };
}

const SUBSTITUTE_CUE = compileTerms(['substitute', 'substitutes', 'alternative', 'alternatives', 'instead of']);
const GENERIC_SUBJECT_WORDS = new Set(['substitut', 'alternativ', 'main', 'other', 'such', 'the', 'a', 'an', 'it', 'they', 'these', 'this', 'most', 'many', 'some', 'all']);

/**
 * Sentences about the substitutes themselves. "Satellites remain limited by cloud cover" never
 * says "substitute", but once the evidence has called satellite imagery the main substitute,
 * what limits satellites limits the threat. Only sentences no force claimed are added.
 */
function substituteTopicPassages(passages: readonly Passage[], claimed: ReadonlySet<Passage>): Passage[] {
  const topics = new Set<string>();
  for (const passage of passages) {
    if (!passage.statement || !hasAnyTerm(passage.index, SUBSTITUTE_CUE)) continue;
    for (const word of stems(passage.subject.words.join(' '))) if (word.length >= 4 && !GENERIC_SUBJECT_WORDS.has(word)) topics.add(word);
  }
  if (topics.size === 0) return [];
  return passages.filter((passage) => passage.statement && !claimed.has(passage) && stems(passage.subject.words.join(' ')).some((word) => topics.has(word)));
}

/** Strong forces squeeze profits, so attractiveness is the mean rating turned around. */
export function attractivenessOf(forces: readonly PorterForce[]): number {
  if (forces.length === 0) return 3;
  const mean = forces.reduce((sum, force) => sum + force.rating, 0) / forces.length;
  return Math.max(1, Math.min(5, Math.round(6 - mean)));
}

function porterSummary(brief: AnalysisBrief, forces: readonly PorterForce[]): string {
  const company = brief.company.name;
  const supported = forces.filter((force) => force.drivers.length > 0);
  if (supported.length === 0) {
    return `No evidence about the competitive forces around ${company} was retrieved; all five forces default to a neutral 3/5 and attractiveness to 3/5 until sources are added.`;
  }
  const mean = forces.reduce((sum, force) => sum + force.rating, 0) / forces.length;
  const top = Math.max(...supported.map((force) => force.rating));
  const bottom = Math.min(...supported.map((force) => force.rating));
  const industry = brief.company.industry !== undefined && brief.company.industry.length > 0 ? ` in ${brief.company.industry}` : '';
  const parts = [`For ${company}${industry}, industry attractiveness is ${attractivenessOf(forces)}/5 (mean force rating ${mean.toFixed(1)}).`];
  if (top !== bottom) {
    // Ties are named together: three forces at 5/5 are all the strongest.
    const named = (rating: number): string[] => supported.filter((force) => force.rating === rating).map((force) => PORTER_FORCE_TITLES[force.force].toLowerCase());
    const strongest = named(top);
    const weakest = named(bottom);
    parts.push(
      `The strongest ${strongest.length === 1 ? 'force is' : 'forces are'} ${listPhrase(strongest)} (${top}/5); the weakest ${weakest.length === 1 ? 'is' : 'are'} ${listPhrase(weakest)} (${bottom}/5).`,
    );
  } else {
    parts.push('No force stands out from the others on the retrieved evidence.');
  }
  parts.push(`${supported.length} of 5 forces rest on retrieved evidence${supported.length < 5 ? '; the rest are rated neutral for lack of it' : ''}.`);
  return clip(tidy(parts.join(' ')), 2000);
}
