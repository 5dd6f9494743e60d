import { z } from 'zod';
import { CitedItem, EvidenceIds } from '../../reports/model/frameworks.js';
import type { AnalysisBrief } from '../analyst.js';
import { citations, knownEvidenceIds, passageItem, takeDistinct } from './items.js';
import { EXTERNAL_TERMS, INTERNAL_TERMS, LITIGATION_TERMS, NEGATIVE_TERMS, PESTEL_TERMS, PORTER_FORCE_TERMS, POSITIVE_TERMS } from './lexicons.js';
import { compileTerms, hasAnyTerm, matchTerms, termPositions } from './matcher.js';
import type { TermMatcher } from './matcher.js';
import { buildPassages, companyTerms, depthSettings, selectPassages } from './passages.js';
import type { Passage } from './passages.js';
import { isNegated, negationPositions } from './sentiment.js';
import { clip, findNames, listPhrase, stem, stems, tidy, tokenize } from './text.js';

export const MarketSignal = CitedItem.extend({
  figures: z.array(z.string().min(1).max(80)).max(6).describe('Figures quoted in the statement: sizes, growth rates, prices'),
});
export type MarketSignal = z.infer<typeof MarketSignal>;

export const CompetitorSignal = z.object({
  name: z.string().min(1).max(120),
  mentions: z.number().int().nonnegative().describe('Sentences naming it as a competitor'),
  text: z.string().min(1).max(1200).describe('The most telling sentence naming it'),
  evidenceIds: EvidenceIds,
});
export type CompetitorSignal = z.infer<typeof CompetitorSignal>;

/** What the market step produces: who competes, how big and how fast the market is, who buys, at what price. */
export const MarketOverview = z.object({
  competitors: z.array(CompetitorSignal).max(12),
  marketSize: z.array(MarketSignal).max(8),
  growth: z.array(MarketSignal).max(8),
  segments: z.array(MarketSignal).max(8),
  pricing: z.array(MarketSignal).max(8),
  summary: z.string().min(1).max(2000),
});
export type MarketOverview = z.infer<typeof MarketOverview>;

const COMPETITION_CUES = compileTerms([
  'compete', 'competitor', 'competition', 'rival', 'vs', 'versus', 'against', 'incumbent', 'alternative to', 'challenger',
  'market leader', 'competing', 'head-to-head', 'peers such as', 'leader in', 'volume leader', 'largest threat',
  'main substitute', 'substitute for', 'market share', 'competitive move', 'main competitor',
]);
const COMPARISON_STEMS = new Set(['against', 'vs', 'versus']);
const LEGAL_CASE = compileTerms([...LITIGATION_TERMS, 'charges', 'unfair labor practice', 'filed a complaint']);
/** How far from a competition cue a name may stand and still be read as a competitor. */
const NAME_WINDOW = 12;
const NOT_COMPANY_NAMES = new Set(
  [
    'ceo', 'cfo', 'cto', 'coo', 'ai', 'ipo', 'eu', 'us', 'usa', 'uk', 'gdp', 'cagr', 'fy', 'esg', 'api', 'saas', 'r&d', 'roi',
    'europe', 'asia', 'africa', 'america', 'north america', 'south america', 'latin america', 'middle east', 'china',
    'india', 'japan', 'germany', 'france', 'brazil', 'canada', 'mexico', 'australia', 'california', 'texas', 'spain',
    'italy', 'united states', 'united kingdom', 'european union', 'monday', 'tuesday', 'wednesday', 'thursday',
    'friday', 'saturday', 'sunday', 'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august',
    'september', 'october', 'november', 'december', 'internet', 'covid', 'covid-19', 'q1', 'q2', 'q3', 'q4',
    'taiwan', 'korea', 'vietnam', 'netherlands', 'united states-mexico-canada agreement', 'usmca', 'fda', 'faa', 'epa', 'sec',
    'russia', 'ukraine', 'israel', 'iran', 'turkey', 'god', 'nasdaq', 'nyse', 'board', 'committee',
  ],
);
/** Adjectives of place ("North American", "Chinese") describe markets, not firms. */
const DEMONYM = /^(?:north|south|east|west|central|latin|southeast|sub-saharan)?\s?(?:american|european|asian|african|chinese|japanese|korean|taiwanese|german|french|british|canadian|mexican|brazilian|indian|australian|italian|spanish|dutch|swiss|nordic|russian|ukrainian|israeli|turkish|vietnamese|thai|indonesian|saudi|swedish|norwegian|danish|finnish|polish|irish|global|international|domestic|western|eastern|northern|southern)$/i;
/** Words that make a name an institution or a place, not a competitor. */
const INSTITUTION_WORDS = new Set(['labor', 'labour', 'union', 'unions', 'relations', 'court', 'district', 'agency', 'administration', 'department', 'university', 'commission', 'ministry', 'congress', 'parliament', 'state', 'states', 'county', 'city', 'act', 'agreement', 'program', 'bureau', 'office', 'council', 'board', 'committee', 'service', 'senate', 'government', 'federal', 'treasury', 'plan', 'belt', 'prairies', 'plains', 'valley', 'delta', 'rule', 'law']);
/** Model codes ("XF-T45", "S40", "K3") name products, and products are not firms. */
const PRODUCT_CODE = /(?:^|\s)[\p{L}]{0,4}-?[\p{L}]{0,3}\d+[\p{L}\d]*(?:\s|$)/u;
/** Stems of analysis vocabulary: a capitalised "Competitors" or "Demand" is a word, not a firm. */
const VOCABULARY = new Set(
  [...Object.values(PORTER_FORCE_TERMS).flat(), ...Object.values(PESTEL_TERMS).flat(), ...INTERNAL_TERMS, ...EXTERNAL_TERMS, ...POSITIVE_TERMS, ...NEGATIVE_TERMS, 'include', 'includes', 'including', 'such', 'like', 'compared', 'versus', 'vs', 'local', 'regional', 'national', 'large', 'small', 'several', 'major', 'key']
    .flatMap((term) => stems(term)),
);

function isCompanyName(name: string, ownTokens: ReadonlySet<string>): boolean {
  return tokenize(name).some((token) => ownTokens.has(token));
}

/** Whether a capitalised run could be a firm: not a place, month, acronym of the trade or analysis word. */
export function plausibleName(name: string): boolean {
  const lower = name.toLowerCase();
  if (NOT_COMPANY_NAMES.has(lower) || name.length > 80 || DEMONYM.test(lower) || PRODUCT_CODE.test(name) || /^(?:u\.s|u\.k|e\.u)\b/i.test(name)) return false;
  // "Model S", "Series X": a product line ends in a single letter; "SUVs", "EVs" are plural acronyms of goods.
  if (/\s\p{Lu}$/u.test(name) || /^\p{Lu}{2,}s$/u.test(name)) return false;
  if (tokenize(name).some((token) => INSTITUTION_WORDS.has(token))) return false;
  const nameStems = stems(name);
  return nameStems.length > 0 && !nameStems.every((value) => VOCABULARY.has(value) || /^\d+$/.test(value));
}

/**
 * Lower-case words of the evidence. A lone capitalised word that also appears in lower case
 * ("Operating", "Canopy" in "under the canopy") is an ordinary word that opened a sentence.
 */
export function lowerCaseWordsOf(passages: readonly Passage[]): Set<string> {
  const words = new Set<string>();
  for (const passage of passages) for (const word of passage.text.match(/(?<![\p{L}.])\p{Ll}[\p{Ll}'’-]*/gu) ?? []) words.add(word);
  return words;
}

/** Names the company gives its own products: the capitalised word after its name or "our". */
export function ownProductNames(brief: AnalysisBrief, passages: readonly Passage[]): Set<string> {
  const own = companyTerms(brief.company).filter((term) => !term.includes(' ')).map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const products = new Set<string>();
  if (own.length === 0) return products;
  const pattern = new RegExp(`\\b(?:${own.join('|')})(?:['’]s)?\\s+(\\p{Lu}[\\p{L}-]+)|\\bour\\s+(\\p{Lu}[\\p{L}-]+)`, 'giu');
  // "Cortex, our training cluster": a name glossed as "our …" is the company's own.
  const glossed = /\b(\p{Lu}[\p{L}-]+),\s+(?:our|its)\s/gu;
  for (const passage of passages) {
    for (const match of [...passage.text.matchAll(pattern), ...passage.text.matchAll(glossed)]) {
      const word = (match[1] ?? match[2] ?? '').toLowerCase();
      if (word.length > 0) products.add(word);
    }
  }
  return products;
}

/**
 * Names in a sentence, including one that opens it ("Harvestar, the largest rival, …") only
 * if the evidence also capitalises it mid-sentence somewhere, so "Additionally" is not a firm.
 */
export function namesIn(passage: Passage, corpusNames: ReadonlySet<string>): string[] {
  const inside = new Set(passage.names);
  return findNames(passage.text, true).filter((name) => inside.has(name) || corpusNames.has(name.toLowerCase()));
}

/** Every name the evidence capitalises mid-sentence, lower-cased. */
export function corpusNamesOf(passages: readonly Passage[]): Set<string> {
  return new Set(passages.flatMap((passage) => passage.names.map((name) => name.toLowerCase())));
}

interface CompetitorTally {
  name: string;
  passages: Passage[];
}

function tallyCompetitors(brief: AnalysisBrief, passages: readonly Passage[]): CompetitorTally[] {
  const own = new Set(companyTerms(brief.company).flatMap((term) => tokenize(term)).filter((token) => token.length >= 3));
  const products = ownProductNames(brief, passages);
  const lowerCase = lowerCaseWordsOf(passages);
  const tallies = new Map<string, CompetitorTally>();
  const corpusNames = corpusNamesOf(passages);
  for (const passage of passages) {
    // Court and labour cases set plaintiffs and agencies "against" the company; they are not rivals.
    if (passage.shape === 'heading' || passage.shape === 'fragment' || hasAnyTerm(passage.index, LEGAL_CASE)) continue;
    // "offerings no competitor has" sets nobody against the company.
    const negations = negationPositions(passage.index);
    // "against 10.9% in January" compares figures, not firms.
    const comparesFigures = (cue: number): boolean => COMPARISON_STEMS.has(passage.index.stems[cue] ?? '') && /^\d/.test(passage.index.stems[cue + 1] ?? '');
    const cues = termPositions(passage.index, COMPETITION_CUES).filter((cue) => !isNegated(negations, cue) && !comparesFigures(cue));
    // "against" and "vs" alone set anything against anything ("claims against us"); they count
    // only in a sentence that is about competing.
    if (cues.every((cue) => COMPARISON_STEMS.has(passage.index.stems[cue] ?? ''))) continue;
    for (const name of namesIn(passage, corpusNames)) {
      if (isCompanyName(name, own) || !plausibleName(name)) continue;
      const tokens = tokenize(name);
      const first = tokens[0] ?? '';
      if (products.has(first) || (tokens.length === 1 && lowerCase.has(first))) continue;
      const at = passage.index.positions.get(stem(first)) ?? [];
      if (!at.some((position) => cues.some((cue) => Math.abs(cue - position) <= NAME_WINDOW))) continue;
      const key = tokens.join(' ');
      const tally = tallies.get(key) ?? { name, passages: [] };
      if (!tally.passages.includes(passage)) tally.passages.push(passage);
      tallies.set(key, tally);
    }
  }
  return mergeByFirstWord([...tallies.values()]).sort((a, b) => b.passages.length - a.passages.length || (a.passages[0]?.order ?? 0) - (b.passages[0]?.order ?? 0));
}

/** "Castellan Equipment" and "Castellan" are one firm: longer names fold into a one-word name they start with. */
function mergeByFirstWord(tallies: CompetitorTally[]): CompetitorTally[] {
  const single = new Map(tallies.filter((tally) => tokenize(tally.name).length === 1).map((tally) => [tokenize(tally.name)[0] ?? '', tally]));
  const merged: CompetitorTally[] = [];
  for (const tally of tallies) {
    const tokens = tokenize(tally.name);
    const base = tokens.length > 1 ? single.get(tokens[0] ?? '') : undefined;
    if (base === undefined) {
      merged.push(tally);
      continue;
    }
    for (const passage of tally.passages) if (!base.passages.includes(passage)) base.passages.push(passage);
  }
  return merged.map((tally) => ({ ...tally, passages: [...tally.passages].sort((a, b) => a.order - b.order) }));
}

/**
 * Competitors per passage list and company. SWOT, PESTEL, the strategy canvas, the synthesis and
 * the market step all ask; tallying once per brief keeps large filings fast.
 */
const TALLY_CACHE = new WeakMap<readonly Passage[], Map<string, CompetitorTally[]>>();

function cachedTallies(brief: AnalysisBrief, passages: readonly Passage[]): CompetitorTally[] {
  const key = JSON.stringify([brief.company.name, brief.company.ticker ?? null]);
  let entries = TALLY_CACHE.get(passages);
  const cached = entries?.get(key);
  if (cached !== undefined) return cached;
  const tallies = tallyCompetitors(brief, passages);
  if (entries === undefined) {
    entries = new Map();
    TALLY_CACHE.set(passages, entries);
  }
  entries.set(key, tallies);
  return tallies;
}

/** Names the evidence sets against the company (capitalised names near compete/rival/vs), most cited first. */
export function competitorNames(brief: AnalysisBrief, passages: readonly Passage[] = buildPassages(brief)): string[] {
  return cachedTallies(brief, passages).map((tally) => tally.name);
}

const SIZE_TERMS = compileTerms(['market size', 'market is worth', 'worth', 'valued at', 'estimated at', 'total addressable market', 'addressable market', 'tam', 'spending', 'spend', 'market value', 'sized at', 'billion', 'million']);
const MARKET_TERMS = compileTerms(['market', 'industry', 'sector', 'segment', 'category', 'addressable', 'demand', 'adoption']);
/** Cues that say a growth rate is the market's even when the sentence calls the market "it". */
const MARKET_GROWTH_TERMS = compileTerms(['cagr', 'compound annual', 'expected to reach', 'forecast to grow', 'projected to grow', 'expected to grow', 'to grow at']);
const GROWTH_TERMS = compileTerms(['cagr', 'compound annual', 'grow', 'growth', 'growing', 'expand', 'forecast', 'projected', 'expected to reach', 'double', 'year over year', 'annually', 'a year']);
const SEGMENT_TERMS = compileTerms(['segment', 'customer segment', 'customer base', 'customers include', 'serves', 'target customers', 'enterprise', 'small and medium', 'smb', 'mid-market', 'vertical', 'b2b', 'b2c', 'residential', 'commercial', 'institutional', 'early adopters', 'smallholders', 'large growers', 'specialty crops', 'cooperatives', 'distributors', 'end users', 'buyers are']);
const PRICING_TERMS = compileTerms(['price', 'pricing', 'priced', 'subscription fee', 'subscription price', 'fee', 'per seat', 'per hectare', 'per acre', 'per unit', 'list price', 'average selling price', 'asp', 'discount', 'price increase', 'price cut', 'premium', 'freemium', 'licence fee', 'license fee', 'per month', 'per year', 'annual contract']);

function hasMoney(passage: Passage): boolean {
  return passage.figures.some((figure) => /[$€£¥]|usd|eur|gbp|billion|million|\bbn\b|\bmn\b/i.test(figure));
}

function hasRate(passage: Passage): boolean {
  return passage.figures.some((figure) => /%|percent|per cent|x$|×|times/i.test(figure)) || /cagr/i.test(passage.text);
}

function signalList(passages: readonly Passage[], brief: AnalysisBrief, known: ReadonlySet<string>, limit: number, relevance: (passage: Passage) => number): MarketSignal[] {
  const selected = selectPassages(passages, depthSettings(brief.depth), (passage) => {
    if (!passage.statement) return undefined;
    const score = relevance(passage);
    return score > 0 ? { relevance: score, value: true } : undefined;
  });
  return takeDistinct(selected.map((entry) => entry.passage), (passage) => passage.text, limit).map((passage) => ({
    ...passageItem(passage, known),
    figures: passage.figures.map((figure) => clip(figure, 80)).slice(0, 6),
  }));
}

function scoreWith(passage: Passage, matcher: TermMatcher): number {
  return matchTerms(passage.index, matcher).score;
}

export function extractMarketSignals(brief: AnalysisBrief): MarketOverview {
  const settings = depthSettings(brief.depth);
  const known = knownEvidenceIds(brief);
  const passages = buildPassages(brief);
  const limit = Math.min(8, settings.itemsPerList);
  const competitors = cachedTallies(brief, passages)
    .slice(0, Math.min(12, settings.itemsPerList + 2))
    .map((tally) => {
      const best = [...tally.passages].sort((a, b) => b.specificity - a.specificity || a.order - b.order)[0];
      return {
        name: clip(tally.name, 120),
        mentions: tally.passages.length,
        text: clip(best?.text ?? tally.name, 1200),
        evidenceIds: citations(tally.passages.flatMap((passage) => passage.evidenceIds), known),
      };
    });
  const marketSize = signalList(passages, brief, known, limit, (passage) =>
    hasMoney(passage) && scoreWith(passage, MARKET_TERMS) > 0 ? scoreWith(passage, SIZE_TERMS) : 0,
  );
  const growth = signalList(passages, brief, known, limit, (passage) =>
    hasRate(passage) && (scoreWith(passage, MARKET_TERMS) > 0 || scoreWith(passage, MARKET_GROWTH_TERMS) > 0) ? scoreWith(passage, GROWTH_TERMS) + scoreWith(passage, MARKET_GROWTH_TERMS) : 0,
  );
  const segments = signalList(passages, brief, known, limit, (passage) => scoreWith(passage, SEGMENT_TERMS));
  const pricing = signalList(passages, brief, known, limit, (passage) => scoreWith(passage, PRICING_TERMS) * (passage.hasNumber ? 1.5 : 1));
  const overview = { competitors, marketSize, growth, segments, pricing };
  return { ...overview, summary: marketSummary(brief, overview) };
}

function marketSummary(brief: AnalysisBrief, overview: Omit<MarketOverview, 'summary'>): string {
  const company = brief.company.name;
  const counts = overview.competitors.length + overview.marketSize.length + overview.growth.length + overview.segments.length + overview.pricing.length;
  if (counts === 0) {
    return `No market evidence was retrieved for ${company}: competitors, market size, growth, customer segments and pricing remain unknown.`;
  }
  const parts: string[] = [];
  parts.push(
    overview.competitors.length > 0
      ? `Competitors named in the evidence: ${listPhrase(overview.competitors.slice(0, 5).map((competitor) => competitor.name))}.`
      : `No competitor of ${company} is named in the evidence.`,
  );
  const sizeFigures = overview.marketSize.flatMap((signal) => signal.figures).slice(0, 3);
  if (overview.marketSize.length > 0) parts.push(`Market size: ${overview.marketSize.length} statement(s)${sizeFigures.length > 0 ? ` citing ${sizeFigures.join(', ')}` : ''}.`);
  const growthFigures = overview.growth.flatMap((signal) => signal.figures).slice(0, 3);
  if (overview.growth.length > 0) parts.push(`Growth: ${overview.growth.length} statement(s)${growthFigures.length > 0 ? ` citing ${growthFigures.join(', ')}` : ''}.`);
  parts.push(`${overview.segments.length} segment and ${overview.pricing.length} pricing signal(s).`);
  const missing = (['marketSize', 'growth', 'segments', 'pricing'] as const).filter((key) => overview[key].length === 0);
  if (missing.length > 0) parts.push(`Not found: ${missing.join(', ')}.`);
  return clip(tidy(parts.join(' ')), 2000);
}
