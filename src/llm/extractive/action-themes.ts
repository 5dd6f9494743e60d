import type { CitedItem, PorterForce, PorterForceName } from '../../reports/model/frameworks.js';
import type { Recommendation } from '../../reports/model/report.js';
import { LITIGATION_TERMS } from './lexicons.js';
import { compileTerms, hasAnyTerm, indexStems } from './matcher.js';
import type { TermMatcher } from './matcher.js';
import { changeInContext, figuresInContext, leadClause, midSentence } from './phrases.js';
import { forcePressure, forceSignals } from './porter-signals.js';
import type { ForceSignal } from './porter-signals.js';
import { supplyObjects, tariffObject, topicPhrase } from './topics.js';
import { findNames, listPhrase, stems, tokenize } from './text.js';

/**
 * Actions a consultant would propose for a problem or an opening, built from the noun phrases
 * and figures of the evidence ("Qualify second sources for battery cells …") instead of quoting
 * it. Each theme also names the first concrete step, so next steps do not repeat the action.
 */
export type ThemeId =
  | 'supply'
  | 'rivalry'
  | 'buyers'
  | 'entrants'
  | 'substitutes'
  | 'tariffs'
  | 'litigation'
  | 'competitor-move'
  | 'financing'
  | 'regulation'
  | 'demand-pressure'
  | 'incentives'
  | 'growth'
  | 'product-gap'
  | 'general';

export interface Action {
  theme: ThemeId;
  /** A short imperative, at most MAX_ACTION_CHARS, without quotes or an ellipsis. */
  text: string;
  /** The first step towards it, in different words. */
  step: string;
  horizon: Recommendation['horizon'];
  /** How hard the evidence presses for it: orders actions of equal priority. */
  weight?: number;
}

export interface ThemeContext {
  company: string;
  /** Every evidence sentence, for the parts and goods an action names. */
  texts: readonly string[];
  /** The analysis' own statements (threats, weaknesses, PESTEL, force drivers), searched before the rest. */
  itemTexts: readonly string[];
  competitors: readonly string[];
  /** Buyer-value factors the company leads on ("service", "integration"). */
  levers: readonly string[];
  /** Whether tariffs press on the company anywhere in the analysis. */
  tariffs: boolean;
  /** What the company buys from concentrated suppliers, most mentioned first. */
  supplies: readonly string[];
  /** Words of the names the evidence uses: a phrase starting with one keeps its capital mid-sentence. */
  nameWords: ReadonlySet<string>;
}

export const MAX_ACTION_CHARS = 220;
export type ItemRole = 'threat' | 'weakness' | 'opportunity' | 'headwind';

const THEME_TERMS: Array<[ThemeId, TermMatcher]> = [
  ['litigation', compileTerms(LITIGATION_TERMS)],
  ['tariffs', compileTerms(['tariff', 'tariffs', 'duty', 'duties', 'trade policy', 'trade war', 'customs', 'anti-dumping'])],
  ['supply', compileTerms(['supplier', 'single-sourced', 'sole source', 'single source', 'lead time', 'bill of materials', 'contract manufacturer', 'components', 'shortage'])],
  ['competitor-move', compileTerms(['partnership', 'alliance', 'acquisition', 'acquired', 'merger', 'series c', 'series b', 'launches', 'launched', 'partnered'])],
  ['rivalry', compileTerms(['price war', 'cheaper', 'undercut', 'price gap', 'sticker price', 'price cuts', 'cut prices', 'competition', 'rivalry', 'competitors'])],
  ['buyers', compileTerms(['discount', 'discounts', 'tender', 'tenders', 'buyers', 'cooperatives', 'retailers', 'switching', 'negotiate', 'churn'])],
  ['financing', compileTerms(['debt', 'covenant', 'covenants', 'leverage', 'borrowing', 'credit facility', 'debt facilities', 'refinancing', 'liquidity', 'maturities'])],
  ['regulation', compileTerms(['regulation', 'regulatory', 'restriction', 'restrictions', 'ban', 'bans', 'license', 'licensing', 'rule', 'privacy', 'compliance', 'label', 'labels'])],
  ['demand-pressure', compileTerms(['farm income', 'farm incomes', 'interest rate', 'interest rates', 'crop prices', 'recession', 'budgets', 'cautious', 'under pressure', 'inflation', 'downturn'])],
  ['incentives', compileTerms(['subsidy', 'subsidies', 'grant', 'incentive', 'incentives', 'cost-share', 'tax credit', 'premiums'])],
  ['growth', compileTerms(['fastest-growing', 'cagr', 'growing', 'growth', 'demand', 'adoption', 'room to grow', 'expand', 'new source'])],
  ['product-gap', compileTerms(['learning curve', 'onboarding', 'complaint', 'complaints', 'too expensive', 'trailing', 'lags', 'behind', 'outage', 'defect', 'recall'])],
];

export function themeOf(text: string): ThemeId {
  const index = indexStems(stems(text));
  return THEME_TERMS.find(([, matcher]) => hasAnyTerm(index, matcher))?.[0] ?? 'general';
}

/** Cuts an action to the limit: first its parenthesis, then its second clause, never mid-word with "…". */
export function fitAction(text: string): string {
  let fitted = text.replace(/\s+/g, ' ').trim();
  if (fitted.length > MAX_ACTION_CHARS) fitted = fitted.replace(/\s*\([^)]*\)\s*$/u, '');
  if (fitted.length > MAX_ACTION_CHARS) fitted = leadClause(fitted, MAX_ACTION_CHARS - 1);
  fitted = fitted.replace(/[.\s]+$/u, '');
  return `${fitted.charAt(0).toUpperCase()}${fitted.slice(1)}.`;
}

function withFigures(text: string, figures: ReadonlyArray<string | undefined>): string {
  const present = [...new Set(figures.filter((figure): figure is string => figure !== undefined && figure.length > 0))].slice(0, 2);
  return present.length === 0 ? text : `${text} (${present.join('; ')})`;
}

function leverPhrase(context: ThemeContext): string {
  return context.levers.length > 0 ? listPhrase(context.levers.slice(0, 2).map((lever) => lever.toLowerCase())) : 'the strengths buyers value';
}

function rivalPhrase(context: ThemeContext): string {
  const rival = context.competitors[0];
  return rival === undefined ? 'lower-priced rivals' : `lower-priced rivals such as ${rival}`;
}

function figureOf(signals: readonly ForceSignal[], label: string): string | undefined {
  return signals.find((signal) => signal.label === label)?.figure;
}

/** The play for a force rated 4 or 5, named after its strongest drivers. */
export function forceAction(force: PorterForce, context: ThemeContext): Action | undefined {
  const signals = forcePressure(force.drivers.flatMap((driver) => forceSignals({ text: driver.text, index: indexStems(stems(driver.text)) }, force.force))).drivers;
  const plays: Record<PorterForceName, () => Action> = {
    supplier_power: () => {
      const objects = context.supplies.slice(0, 2);
      const what = objects.length > 0 ? listPhrase(objects) : 'single-sourced components';
      const exposure = context.tariffs ? ' to cut tariff and lead-time exposure' : '';
      return {
        theme: 'supply',
        text: withFigures(`Qualify second sources for ${what} and lock in terms with the largest suppliers${exposure}`, [figureOf(signals, 'supplier concentration'), figureOf(signals, 'long lead times')]),
        step: `Issue requests for quotation to at least two alternative suppliers of ${objects[0] ?? 'the single-sourced parts'} within 60 days.`,
        horizon: 'now',
      };
    },
    competitive_rivalry: () => ({
      theme: 'rivalry',
      text: withFigures(`Differentiate on ${leverPhrase(context)} rather than matching ${rivalPhrase(context)}`, [figureOf(signals, 'price competition')]),
      step: `Review the last 20 deals lost on price and quantify what buyers pay extra for ${leverPhrase(context)}.`,
      horizon: 'now',
    }),
    buyer_power: () => {
      const discount = figureOf(signals, 'discount demands');
      return {
        theme: 'buyers',
        text: withFigures(`Lock in the largest accounts with multi-year contracts and bundled services${discount === undefined ? ' that raise switching costs' : ` instead of ${discount}`}`, [figureOf(signals, 'buyer concentration')]),
        step: 'List the accounts behind the largest share of revenue and draft renewal terms that trade price for multi-year commitments.',
        horizon: 'next',
      };
    },
    threat_of_new_entrants: () => ({
      theme: 'entrants',
      text: `Widen the moat (${listPhrase(signals.filter((signal) => signal.sign < 0).slice(0, 2).map((signal) => signal.label)) || 'scale, data and distribution'}) before new entrants reach scale`,
      step: 'Track funding rounds, launches and channel deals of new entrants every quarter.',
      horizon: 'next',
    }),
    threat_of_substitutes: () => {
      const substitute = force.drivers.map((driver) => topicPhrase(driver.text)).find((topic) => topic !== undefined && !/^substitutes?$/i.test(topic));
      const against = substitute === undefined ? 'substitutes' : midSentence(substitute, context.nameWords);
      return {
        theme: 'substitutes',
        text: `Quantify and publish the return versus ${against} so buyers do not settle for a good-enough alternative`,
        step: `Run side-by-side trials against ${against} and publish the measured savings.`,
        horizon: 'next',
      };
    },
  };
  if (force.rating < 4 || force.drivers.length === 0) return undefined;
  const action = plays[force.force]();
  const weight = signals.reduce((sum, signal) => sum + Math.max(0, signal.sign * signal.strength), 0);
  return { ...action, text: fitAction(action.text), weight };
}

function competitorsIn(text: string, context: ThemeContext): string[] {
  const tokens = new Set(context.competitors.flatMap((name) => tokenize(name).slice(0, 1)));
  return findNames(text, true).filter((name) => tokenize(name).some((token) => tokens.has(token)));
}

/** Capitalised words in a court sentence that are dates, places or courts, not the other party. */
const NOT_PARTIES = /^(?:in|on|at|since|january|february|march|april|may|june|july|august|september|october|november|december|u\.?s|united|district|court|federal|state|supreme)\b/i;

const MOVES = [
  [/partner/i, 'partnership'],
  [/alliance/i, 'alliance'],
  [/acqui|merger/i, 'acquisition'],
  [/series [a-e]|raised/i, 'funding'],
  [/launch/i, 'launch'],
] as const;

/** The action for one SWOT or PESTEL item, from its theme, topic and figure. */
export function itemAction(item: CitedItem, role: ItemRole, context: ThemeContext): Action | undefined {
  const text = item.text;
  const theme = themeOf(text);
  const topic = topicPhrase(text);
  const rawFigure = figuresInContext(text, 1)[0];
  const figure = rawFigure === undefined ? undefined : midSentence(rawFigure, context.nameWords);
  const topicText = topic === undefined ? undefined : midSentence(topic, context.nameWords);
  switch (theme) {
    case 'litigation': {
      const ownWords = new Set(tokenize(context.company));
      const named = findNames(leadClause(text, 200), true).filter((name) => !tokenize(name).some((token) => ownWords.has(token)) && !NOT_PARTIES.test(name));
      const plaintiff = competitorsIn(text, context)[0] ?? named[0];
      const patent = /patent|infring/i.test(text);
      const suit = patent ? 'patent suit' : 'litigation';
      const who = plaintiff === undefined ? `the ${suit}` : `the ${plaintiff} ${suit}`;
      const plan = patent ? 'fund the defence and have a design-around ready before trial' : 'fund the defence and reserve for settlements';
      return action('litigation', `Contain ${who}: ${plan}`, `Brief counsel on ${who} and set a defence budget${patent ? ' and a design-around milestone' : ' and a reserve'}.`, 'now');
    }
    case 'tariffs': {
      // The goods are often named in another sentence about the same tariffs.
      const goods = [text, ...context.itemTexts, ...context.texts].filter((other) => /\btariff/i.test(other)).map(tariffObject).find((found) => found !== undefined) ?? 'tariff-exposed inputs';
      return action('tariffs', withFigures(`Shift sourcing of ${goods} to tariff-free origins and price in the duty that remains`, [changeInContext(text) ?? figure]), `Model landed cost per unit for each sourcing option under current and scheduled tariffs.`, 'now');
    }
    case 'competitor-move': {
      const names = competitorsIn(text, context);
      const move = MOVES.find(([pattern]) => pattern.test(text))?.[1] ?? 'move';
      if (names.length === 0) break;
      return action('competitor-move', `Counter the ${names[0]} ${move} by competing on ${leverPhrase(context)} with the dealers and accounts it targets`, `Map the dealers and accounts where ${names[0]} overlaps with ${context.company} and assign an owner to each.`, 'now');
    }
    case 'supply': {
      const objects = supplyObjects([text]);
      const what = objects.length > 0 ? listPhrase(objects) : 'single-sourced parts';
      return action('supply', withFigures(`Qualify second sources for ${what} and hold safety stock until they are approved`, [figure]), `Issue requests for quotation to alternative suppliers of ${objects[0] ?? 'the single-sourced parts'} within 60 days.`, 'now');
    }
    case 'rivalry':
      return action('rivalry', withFigures(`Differentiate on ${leverPhrase(context)} rather than matching ${rivalPhrase(context)}`, [figure]), `Review recent deals lost on price and quantify what buyers pay extra for ${leverPhrase(context)}.`, 'now');
    case 'demand-pressure':
      return action('demand-pressure', withFigures('Protect demand with financing, leases and subscription pricing while customer budgets are under pressure', [figure]), 'Test lease and subscription offers with the most price-sensitive customer segment this season.', 'now');
    case 'financing':
      return action('financing', withFigures('Keep headroom under debt covenants and plan refinancing well before maturities', [figure]), 'Model covenant headroom under a downside case for the next eight quarters.', 'next');
    case 'regulation':
      if (topicText === undefined || !informative(topicText)) break;
      return action('regulation', `Prepare a compliance and sourcing plan for ${topicText}`, `Assign an owner to track ${topicText} and report its cost to the business every quarter.`, 'next');
    case 'incentives':
      if (topicText === undefined || role === 'threat' || role === 'headwind' || role === 'weakness') break;
      return action('incentives', withFigures(`Help customers capture ${topicText}`, [figure]), `List the programs customers qualify for and add them to the sales process.`, 'next');
    default:
      break;
  }
  // A one-word or pronoun topic ("adoption", "its aircraft") names nothing an action can be about.
  if (topicText === undefined || /^(?:its|their|this|these|it)\b/i.test(topicText) || !informative(topicText)) return undefined;
  switch (role) {
    case 'opportunity':
      return action(theme === 'growth' ? 'growth' : 'general', withFigures(`Prioritise ${topicText}`, [figure]), `Size ${topicText} and build a business case within one quarter.`, 'next');
    case 'weakness':
      return action(theme === 'product-gap' ? 'product-gap' : 'general', withFigures(`Fix ${topicText}`, [figure]), `Set a measurable target for ${topicText} and review it monthly.`, 'next');
    case 'threat':
      return action('general', withFigures(`Reduce exposure to ${topicText}`, [figure]), `Quantify what ${topicText} could cost over the next four quarters.`, 'now');
    case 'headwind':
      return action('general', `Prepare a response plan for ${topicText}`, `Assign an owner to monitor ${topicText} and agree the trigger for acting.`, 'next');
  }
}

function informative(topic: string): boolean {
  const words = topic.split(/\s+/);
  const last = (words[words.length - 1] ?? '').toLowerCase();
  return words.length >= 2 && !/ly$/.test(last) && !['alone', 'now', 'still', 'already', 'too', 'also', 'today'].includes(last);
}

function action(theme: ThemeId, text: string, step: string, horizon: Recommendation['horizon']): Action {
  return { theme, text: fitAction(text), step, horizon };
}
