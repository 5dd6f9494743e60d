import { ERRC_ACTIONS } from '../../reports/model/frameworks.js';
import type { BlueOceanResult, CanvasFactor, CitedItem, ErrcAction } from '../../reports/model/frameworks.js';
import type { AnalysisBrief } from '../analyst.js';
import { citedItem, knownEvidenceIds, QUOTE_CHARS, takeDistinct } from './items.js';
import { compileLexicons, hasAnyTerm, indexStems, matchTerms } from './matcher.js';
import { buildPassages, depthSettings, selectPassages } from './passages.js';
import type { Passage } from './passages.js';
import { sentimentOf } from './sentiment.js';
import { buildStrategyCanvas, CANVAS_FACTOR_TERMS } from './strategy-canvas.js';
import { extractSwot } from './swot.js';
import { leadClause } from './phrases.js';
import { clip, listPhrase, stems, tidy } from './text.js';

const ERRC_TERMS: Record<ErrcAction, readonly string[]> = {
  eliminate: ['eliminate', 'remove', 'discontinue', 'no longer', 'do away with', 'phase out', 'abandon', 'get rid of', 'no need for', 'without the need', 'free of', 'dispense with', 'drop the', 'obsolete'],
  reduce: ['reduce', 'reduction', 'cut', 'lower', 'decrease', 'simplify', 'streamline', 'trim', 'fewer', 'less', 'minimise', 'minimize', 'halve', 'shrink', 'save', 'savings'],
  raise: ['raise', 'increase', 'improve', 'enhance', 'boost', 'strengthen', 'upgrade', 'higher', 'better', 'double', 'extend', 'more accurate', 'faster', 'outperform'],
  create: ['create', 'launch', 'introduce', 'pioneer', 'develop', 'novel', 'unveil', 'invent', 'new service', 'new offering', 'new product', 'first-of-its-kind', 'the first', 'unique', 'new feature', 'new business model'],
};
const ERRC_MATCHERS = compileLexicons(ERRC_TERMS);
const FACTOR_MATCHERS = compileLexicons(CANVAS_FACTOR_TERMS);
const SCHEMA_MAX_ITEMS = 6;
const ACTION_LABELS: Record<ErrcAction, string> = { eliminate: 'Eliminate', reduce: 'Reduce', raise: 'Raise', create: 'Create' };

/**
 * The ERRC move a sentence expresses, if it is about the offering: a verb of the action plus
 * either a buyer-value factor or the company itself, so "costs rose" about the economy is left out.
 */
export function classifyErrc(passage: Passage): { action: ErrcAction; relevance: number } | undefined {
  if (!passage.statement) return undefined;
  let best: { action: ErrcAction; score: number } | undefined;
  for (const action of ERRC_ACTIONS) {
    const score = matchTerms(passage.index, ERRC_MATCHERS[action]).score;
    if (score > 0 && (best === undefined || score > best.score)) best = { action, score };
  }
  if (best === undefined) return undefined;
  const factorScore = Object.values(FACTOR_MATCHERS).reduce((sum, matcher) => sum + matchTerms(passage.index, matcher).score, 0);
  // A move is the company's choice, so the company must be the one acting: "tariffs raised the
  // landed cost" and "automotive revenue decreased" are outcomes, not moves.
  if (!passage.subject.company) return undefined;
  // Sentences describing a problem are weaknesses, not moves.
  if (sentimentOf(passage.index).score < 0) return undefined;
  return { action: best.action, relevance: 1.5 * best.score + 0.5 * factorScore + (passage.subject.company ? 1 : 0) };
}

function errcItem(action: ErrcAction, passage: Passage, known: ReadonlySet<string>): CitedItem {
  return citedItem(`${ACTION_LABELS[action]}: ${clip(passage.text, QUOTE_CHARS)}`, passage.evidenceIds, known);
}

/**
 * When no sentence expresses a move, the SWOT supplies one: weaknesses become what to reduce,
 * eliminate or raise, opportunities what to create. The text says it is derived.
 */
function fallbackMoves(brief: AnalysisBrief, empty: readonly ErrcAction[], limit: number): Partial<Record<ErrcAction, CitedItem[]>> {
  if (empty.length === 0) return {};
  const swot = extractSwot(brief);
  const aboutOffering = (item: CitedItem): boolean => {
    const index = indexStems(stems(item.text));
    return Object.values(FACTOR_MATCHERS).some((matcher) => hasAnyTerm(index, matcher));
  };
  // Offering gaps ("lags in service coverage") make better moves than financial ones, so they go first.
  const weaknesses = [...swot.weaknesses.filter(aboutOffering), ...swot.weaknesses.filter((item) => !aboutOffering(item))];
  const moves: Partial<Record<ErrcAction, CitedItem[]>> = {};
  const templates: Record<ErrcAction, (phrase: string) => string> = {
    eliminate: (phrase) => `Eliminate the cause of this weakness (derived from SWOT): ${phrase}.`,
    reduce: (phrase) => `Reduce exposure to this weakness (derived from SWOT): ${phrase}.`,
    raise: (phrase) => `Raise the offering where it falls short (derived from SWOT): ${phrase}.`,
    create: (phrase) => `Create an offer that captures this opportunity (derived from SWOT): ${phrase}.`,
  };
  for (const action of empty) {
    // Raising only makes sense for a buyer-value factor; a leverage ratio is not something to raise.
    const next = action === 'raise' ? weaknesses.findIndex(aboutOffering) : 0;
    const source = action === 'create' ? swot.opportunities.slice(0, limit) : next < 0 ? [] : weaknesses.splice(next, 1);
    if (source.length === 0) continue;
    moves[action] = source.map((item) => ({ text: clip(templates[action](leadClause(item.text, 300)), 1200), evidenceIds: item.evidenceIds }));
  }
  return moves;
}

export function extractBlueOcean(brief: AnalysisBrief): BlueOceanResult {
  const settings = depthSettings(brief.depth);
  const known = knownEvidenceIds(brief);
  const limit = Math.min(SCHEMA_MAX_ITEMS, settings.itemsPerList);
  const passages = buildPassages(brief);
  const selected = selectPassages(passages, settings, (passage) => {
    const classified = classifyErrc(passage);
    return classified === undefined ? undefined : { relevance: classified.relevance, value: classified.action };
  });
  const moves = {} as Record<ErrcAction, CitedItem[]>;
  for (const action of ERRC_ACTIONS) {
    const candidates = takeDistinct(selected.filter((entry) => entry.value === action).map((entry) => entry.passage), (passage) => passage.text, limit);
    moves[action] = candidates.map((passage) => errcItem(action, passage, known));
  }
  const derived = fallbackMoves(brief, ERRC_ACTIONS.filter((action) => moves[action].length === 0), limit);
  for (const action of ERRC_ACTIONS) moves[action] = moves[action].length > 0 ? moves[action] : (derived[action] ?? []);
  const strategyCanvas = buildStrategyCanvas(brief, passages, known);
  return { ...moves, strategyCanvas, summary: blueOceanSummary(brief, moves, strategyCanvas, Object.keys(derived) as ErrcAction[]) };
}

function blueOceanSummary(brief: AnalysisBrief, moves: Record<ErrcAction, CitedItem[]>, canvas: readonly CanvasFactor[], derived: readonly ErrcAction[]): string {
  const company = brief.company.name;
  const total = ERRC_ACTIONS.reduce((sum, action) => sum + moves[action].length, 0);
  if (total === 0 && canvas.length === 0) {
    return `No evidence retrieved supports a Blue Ocean assessment of ${company}: no eliminate/reduce/raise/create moves and no strategy canvas until sources are added.`;
  }
  const parts = [`Blue Ocean moves for ${company}: ${ERRC_ACTIONS.map((action) => `${moves[action].length} ${action}`).join(', ')}.`];
  if (derived.length > 0) parts.push(`Moves for ${listPhrase([...derived])} are derived from the SWOT because no sentence expressed them.`);
  // Price is a level, not a benefit: "more price" reads as "dearer", so it gets its own words.
  const offered = canvas.filter((factor) => factor.factor !== 'Price');
  const leads = offered.filter((factor) => factor.company - factor.competitors >= 1).map((factor) => factor.factor);
  const trails = offered.filter((factor) => factor.competitors - factor.company >= 1).map((factor) => factor.factor);
  const price = canvas.find((factor) => factor.factor === 'Price');
  if (canvas.length > 0) {
    parts.push(`The strategy canvas compares ${canvas.length} factors${leads.length > 0 ? `; ${company} offers more on ${listPhrase(leads)}` : ''}${trails.length > 0 ? `; competitors offer more on ${listPhrase(trails)}` : ''}.`);
    if (price !== undefined && price.company !== price.competitors) parts.push(`${company} is priced ${price.company < price.competitors ? 'below' : 'above'} competitors.`);
    const parity = canvas.filter((factor) => factor.evidenceIds.length === 0).length;
    if (parity > 0) parts.push(`${parity} factor(s) have no evidence and are shown at parity.`);
  } else {
    parts.push('No buyer-value factors (price, quality, coverage, ease of use…) are discussed in the evidence, so there is no strategy canvas.');
  }
  return clip(tidy(parts.join(' ')), 2000);
}
