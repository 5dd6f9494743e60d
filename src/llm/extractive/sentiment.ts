import {
  BAD_WHEN_UP_TERMS,
  DIRECTION_DOWN_TERMS,
  DIRECTION_UP_TERMS,
  GOOD_WHEN_UP_TERMS,
  NEGATION_TERMS,
  NEGATIVE_TERMS,
  POSITIVE_TERMS,
  REVERSAL_TERMS,
  REVERSIBLE_TERMS,
} from './lexicons.js';
import { compileTerms, findTerm, presentTerms } from './matcher.js';
import type { StemIndex, TermMatcher } from './matcher.js';

const POSITIVE = compileTerms(POSITIVE_TERMS);
const NEGATIVE = compileTerms(NEGATIVE_TERMS);
const NEGATION = compileTerms(NEGATION_TERMS);
const UP = compileTerms(DIRECTION_UP_TERMS);
const DOWN = compileTerms(DIRECTION_DOWN_TERMS);
const GOOD_WHEN_UP = compileTerms(GOOD_WHEN_UP_TERMS);
const BAD_WHEN_UP = compileTerms(BAD_WHEN_UP_TERMS);
const REVERSAL = compileTerms(REVERSAL_TERMS);
const REVERSIBLE = new Set(compileTerms(REVERSIBLE_TERMS).terms.map((term) => term.stems.join(' ')));
/** How far an undoing event reaches: "grant program for climate-smart commodities was terminated". */
const REVERSAL_WINDOW = 7;
const MOVEMENT_REVERSAL_WINDOW = 3;
const PASSIVE_MARKERS = new Set(['was', 'were', 'been', 'is', 'are', 'be', 'get', 'got']);

/** How far back a negator reaches: "not a significant risk" flips "risk", "not" four words back. */
const NEGATION_WINDOW = 3;
/** How far a movement word reaches for the thing that moves ("costs rose sharply last year"). */
const DIRECTION_WINDOW = 6;

export interface Sentiment {
  /** Positive minus negative evidence; 0 is neutral. */
  score: number;
  positive: string[];
  negative: string[];
}

interface Hit {
  term: string;
  position: number;
  /** Positions covered, so a longer phrase can shadow a word inside it. */
  end: number;
  key: string;
}

function positionsOf(index: StemIndex, matcher: TermMatcher): Hit[] {
  const found: Hit[] = [];
  for (const term of presentTerms(index, matcher)) {
    for (const position of findTerm(index, term)) found.push({ term: term.term, position, end: position + term.stems.length, key: term.stems.join(' ') });
  }
  return found;
}

/** Drops hits lying inside a longer hit of the other list: "switching as costly" is not "costly". */
function unshadowed(hits: readonly Hit[], others: readonly Hit[]): Hit[] {
  return hits.filter((hit) => !others.some((other) => other.end - other.position > hit.end - hit.position && hit.position >= other.position && hit.end <= other.end));
}

export function isNegated(negations: readonly number[], position: number): boolean {
  return negations.some((negation) => negation < position && position - negation <= NEGATION_WINDOW);
}

export function negationPositions(index: StemIndex): number[] {
  return positionsOf(index, NEGATION).map((hit) => hit.position);
}

/**
 * Lexicon sentiment with negation, plus movement: "revenue rose" is good news and "input costs
 * rose" bad, so a movement word counts in the direction of the nearest thing it moves.
 */
export function sentimentOf(index: StemIndex, extraPositive?: TermMatcher, extraNegative?: TermMatcher): Sentiment {
  const negations = negationPositions(index);
  const positive: string[] = [];
  const negative: string[] = [];
  let score = 0;
  const downs = positionsOf(index, DOWN);
  const reversals = positionsOf(index, REVERSAL).map((hit) => hit.position);
  // A falling movement undoes only what it directly moves ("funding fell", "cut subsidies").
  const near = (positions: readonly number[], at: number, window: number): boolean => positions.some((position) => position !== at && Math.abs(position - at) <= window);
  // "funding … was cut": a passive fall reaches back over the words between.
  const passiveDowns = downs.filter((down) => PASSIVE_MARKERS.has(index.stems[down.position - 1] ?? '')).map((down) => down.position);
  const reversed = (hit: Hit): boolean =>
    REVERSIBLE.has(hit.key) &&
    (near(reversals, hit.position, REVERSAL_WINDOW) || near(downs.map((down) => down.position), hit.position, MOVEMENT_REVERSAL_WINDOW) || passiveDowns.some((position) => position > hit.position && position - hit.position <= REVERSAL_WINDOW));
  // "fell from its 2022 record": a high point quoted as the baseline of a fall is not good news.
  const baseline = (hit: Hit): boolean =>
    downs.length > 0 && index.stems.slice(Math.max(0, hit.position - 3), hit.position).some((word) => word === 'from' || word === 'below' || word === 'off');
  const count = (hits: readonly Hit[], sign: number): void => {
    for (const hit of hits) {
      if (sign > 0 && baseline(hit)) continue;
      let signed = isNegated(negations, hit.position) ? -sign : sign;
      if (signed > 0 && reversed(hit)) signed = -signed;
      score += signed;
      (signed > 0 ? positive : negative).push(hit.term);
    }
  };
  const positives = [...positionsOf(index, POSITIVE), ...(extraPositive === undefined ? [] : positionsOf(index, extraPositive))];
  const negatives = [...positionsOf(index, NEGATIVE), ...(extraNegative === undefined ? [] : positionsOf(index, extraNegative))];
  count(unshadowed(positives, negatives), 1);
  count(unshadowed(negatives, positives), -1);

  const objects = [
    ...positionsOf(index, GOOD_WHEN_UP).map((hit) => ({ ...hit, sign: 1 })),
    ...positionsOf(index, BAD_WHEN_UP).map((hit) => ({ ...hit, sign: -1 })),
  ];
  if (objects.length > 0) {
    const movements = [...positionsOf(index, UP).map((hit) => ({ ...hit, sign: 1 })), ...downs.map((hit) => ({ ...hit, sign: -1 }))];
    for (const movement of movements) {
      let nearest: (Hit & { sign: number }) | undefined;
      for (const object of objects) {
        const distance = Math.abs(object.position - movement.position);
        if (distance === 0 || distance > DIRECTION_WINDOW) continue;
        if (nearest === undefined || distance < Math.abs(nearest.position - movement.position)) nearest = object;
      }
      if (nearest === undefined) continue;
      const signed = movement.sign * nearest.sign * (isNegated(negations, movement.position) ? -1 : 1);
      score += signed;
      (signed > 0 ? positive : negative).push(`${nearest.term} ${movement.term}`);
    }
  }
  return { score, positive, negative };
}
