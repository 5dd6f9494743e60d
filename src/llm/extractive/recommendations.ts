import { PORTER_FORCE_TITLES, PORTER_FORCES } from '../../reports/model/frameworks.js';
import type { CitedItem, FrameworkResults, PorterForce } from '../../reports/model/frameworks.js';
import type { Recommendation } from '../../reports/model/report.js';
import type { AnalysisBrief } from '../analyst.js';
import { fitAction, forceAction, itemAction, themeOf } from './action-themes.js';
import type { Action, ItemRole, ThemeContext } from './action-themes.js';
import { citations, similarity, takeDiverse } from './items.js';
import { competitorNames } from './market.js';
import { compileLexicons, hasAnyTerm, indexStems } from './matcher.js';
import { buildPassages } from './passages.js';
import { leadClause, midSentence, nameWordsOf } from './phrases.js';
import { CANVAS_FACTOR_TERMS } from './strategy-canvas.js';
import type { CanvasFactorName } from './strategy-canvas.js';
import { supplyObjects, topicPhrase } from './topics.js';
import { clip, possessive, stems, tidy } from './text.js';

const FACTOR_MATCHERS = compileLexicons(CANVAS_FACTOR_TERMS);
/** How a strategy-canvas factor reads as a lever in an action ("differentiate on service"). */
const LEVER_WORDS: Record<CanvasFactorName, string> = {
  Price: 'price',
  'Quality and accuracy': 'accuracy',
  Coverage: 'coverage',
  'Ease of use': 'ease of use',
  Service: 'service',
  Integration: 'integration',
  Speed: 'speed',
  'Brand and trust': 'trust',
  Sustainability: 'sustainability',
  Customisation: 'customisation',
};

type Priority = Recommendation['priority'];
type Horizon = Recommendation['horizon'];
const HORIZON_MEANING: Record<Horizon, string> = { now: '0–6 months', next: '6–18 months', later: 'beyond 18 months' };
const PRIORITY_RANK: Record<Priority, number> = { high: 0, medium: 1, low: 2 };
const ROLE_NAMES: Record<ItemRole, string> = { threat: 'A threat in the SWOT', weakness: 'A weakness in the SWOT', opportunity: 'An opportunity in the SWOT', headwind: 'A PESTEL headwind' };

/** A recommendation with the action it came from, so next steps can name its first step. */
export interface PlannedRecommendation {
  recommendation: Recommendation;
  action: Action;
}

interface Draft {
  /** Where it came from; the final list mixes sources instead of repeating one. */
  source: string;
  action: Action;
  rationale: string;
  priority: Priority;
  ids: string[];
  order: number;
}

function quote(text: string, max = 180): string {
  return `“${leadClause(text, max)}”`;
}

/** A strength about what buyers get (accuracy, service…) is a lever against rivals; revenue growth is not. */
function aboutOffering(item: CitedItem): boolean {
  const index = indexStems(stems(item.text));
  return Object.entries(FACTOR_MATCHERS).some(([factor, matcher]) => factor !== 'Price' && hasAnyTerm(index, matcher));
}

/** Buyer-value factors the company leads on: the canvas first, then what its strengths are about. */
function leversOf(frameworks: FrameworkResults): string[] {
  const levers: string[] = [];
  const canvas = (frameworks.blue_ocean?.strategyCanvas ?? []).filter((factor) => factor.factor !== 'Price' && factor.company - factor.competitors >= 1);
  for (const factor of canvas) {
    const word = LEVER_WORDS[factor.factor as CanvasFactorName];
    if (word !== undefined && !levers.includes(word)) levers.push(word);
  }
  for (const strength of frameworks.swot?.strengths ?? []) {
    const index = indexStems(stems(strength.text));
    for (const [factor, matcher] of Object.entries(FACTOR_MATCHERS) as Array<[CanvasFactorName, (typeof FACTOR_MATCHERS)[CanvasFactorName]]>) {
      if (factor !== 'Price' && hasAnyTerm(index, matcher) && !levers.includes(LEVER_WORDS[factor])) levers.push(LEVER_WORDS[factor]);
    }
  }
  return levers;
}

/** The analysis' problem statements, the first place to look for what an action is about. */
function problemTexts(frameworks: FrameworkResults): string[] {
  return [
    ...(frameworks.swot?.threats ?? []),
    ...(frameworks.swot?.weaknesses ?? []),
    ...(frameworks.pestel?.political ?? []),
    ...(frameworks.pestel?.economic ?? []),
    ...(frameworks.porter?.forces ?? []).flatMap((force) => force.drivers),
  ].map((item) => item.text);
}

export function themeContext(brief: AnalysisBrief, frameworks: FrameworkResults): ThemeContext {
  const passages = buildPassages(brief);
  const itemTexts = problemTexts(frameworks);
  const texts = passages.filter((passage) => passage.statement).map((passage) => passage.text);
  return {
    company: brief.company.name,
    texts,
    supplies: supplyObjects(texts),
    itemTexts,
    competitors: competitorNames(brief, passages),
    levers: leversOf(frameworks),
    tariffs: itemTexts.some((text) => themeOf(text) === 'tariffs' || /\btariff/i.test(text)),
    nameWords: nameWordsOf(passages),
  };
}

/** The strength that shares most words with an item: the lever to pull against it. */
function closest(item: CitedItem, candidates: readonly CitedItem[]): CitedItem | undefined {
  let best: { item: CitedItem; score: number } | undefined;
  for (const candidate of candidates) {
    const score = similarity(item.text, candidate.text);
    if (best === undefined || score > best.score) best = { item: candidate, score };
  }
  return best?.item;
}

function forceDraft(force: PorterForce, context: ThemeContext, strengths: readonly CitedItem[]): Omit<Draft, 'order'> | undefined {
  const action = forceAction(force, context);
  if (action === undefined) return undefined;
  const title = PORTER_FORCE_TITLES[force.force];
  const [first, second] = force.drivers;
  const lever = force.force === 'competitive_rivalry' ? strengths.find(aboutOffering) : undefined;
  const parts = [`${title} is rated ${force.rating}/5.`];
  if (first !== undefined) parts.push(`Strongest evidence: ${quote(first.text)}.`);
  if (second !== undefined) parts.push(`Also: ${quote(second.text, 140)}.`);
  if (lever !== undefined) parts.push(`Strength to build on: ${quote(lever.text, 140)}.`);
  return {
    source: 'force',
    action,
    rationale: parts.join(' '),
    priority: force.rating >= 5 || action.horizon === 'now' ? 'high' : 'medium',
    ids: [...force.drivers.slice(0, 3).flatMap((driver) => driver.evidenceIds), ...(lever?.evidenceIds ?? [])],
  };
}

function itemDraft(item: CitedItem, role: ItemRole, context: ThemeContext, partners: readonly CitedItem[], leading = false): Omit<Draft, 'order'> | undefined {
  const action = itemAction(item, role, context);
  if (action === undefined) return undefined;
  // Against a threat, the lever is a strength about the offering; a weakness pairs with the opportunity it blocks.
  const partner = role === 'threat' ? closest(item, partners.filter(aboutOffering)) : role === 'weakness' ? closest(item, partners) : undefined;
  const parts = [`${ROLE_NAMES[role]}: ${quote(item.text, 220)}.`];
  if (partner !== undefined) parts.push(`${role === 'threat' ? 'Strength to build on' : 'Opening it would help capture'}: ${quote(partner.text, 140)}.`);
  // Only the leading threat, and only when the evidence quantifies it, is urgent; the rest follow.
  const priority: Priority = role === 'threat' ? (leading && /\d/.test(item.text) ? 'high' : 'medium') : role === 'headwind' ? 'low' : 'medium';
  return { source: role, action, rationale: parts.join(' '), priority, ids: [...item.evidenceIds, ...(partner?.evidenceIds ?? [])] };
}

/** What a Blue Ocean create move offers: the list after a colon, else the sentence's topic. */
function moveTopic(text: string): string | undefined {
  const body = text.replace(/^(?:Create|Raise|Reduce|Eliminate):\s*/u, '');
  const afterColon = /:\s+([^:]+)$/u.exec(body)?.[1];
  if (afterColon !== undefined) return leadClause(afterColon.split(/,\s+|\s+and\s+/u)[0] ?? afterColon, 90);
  return topicPhrase(body);
}

/**
 * Recommendations as a consultant writes them: one short action per problem or opening, named
 * after its parts and figures, with the quoted evidence in the rationale. Strong forces come
 * first, then threats, weaknesses, opportunities, Blue Ocean moves and PESTEL headwinds; one
 * action per theme, so two threats about tariffs give one tariff recommendation.
 */
export function planRecommendations(brief: AnalysisBrief, frameworks: FrameworkResults, known: ReadonlySet<string>, limit: number): PlannedRecommendation[] {
  const context = themeContext(brief, frameworks);
  const swot = frameworks.swot;
  const strengths = swot?.strengths ?? [];
  const drafts: Draft[] = [];
  const add = (draft: Omit<Draft, 'order'> | undefined): void => {
    if (draft !== undefined) drafts.push({ ...draft, order: drafts.length });
  };
  const forces = [...(frameworks.porter?.forces ?? [])].sort((a, b) => b.rating - a.rating || PORTER_FORCES.indexOf(a.force) - PORTER_FORCES.indexOf(b.force));
  // Among equally rated forces, the one the evidence presses hardest on leads.
  const forceDrafts = forces.map((force) => forceDraft(force, context, strengths)).filter((draft) => draft !== undefined);
  forceDrafts.sort((a, b) => (b.action.weight ?? 0) - (a.action.weight ?? 0));
  for (const draft of forceDrafts) add(draft);
  (swot?.threats ?? []).forEach((threat, position) => add(itemDraft(threat, 'threat', context, strengths, position === 0)));
  for (const weakness of swot?.weaknesses ?? []) add(itemDraft(weakness, 'weakness', context, swot?.opportunities ?? []));
  for (const opportunity of swot?.opportunities ?? []) add(itemDraft(opportunity, 'opportunity', context, strengths));
  for (const move of frameworks.blue_ocean?.create ?? []) {
    const topic = moveTopic(move.text);
    if (topic === undefined) continue;
    add({
      source: 'blue-ocean',
      action: { theme: 'general', text: fitAction(`Pilot ${midSentence(topic, context.nameWords)} with a few customers before a full launch`), step: `Pick three customers for a pilot of ${midSentence(topic, context.nameWords)} and agree success measures.`, horizon: 'later' },
      rationale: `A create move from the Blue Ocean analysis: ${quote(move.text, 200)}.`,
      priority: 'low',
      ids: move.evidenceIds,
    });
  }
  for (const factor of ['political', 'economic', 'legal', 'environmental'] as const) {
    const headwind = frameworks.pestel?.[factor]?.find((item) => item.impact === 'negative');
    if (headwind !== undefined) add(itemDraft(headwind, 'headwind', context, []));
  }

  const seenThemes = new Set<string>();
  const unique = drafts
    .sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.order - b.order)
    .filter((draft) => {
      const key = draft.action.theme === 'general' ? `general:${draft.action.text}` : draft.action.theme;
      if (seenThemes.has(key)) return false;
      seenThemes.add(key);
      return true;
    });
  // Strong forces take up to three of the first places, every other source at most two, so the
  // list leads with the structural plays and still mixes in threats, weaknesses and openings.
  const forceSlots = Math.min(3, Math.ceil(Math.max(1, limit) * 0.6));
  const fromForces = unique.filter((draft) => draft.source === 'force').slice(0, forceSlots);
  const others = takeDiverse(unique.filter((draft) => draft.source !== 'force'), (draft) => draft.action.text, (draft) => draft.source, 2, Math.max(1, limit) - fromForces.length);
  const chosen = [...fromForces, ...others].sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || a.order - b.order);
  const planned = chosen.map((draft) => ({ recommendation: toRecommendation(draft, known), action: draft.action }));
  return planned.length > 0 ? planned : [evidenceGapRecommendation(brief)];
}

export function buildRecommendations(brief: AnalysisBrief, frameworks: FrameworkResults, known: ReadonlySet<string>, limit: number): Recommendation[] {
  return planRecommendations(brief, frameworks, known, limit).map((entry) => entry.recommendation);
}

function toRecommendation(draft: Draft, known: ReadonlySet<string>): Recommendation {
  const horizon = draft.action.horizon;
  return {
    text: draft.action.text,
    evidenceIds: citations(draft.ids, known),
    rationale: clip(tidy(`${draft.rationale} Priority ${draft.priority}; horizon ${horizon} (${HORIZON_MEANING[horizon]}).`), 1500),
    priority: draft.priority,
    horizon,
  };
}

function evidenceGapRecommendation(brief: AnalysisBrief): PlannedRecommendation {
  const text = `Collect evidence on ${possessive(brief.company.name)} market, competitors and financials before acting: no grounded recommendation is possible yet.`;
  return {
    recommendation: {
      text,
      evidenceIds: [],
      rationale: 'The frameworks found no strengths, weaknesses, opportunities, threats or strong forces to act on, so any specific recommendation would be invented. Priority high; horizon now (0–6 months).',
      priority: 'high',
      horizon: 'now',
    },
    action: { theme: 'general', text, step: `Collect filings, financial statements, market reports and recent news about ${brief.company.name}, then rerun the analysis.`, horizon: 'now' },
  };
}

