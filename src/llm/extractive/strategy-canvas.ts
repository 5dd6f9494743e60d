import type { CanvasFactor } from '../../reports/model/frameworks.js';
import type { AnalysisBrief } from '../analyst.js';
import { citations } from './items.js';
import { competitorNames, corpusNamesOf, namesIn, plausibleName } from './market.js';
import { compileLexicons, compileTerms, findTerm, hasAnyTerm, indexStems, presentTerms, termPositions } from './matcher.js';
import type { StemIndex, TermMatcher } from './matcher.js';
import { companyMatcher, depthSettings, selectPassages } from './passages.js';
import type { Passage } from './passages.js';
import { stems } from './text.js';

/**
 * Strategy-canvas factors. A factor's level is how much of it the offering gives; for price that
 * is the price level itself, so "cheaper than" lowers the company's price level.
 */
export const CANVAS_FACTOR_TERMS = {
  Price: ['price', 'pricing', 'cost', 'cheaper', 'cheap', 'expensive', 'affordable', 'affordability', 'subscription', 'fee', 'per hectare', 'per acre', 'total cost of ownership', 'discount', 'pricier', 'costlier'],
  'Quality and accuracy': ['quality', 'accuracy', 'accurate', 'precision', 'precise', 'reliable', 'reliability', 'error rate', 'errors', 'defect', 'uptime', 'performance'],
  Coverage: ['coverage', 'footprint', 'regions', 'countries', 'reach', 'network', 'range', 'crops', 'geographies', 'availability', 'locations', 'markets served'],
  'Ease of use': ['easy to use', 'ease of use', 'usability', 'intuitive', 'simple', 'simplicity', 'onboarding', 'user-friendly', 'setup', 'installation', 'learning curve', 'complex', 'complicated', 'easier', 'harder to use'],
  Service: ['customer service', 'service', 'support', 'customer support', 'training', 'response time', 'maintenance', 'field service', 'technicians', 'warranty', 'account management'],
  Integration: ['integration', 'integrate', 'api', 'compatible', 'compatibility', 'interoperable', 'ecosystem', 'connector', 'open platform', 'plug-in'],
  Speed: ['speed', 'fast', 'faster', 'quick', 'quicker', 'latency', 'turnaround', 'delivery time', 'real time', 'real-time', 'rapid', 'slower', 'throughput'],
  'Brand and trust': ['brand', 'reputation', 'trust', 'trusted', 'recognition', 'track record'],
  Sustainability: ['sustainability', 'emissions', 'chemical use', 'pesticide use', 'herbicide use', 'water use', 'environmental footprint', 'carbon'],
  Customisation: ['customisation', 'customization', 'customise', 'customize', 'tailored', 'configurable', 'flexible', 'flexibility'],
} as const;
export type CanvasFactorName = keyof typeof CANVAS_FACTOR_TERMS;
const FACTOR_NAMES = Object.keys(CANVAS_FACTOR_TERMS) as CanvasFactorName[];
const FACTOR_MATCHERS = compileLexicons(CANVAS_FACTOR_TERMS);
const DEFAULT_FACTORS: CanvasFactorName[] = ['Price', 'Quality and accuracy', 'Ease of use', 'Service'];
const MINIMUM_FACTORS = 4;

/** Cues that the subject offers more of a factor than what it is compared with. */
const LEVEL_UP = compileTerms([
  'better than', 'superior', 'outperform', 'ahead of', 'leads', 'best-in-class', 'best in class', 'more accurate',
  'more reliable', 'faster', 'quicker', 'higher', 'greater', 'more', 'stronger', 'wider', 'broader', 'easier',
  'simpler', 'twice', 'double', 'triple', 'beats', 'exceeds', 'surpasses', 'unmatched', 'premium', 'more expensive',
  'pricier', 'costlier', 'lower error rate', 'fewer errors', 'fewer defects', 'lower latency', 'less downtime',
  'shorter', 'market-leading',
]);
/** Cues that the subject offers less of a factor (or, for price, charges less). */
const LEVEL_DOWN = compileTerms([
  'lags', 'lag', 'lagging', 'behind', 'trails', 'worse than', 'inferior', 'slower', 'weaker', 'narrower', 'lower',
  'less', 'fewer', 'cheaper', 'less expensive', 'more affordable', 'harder', 'more complex', 'falls short', 'half',
  'undercut', 'fraction of', 'more complicated', 'longer setup',
]);
/** Words after which a name is the object of a comparison ("cheaper than X"), not its subject. */
const OBJECT_MARKERS = new Set(['than', 'as', 'to', 'versus', 'vs', 'against', 'over', 'behind', 'lag', 'trail', 'outperform', 'beat', 'of', 'with']);
const COMPETITOR_WORDS = ['competitor', 'rival', 'incumbent', 'alternatives', 'peers', 'legacy', 'other vendors', 'conventional', 'traditional', 'others'];
/** How far a comparative reaches for the factor it qualifies. */
const FACTOR_WINDOW = 8;

interface Cue {
  sign: number;
  start: number;
  end: number;
}

/** Longest cue wins where cues overlap, so "more affordable" is not also read as "more". */
function comparativeCues(index: StemIndex): Cue[] {
  const all: Array<Cue & { length: number }> = [];
  for (const [matcher, sign] of [[LEVEL_UP, 1], [LEVEL_DOWN, -1]] as Array<[TermMatcher, number]>) {
    for (const term of presentTerms(index, matcher)) {
      for (const start of findTerm(index, term)) all.push({ sign, start, end: start + term.stems.length, length: term.stems.length });
    }
  }
  all.sort((a, b) => b.length - a.length || a.start - b.start);
  const kept: Cue[] = [];
  for (const cue of all) {
    if (kept.some((other) => cue.start < other.end && other.start < cue.end)) continue;
    kept.push({ sign: cue.sign, start: cue.start, end: cue.end });
  }
  return kept.sort((a, b) => a.start - b.start);
}

function positions(index: StemIndex, matcher: TermMatcher): number[] {
  return termPositions(index, matcher);
}

function isComparisonObject(index: StemIndex, position: number): boolean {
  const before = index.stems.slice(Math.max(0, position - 2), position);
  return before.some((word) => OBJECT_MARKERS.has(word));
}

function magnitudeOf(text: string): number {
  if (/\b(?:three|3)\s?(?:times|x|×)|\btriple/i.test(text)) return 4;
  if (/\b(?:twice|double|half|two\s?times|2\s?(?:x|×))/i.test(text)) return 3;
  const percents = [...text.matchAll(/(\d+(?:\.\d+)?)\s?(?:%|percent\b)/giu)].map((match) => Number(match[1]));
  if (percents.length > 0) return Math.max(1, Math.min(4, Math.round(Math.max(...percents) / 15)));
  return 2;
}

interface Comparison {
  factor: CanvasFactorName;
  signed: number;
}

/**
 * Reads "who is better at what" from one sentence: each comparative cue qualifies the nearest
 * factor term, and its subject is whoever (company or competitor) was named last before it.
 */
export function comparisonsIn(passage: Passage, company: TermMatcher, competitors: TermMatcher, corpusNames: ReadonlySet<string> = new Set()): Comparison[] {
  const index = passage.index;
  const cues = comparativeCues(index);
  if (cues.length === 0) return [];
  const companyAt = positions(index, company);
  // Any other name in a comparison is a rival too ("Harvestar machines are faster than ours").
  const otherNames = compileTerms(namesIn(passage, corpusNames).filter((name) => plausibleName(name) && !hasAnyTerm(indexStems(stems(name)), company)));
  const competitorAt = [...positions(index, competitors), ...positions(index, otherNames)].filter((position) => !isComparisonObject(index, position));
  const factorAt = FACTOR_NAMES.flatMap((factor) => positions(index, FACTOR_MATCHERS[factor]).map((position) => ({ factor, position })));
  const magnitude = magnitudeOf(passage.text);
  const found: Comparison[] = [];
  for (const cue of cues) {
    let nearest: { factor: CanvasFactorName; distance: number } | undefined;
    for (const entry of factorAt) {
      const distance = entry.position >= cue.start && entry.position < cue.end ? 0 : Math.min(Math.abs(entry.position - cue.start), Math.abs(entry.position - (cue.end - 1)));
      if (distance <= FACTOR_WINDOW && (nearest === undefined || distance < nearest.distance)) nearest = { factor: entry.factor, distance };
    }
    if (nearest === undefined) continue;
    const lastCompany = Math.max(-1, ...companyAt.filter((position) => position < cue.start));
    const lastCompetitor = Math.max(-1, ...competitorAt.filter((position) => position < cue.start));
    let subject = 0;
    if (lastCompany > lastCompetitor) subject = 1;
    else if (lastCompetitor > lastCompany) subject = -1;
    // "Twice as accurate as rivals" with no subject named, in a passage about the company: it is the subject.
    else if (passage.mentionsCompany && positions(index, competitors).some((position) => position >= cue.start)) subject = 1;
    if (subject === 0) continue;
    found.push({ factor: nearest.factor, signed: subject * cue.sign * magnitude });
  }
  return found;
}

function roundHalf(value: number): number {
  return Math.max(0, Math.min(10, Math.round(value * 2) / 2));
}

export function buildStrategyCanvas(brief: AnalysisBrief, passages: readonly Passage[], known: ReadonlySet<string>): CanvasFactor[] {
  const settings = depthSettings(brief.depth);
  const company = companyMatcher(brief.company);
  const competitors = compileTerms([...COMPETITOR_WORDS, ...competitorNames(brief, passages)]);
  const corpusNames = corpusNamesOf(passages);
  const selected = selectPassages(passages, settings, (passage) => {
    // Table rows and headings name factors without comparing anyone on them.
    if (passage.shape !== 'sentence') return undefined;
    const mentioned = FACTOR_NAMES.filter((factor) => positions(passage.index, FACTOR_MATCHERS[factor]).length > 0);
    return mentioned.length === 0 ? undefined : { relevance: mentioned.length, value: mentioned };
  });
  const stats = new Map<CanvasFactorName, { mentions: Passage[]; comparisons: Array<{ signed: number; passage: Passage }> }>();
  for (const entry of selected) {
    for (const factor of entry.value) {
      const current = stats.get(factor) ?? { mentions: [], comparisons: [] };
      current.mentions.push(entry.passage);
      stats.set(factor, current);
    }
    for (const comparison of comparisonsIn(entry.passage, company, competitors, corpusNames)) {
      stats.get(comparison.factor)?.comparisons.push({ signed: comparison.signed, passage: entry.passage });
    }
  }
  const ranked = [...stats.entries()].sort(
    (a, b) => b[1].comparisons.length - a[1].comparisons.length || b[1].mentions.length - a[1].mentions.length || FACTOR_NAMES.indexOf(a[0]) - FACTOR_NAMES.indexOf(b[0]),
  );
  const canvas: CanvasFactor[] = ranked.slice(0, settings.canvasFactors).map(([factor, entry]) => {
    const delta = entry.comparisons.length === 0 ? 0 : Math.max(-4, Math.min(4, entry.comparisons.reduce((sum, item) => sum + item.signed, 0) / entry.comparisons.length));
    const sources = entry.comparisons.length > 0 ? entry.comparisons.map((item) => item.passage) : entry.mentions.slice(0, 3);
    return {
      factor,
      company: roundHalf(5 + 0.75 * delta),
      competitors: roundHalf(5 - 0.75 * delta),
      evidenceIds: citations(sources.flatMap((passage) => passage.evidenceIds), known),
    };
  });
  // A canvas needs a few axes to read as a profile; missing ones are shown at parity, uncited.
  if (canvas.length > 0) {
    for (const factor of DEFAULT_FACTORS) {
      if (canvas.length >= MINIMUM_FACTORS) break;
      if (!canvas.some((entry) => entry.factor === factor)) canvas.push({ factor, company: 5, competitors: 5, evidenceIds: [] });
    }
  }
  return canvas;
}
