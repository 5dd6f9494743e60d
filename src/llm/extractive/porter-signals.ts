import type { PorterForceName } from '../../reports/model/frameworks.js';
import { compileTerms, findTerm, presentTerms } from './matcher.js';
import type { TermMatcher } from './matcher.js';
import type { Passage } from './passages.js';
import { figureInContext, figuresOf } from './phrases.js';
import { isNegated, negationPositions } from './sentiment.js';

/**
 * What makes a force strong or weak, named the way an analyst would name it ("single sourcing",
 * "buyer concentration"), with the figure that measures it. A force's rating counts distinct
 * drivers and how hard the figures press, so two forces described differently rate differently.
 */
export interface ForceSignal {
  label: string;
  /** +1 strengthens the force, −1 weakens it. */
  sign: 1 | -1;
  /** 1 (a word), 2 (a specific phrase), up to 4 with a figure past its threshold. */
  strength: number;
  /** The figure that measured it, in context ("about 40% of the bill-of-materials cost"). */
  figure?: string;
  /** The measured number, so the larger of two equally strong readings is the one reported. */
  value?: number;
}

/** What signals read from a sentence: its text and stems (a passage, or a framework item's text). */
export type SignalSource = Pick<Passage, 'text' | 'index'>;

type Measure = (passage: SignalSource) => { bonus: number; figure: string; value?: number } | undefined;

interface SignalRule {
  label: string;
  sign: 1 | -1;
  /** Strength of a term match: specific phrases weigh 2, generic words 1. */
  weight: number;
  terms: readonly string[];
  measure?: Measure;
  /** Fires on the measure alone, without a term. */
  measureAlone?: boolean;
}

const NUMBER_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, twelve: 12, twenty: 20 };

function percentagesNear(text: string, cue: RegExp): Array<{ value: number; figure: string }> {
  const found: Array<{ value: number; figure: string }> = [];
  for (const figure of figuresOf(text)) {
    if (!/%|percent/i.test(figure)) continue;
    const at = text.indexOf(figure.split('–')[0] ?? figure);
    const window = text.slice(Math.max(0, at - 60), at + figure.length + 60);
    if (!cue.test(window)) continue;
    const values = [...figure.matchAll(/\d+(?:\.\d+)?/g)].map((match) => Number(match[0]));
    found.push({ value: Math.max(...values), figure: figureInContext(text, figure.replace(/^\d+(?:\.\d+)?–/, '')) });
  }
  return found;
}

function share(cue: RegExp, threshold: number): Measure {
  return (passage) => {
    const best = percentagesNear(passage.text, cue).sort((a, b) => b.value - a.value)[0];
    if (best === undefined || best.value < threshold) return undefined;
    return { bonus: best.value >= threshold * 1.6 ? 2 : 1, figure: best.figure, value: best.value };
  };
}

function weeks(minimum: number, maximum = Number.POSITIVE_INFINITY): Measure {
  return (passage) => {
    const values = [...passage.text.matchAll(/(\d+)[\s-]?weeks?\b/giu)].map((match) => Number(match[1]));
    if (values.length === 0) return undefined;
    const longest = Math.max(...values);
    if (longest < minimum || longest > maximum) return undefined;
    const long = maximum === Number.POSITIVE_INFINITY;
    return { bonus: long && longest >= minimum * 1.6 ? 2 : 1, figure: long ? `lead times up to ${longest} weeks` : `lead times under ${longest + 1} weeks`, value: long ? longest : -longest };
  };
}

/** "more than 20 vendors", "five parts are single-sourced": a count of things, past a minimum. */
function counted(pattern: RegExp, minimum: number): Measure {
  return (passage) => {
    const match = pattern.exec(passage.text);
    if (match === null) return undefined;
    const raw = (match[1] ?? '').toLowerCase();
    const value = NUMBER_WORDS[raw] ?? Number(raw);
    if (!(value >= minimum)) return undefined;
    return { bonus: value >= minimum * 2 ? 2 : 1, figure: match[0], value };
  };
}

function money(minimumMillions: number): Measure {
  return (passage) => {
    const amounts = figuresOf(passage.text).filter((figure) => /[$€£].*(?:million|billion)/i.test(figure));
    const best = amounts
      .map((figure) => ({ figure, value: Math.max(...[...figure.matchAll(/\d+(?:\.\d+)?/g)].map((match) => Number(match[0]))) * (/billion/i.test(figure) ? 1000 : 1) }))
      .sort((a, b) => b.value - a.value)[0];
    if (best === undefined || best.value < minimumMillions) return undefined;
    return { bonus: best.value >= minimumMillions * 3 ? 2 : 1, figure: best.figure, value: best.value };
  };
}

/** Two prices set against each other ("sell for $17,000 … while our S40 lists at $31,900"). */
const priceGap: Measure = (passage) => {
  if (!/\b(?:while|whereas|against|versus|vs\.?|compared|than)\b/i.test(passage.text)) return undefined;
  const prices = [...passage.text.matchAll(/[$€£]\s?(\d[\d,]*(?:\.\d+)?)(?!\s?(?:million|billion|bn|mn))/giu)].map((match) => Number((match[1] ?? '').replace(/,/g, '')));
  if (prices.length < 2) return undefined;
  const low = Math.min(...prices);
  const high = Math.max(...prices);
  if (low <= 0 || high / low > 10) return undefined;
  const gap = Math.round((1 - low / high) * 100);
  if (gap < 15) return undefined;
  return { bonus: gap >= 30 ? 2 : 1, figure: `prices up to ${gap}% lower`, value: gap };
};

const NUMBER = `(\\d+|${Object.keys(NUMBER_WORDS).join('|')})`;
const MANY_RIVALS = new RegExp(`\\b${NUMBER}\\s+(?:[\\p{L}-]+\\s+){0,2}(?:competitors|rivals|vendors|players|companies|brands)\\b`, 'iu');
const SINGLE_SOURCED = new RegExp(`\\b${NUMBER}\\s+(?:[\\p{L}-]+\\s+){0,2}(?:parts|components|inputs|materials)\\s+(?:are|were|remain)\\s+(?:single|sole)[- ]sourced|\\b${NUMBER}\\s+(?:single|sole)[- ]sourced\\s+(?:parts|components|inputs)`, 'iu');

/** "discounts of 15–25%", "a negotiated 22% discount". */
const discount: Measure = (passage) => {
  const values: Array<{ value: number; figure: string }> = [];
  for (const match of passage.text.matchAll(/discounts?\s+of\s+(?:up to\s+)?((?:\d+(?:\.\d+)?\s?[–-]\s?)?(\d+(?:\.\d+)?)\s?%)|((\d+(?:\.\d+)?)\s?%)\s+(?:volume\s+|price\s+)?discount/giu)) {
    const value = Number(match[2] ?? match[4]);
    values.push({ value, figure: `discounts of ${(match[1] ?? match[3] ?? '').replace(/\s?[–-]\s?/u, '–')}` });
  }
  const best = values.sort((a, b) => b.value - a.value)[0];
  if (best === undefined || best.value < 10) return undefined;
  return { bonus: best.value >= 20 ? 2 : 1, figure: best.figure, value: best.value };
};

const CONCENTRATION_CUE = /account|represent|share|of (?:the )?(?:revenue|sales|purchases|bill|cost|supply)|from one|majority|largest/i;

const RULES: Record<PorterForceName, readonly SignalRule[]> = {
  competitive_rivalry: [
    { label: 'intense competition', sign: 1, weight: 2, terms: ['intense', 'intensifying', 'intensified', 'fierce', 'aggressive', 'crowded', 'rivalry is high', 'highly competitive', 'price war', 'cutthroat'] },
    { label: 'price competition', sign: 1, weight: 1, terms: ['cheaper', 'undercut', 'cut prices', 'price cuts', 'lower-priced', 'price floor', 'sets the price', 'below list', 'sticker price', 'on price', 'price gap', 'discounting'], measure: priceGap, measureAlone: true },
    { label: 'many competitors', sign: 1, weight: 2, terms: ['fragmented', 'many competitors', 'numerous competitors', 'crowded market'], measure: counted(MANY_RIVALS, 10), measureAlone: true },
    { label: 'competitor alliances', sign: 1, weight: 1, terms: ['partnership', 'alliance', 'merger', 'joint venture', 'acquisition'], measure: (passage) => (/\b(?:dominant|largest|leading)\b/i.test(passage.text) ? { bonus: 1, figure: '' } : undefined) },
    { label: 'dominant or well-funded rivals', sign: 1, weight: 1, terms: ['dominant', 'volume leader', 'market leader', 'largest threat', 'system of record', 'well-funded', 'series c', 'series b', 'series d', 'deep pockets'] },
    { label: 'market share battles', sign: 1, weight: 1, terms: ['market share', 'lose share', 'losing share', 'share gains', 'win share'] },
    { label: 'limited rivalry', sign: -1, weight: 2, terms: ['few competitors', 'duopoly', 'limited competition', 'rational pricing', 'rivalry is moderate', 'rivalry is low', 'moderate competition'] },
  ],
  threat_of_new_entrants: [
    { label: 'low entry barriers', sign: 1, weight: 2, terms: ['low barriers', 'low barrier', 'easy to enter', 'few barriers', 'barriers are falling', 'barriers to entry are low'] },
    { label: 'new entrants', sign: 1, weight: 1, terms: ['new entrants', 'start-ups', 'startups', 'entered the market', 'enter the market', 'flooding', 'venture-backed', 'well-funded entrants', 'well-funded'] },
    { label: 'high capital requirements', sign: -1, weight: 2, terms: ['capital requirements', 'capital intensive', 'capital-intensive', 'costs a new entrant', 'cost a new entrant', 'high barriers', 'barriers to entry are high'], measure: money(10) },
    { label: 'regulatory barriers', sign: -1, weight: 1, terms: ['regulatory approval', 'approvals', 'licensing', 'licence', 'license', 'certification', 'certificate', 'exemption', 'permit'] },
    { label: 'access to distribution', sign: -1, weight: 1, terms: ['dealer channel', 'dealer network', 'distribution access', 'retailer channel', 'distribution network'] },
    { label: 'scale and data advantages', sign: -1, weight: 1, terms: ['economies of scale', 'scale economies', 'seasons of', 'field data', 'installed base', 'proprietary data', 'network effects'] },
    { label: 'intellectual property', sign: -1, weight: 1, terms: ['patent portfolio', 'patents', 'granted patents', 'proprietary', 'intellectual property'] },
    { label: 'scarce funding for entrants', sign: -1, weight: 2, terms: ['tightened', 'closed or were sold', 'funding fell', 'funding dried up', 'fewer start-ups'] },
  ],
  supplier_power: [
    { label: 'supplier concentration', sign: 1, weight: 1, terms: ['largest suppliers', 'few suppliers', 'concentrated', 'concentration', 'one supplier', 'single supplier', 'majority', 'pricing power', 'bargaining power', 'limited number of suppliers'], measure: share(CONCENTRATION_CUE, 25) },
    { label: 'single sourcing', sign: 1, weight: 2, terms: ['sole source', 'single source', 'single-sourced', 'sole supplier', 'only one supplier', 'only two vendors', 'only two suppliers', 'single point of failure', 'single points of failure', 'one contract manufacturer', 'single or limited sources', 'limited sources'], measure: counted(SINGLE_SOURCED, 2) },
    { label: 'long lead times', sign: 1, weight: 1, terms: ['lead time', 'lead times', 'lengthened', 'allocation', 'shortage', 'shortages', 'constrained supply'], measure: weeks(12) },
    { label: 'supplier price increases', sign: 1, weight: 2, terms: ['raised prices', 'price increases', 'prepayment', 'raised its prices', 'input costs rose', 'costs rose'] },
    { label: 'costly supplier switching', sign: 1, weight: 1, terms: ['re-qualifying', 'requalify', 'requalifying', 'qualification', 'change of supplier', 'switching suppliers', 'must pass'] },
    { label: 'dependence on suppliers', sign: 1, weight: 1, terms: ['dependent on', 'depends on', 'depend on', 'relies on', 'rely on', 'reliant on', 'dependence'] },
    { label: 'multiple sources', sign: -1, weight: 2, terms: ['dual-sourced', 'dual source', 'dual sourced', 'multiple suppliers', 'many suppliers', 'two or more qualified sources', 'compete for our volume', 'interchangeable', 'commodity components', 'abundant', 'in-house'] },
    { label: 'short lead times', sign: -1, weight: 1, terms: ['shortened', 'under ten weeks', 'short lead times'], measure: weeks(0, 10) },
  ],
  buyer_power: [
    { label: 'buyer concentration', sign: 1, weight: 1, terms: ['largest customers', 'top customers', 'customer concentration', 'consolidation', 'large buyers', 'largest accounts', 'account for', 'represent'], measure: share(/revenue|sales|purchases|spending/i, 25) },
    { label: 'discount demands', sign: 1, weight: 1, terms: ['discounts', 'discount', 'volume discounts', 'price concessions'], measure: discount },
    { label: 'formal tenders and multi-sourcing', sign: 1, weight: 2, terms: ['tenders', 'tender', 'requests for proposals', 'request for proposals', 'rfp', 'multi-source', 'multi-sourcing', 'preserve leverage', 'two analytics vendors', 'competitive bidding'] },
    { label: 'price sensitivity', sign: 1, weight: 1, terms: ['price sensitive', 'price-sensitive', 'price sensitivity', 'price-driven', 'sticker price', 'cheaper imported', 'judge subscriptions'] },
    { label: 'low switching costs', sign: 1, weight: 2, terms: ['low switching costs', 'easy to switch', 'easily choose', 'no lock-in', 'almost no lock-in', 'replaced by another brand', 'month to month', 'could standardize'] },
    { label: 'buyer bargaining power', sign: 1, weight: 2, terms: ['bargaining power', 'purchasing power', 'buyer power is high', 'negotiate discounts', 'negotiated'] },
    { label: 'switching costs', sign: -1, weight: 2, terms: ['high switching costs', 'switching costs rise', 'switching as costly', 'lock-in', 'locked in', 'multi-year contracts', 'long-term contracts', 'high retention', 'fragmented customer base', 'little individual power'] },
  ],
  threat_of_substitutes: [
    { label: 'good-enough substitutes', sign: 1, weight: 2, terms: ['good enough', 'main substitute', 'substitute for', 'remains the default', 'remain the default', 'cheaper alternative', 'free alternative', 'free tools', 'readily available', 'covers routine', 'still win'] },
    { label: 'cheaper alternatives', sign: 1, weight: 1, terms: ['cheaper', 'lower cost', 'costing about', 'keeps getting cheaper'] },
    { label: 'limits of substitutes', sign: -1, weight: 2, terms: ['cannot', 'limited by', 'remain limited', 'limits are', 'unusable', 'no substitute', 'hard to replace', 'still need', 'no viable alternative', 'few alternatives'] },
  ],
};

const COMPILED: Record<PorterForceName, Array<SignalRule & { matcher: TermMatcher }>> = Object.fromEntries(
  Object.entries(RULES).map(([force, rules]) => [force, rules.map((rule) => ({ ...rule, matcher: compileTerms(rule.terms) }))]),
) as Record<PorterForceName, Array<SignalRule & { matcher: TermMatcher }>>;

/** Where a rule's terms match, unnegated: [start, end) spans in stems. */
function spansOf(passage: SignalSource, matcher: TermMatcher, negations: readonly number[]): Array<[number, number]> {
  const spans: Array<[number, number]> = [];
  for (const term of presentTerms(passage.index, matcher)) {
    for (const position of findTerm(passage.index, term)) if (!isNegated(negations, position)) spans.push([position, position + term.stems.length]);
  }
  return spans;
}

/** The drivers one sentence gives for a force, each with its strength and measuring figure. */
export function forceSignals(passage: SignalSource, force: PorterForceName): ForceSignal[] {
  const negations = negationPositions(passage.index);
  const matches = COMPILED[force].map((rule) => ({ rule, spans: spansOf(passage, rule.matcher, negations) }));
  // "costs a new entrant $40 million" is about capital, not about new entrants: a term inside a
  // longer term of another driver does not count on its own.
  const inside = (span: [number, number], owner: SignalRule): boolean =>
    matches.some((other) => other.rule !== owner && other.spans.some(([start, end]) => end - start > span[1] - span[0] && span[0] >= start && span[1] <= end));
  const signals: ForceSignal[] = [];
  for (const { rule, spans } of matches) {
    const termHit = spans.some((span) => !inside(span, rule));
    const measured = rule.measure?.(passage);
    if (!termHit && !(rule.measureAlone === true && measured !== undefined)) continue;
    const signal: ForceSignal = { label: rule.label, sign: rule.sign, strength: (termHit ? rule.weight : 1) + (measured?.bonus ?? 0) };
    if (measured !== undefined && measured.figure.length > 0) signal.figure = measured.figure;
    if (measured?.value !== undefined) signal.value = measured.value;
    signals.push(signal);
  }
  return signals;
}

export interface ForcePressure {
  /** Sum over distinct drivers of sign × their strongest strength. */
  net: number;
  /** Distinct drivers, strongest first, each with the best figure seen. */
  drivers: ForceSignal[];
}

/** Distinct drivers across sentences: repeating one driver does not make a force stronger. */
export function forcePressure(signals: readonly ForceSignal[]): ForcePressure {
  const byLabel = new Map<string, ForceSignal>();
  const better = (candidate: ForceSignal, current: ForceSignal): boolean =>
    candidate.strength > current.strength ||
    (candidate.strength === current.strength && (candidate.value ?? Number.NEGATIVE_INFINITY) > (current.value ?? Number.NEGATIVE_INFINITY));
  for (const signal of signals) {
    const current = byLabel.get(signal.label);
    if (current === undefined || better(signal, current)) byLabel.set(signal.label, signal);
  }
  const drivers = [...byLabel.values()].sort((a, b) => b.strength - a.strength || b.sign - a.sign || (a.label < b.label ? -1 : 1));
  return { net: drivers.reduce((sum, signal) => sum + signal.sign * signal.strength, 0), drivers };
}
