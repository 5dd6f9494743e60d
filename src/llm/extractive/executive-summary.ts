import { PORTER_FORCE_TITLES, PORTER_FORCES } from '../../reports/model/frameworks.js';
import type { FinancialMetric } from '../../reports/model/financials.js';
import type { CitedItem, FrameworkResults, PorterForce } from '../../reports/model/frameworks.js';
import type { Recommendation } from '../../reports/model/report.js';
import type { AnalysisBrief } from '../analyst.js';
import { citations } from './items.js';
import { buildPassages } from './passages.js';
import { leadClause, midSentence, nameWordsOf } from './phrases.js';
import { formatMetric, latestMetrics, periodOf } from './swot-metrics.js';
import { clip, listPhrase, lowerFirst, tidy } from './text.js';

/** The metrics a reader looks for first, by the words in their key or label. */
const HEADLINE_METRICS = [/revenue.*growth|growth.*revenue|sales.*growth/, /operating.*margin|operating.*income/, /free cash flow|fcf/, /debt.*equity/, /gross.*margin/, /net.*(income|margin)/];
const ATTRACTIVENESS_WORDS = ['', 'very low', 'low', 'moderate', 'high', 'very high'];
const CLAUSE_CHARS = 130;

export function headlineFigures(brief: AnalysisBrief, known: ReadonlySet<string>): { text: string; ids: string[] } | undefined {
  const latest = latestMetrics(brief.metrics);
  const picked: FinancialMetric[] = [];
  for (const pattern of HEADLINE_METRICS) {
    const metric = latest.find((candidate) => pattern.test(`${candidate.key} ${candidate.label}`.toLowerCase().replace(/[_-]+/g, ' ')) && !picked.includes(candidate));
    if (metric !== undefined) picked.push(metric);
    if (picked.length >= 3) break;
  }
  if (picked.length === 0) return undefined;
  const parts = picked.map((metric) => `${lowerFirst(metric.label)} ${formatMetric(metric)} (${periodOf(metric)})`);
  return { text: `Key figures: ${listPhrase(parts)}.`, ids: picked.flatMap((metric) => metric.evidenceIds.filter((id) => known.has(id))) };
}

function forceNames(forces: readonly PorterForce[]): string {
  return listPhrase(forces.map((force) => PORTER_FORCE_TITLES[force.force].toLowerCase()));
}

/** "the strongest force is supplier power (5/5)" or, on a tie, "the strongest forces are … (5/5)". */
function forceSentence(brief: AnalysisBrief, frameworks: FrameworkResults, industry: string): { text: string; ids: string[] } | undefined {
  const porter = frameworks.porter;
  const supported = (porter?.forces ?? []).filter((force) => force.drivers.length > 0);
  if (porter === undefined || supported.length === 0) return undefined;
  const ordered = [...supported].sort((a, b) => b.rating - a.rating || PORTER_FORCES.indexOf(a.force) - PORTER_FORCES.indexOf(b.force));
  const top = ordered[0] as PorterForce;
  const bottom = ordered[ordered.length - 1] as PorterForce;
  const attractiveness = porter.industryAttractiveness;
  let text = `${brief.company.name}${industry} operates in an industry of ${ATTRACTIVENESS_WORDS[attractiveness] ?? 'moderate'} attractiveness (${attractiveness}/5)`;
  if (top.rating === bottom.rating) return { text: `${text}: all supported forces are rated ${top.rating}/5.`, ids: top.evidenceIds.slice(0, 2) };
  const strongest = ordered.filter((force) => force.rating === top.rating);
  const weakest = ordered.filter((force) => force.rating === bottom.rating);
  text += strongest.length === 1 ? `: the strongest force is ${forceNames(strongest)} (${top.rating}/5)` : `: the strongest forces are ${forceNames(strongest)} (${top.rating}/5)`;
  text += weakest.length === 1 ? ` and the weakest is ${forceNames(weakest)} (${bottom.rating}/5).` : ` and the weakest are ${forceNames(weakest)} (${bottom.rating}/5).`;
  return { text, ids: [...strongest.flatMap((force) => force.evidenceIds.slice(0, 1)), ...weakest.flatMap((force) => force.evidenceIds.slice(0, 1))] };
}

/** A strength computed from facts repeats the key figures; the summary prefers one from the text. */
function isMetricItem(item: CitedItem, factIds: ReadonlySet<string>): boolean {
  return item.evidenceIds.length > 0 && item.evidenceIds.every((id) => factIds.has(id));
}

/**
 * Three to five complete sentences: the industry and its strongest and weakest forces, the main
 * strength and threat, the key figures and the lead recommendation. Clauses are cut at clause
 * boundaries, never with an ellipsis.
 */
export function executiveSummary(brief: AnalysisBrief, frameworks: FrameworkResults, recommendation: Recommendation | undefined, known: ReadonlySet<string>): { text: string; ids: string[] } {
  const company = brief.company.name;
  if (brief.evidence.length === 0) {
    return {
      text: `${company} could not be analysed from evidence: no evidence was retrieved. Framework ratings are neutral defaults and no strengths, weaknesses, opportunities or threats could be identified. Collect filings, market data and news before relying on this report.`,
      ids: [],
    };
  }
  const sentences: string[] = [];
  const ids: string[] = [];
  const industry = brief.company.industry !== undefined && brief.company.industry.length > 0 ? ` (${brief.company.industry})` : '';
  const forces = forceSentence(brief, frameworks, industry);
  if (forces !== undefined) {
    sentences.push(forces.text);
    ids.push(...forces.ids);
  } else {
    const kinds = [...new Set(brief.evidence.map((evidence) => evidence.kind))];
    sentences.push(`${company}${industry} was analysed from ${brief.evidence.length} evidence item(s) (${listPhrase(kinds)}).`);
  }
  const figures = headlineFigures(brief, known);
  const factIds = new Set(brief.evidence.filter((evidence) => evidence.kind === 'financial-fact').map((evidence) => evidence.id));
  const strengths = frameworks.swot?.strengths ?? [];
  const strength = (figures === undefined ? undefined : strengths.find((item) => !isMetricItem(item, factIds))) ?? strengths[0];
  const threat = frameworks.swot?.threats[0];
  const nameWords = nameWordsOf(buildPassages(brief));
  const clause = (item: CitedItem): string => midSentence(leadClause(item.text, CLAUSE_CHARS), nameWords);
  if (strength !== undefined && threat !== undefined) {
    sentences.push(`Its main strength is that ${clause(strength)}; its main threat is that ${clause(threat)}.`);
    ids.push(...strength.evidenceIds, ...threat.evidenceIds);
  } else if (strength !== undefined || threat !== undefined) {
    const item = (strength ?? threat) as CitedItem;
    sentences.push(`Its main ${strength !== undefined ? 'strength' : 'threat'} is that ${clause(item)}; the evidence says little about its ${strength !== undefined ? 'threats' : 'strengths'}.`);
    ids.push(...item.evidenceIds);
  }
  if (figures !== undefined) {
    sentences.push(figures.text);
    ids.push(...figures.ids);
  }
  if (recommendation !== undefined && recommendation.evidenceIds.length > 0) {
    const action = recommendation.text.replace(/[.\s]+$/u, '');
    sentences.push(`The lead recommendation is to ${action.charAt(0).toLowerCase()}${action.slice(1)}.`);
    ids.push(...recommendation.evidenceIds);
  }
  if (sentences.length < 3) {
    const missing = PORTER_FORCES.length - (frameworks.porter?.forces ?? []).filter((force) => force.drivers.length > 0).length;
    sentences.push(
      missing > 0 && frameworks.porter !== undefined
        ? `Evidence is thin: ${missing} of 5 forces and parts of the other frameworks rest on no retrieved source.`
        : `Evidence is thin: conclusions rest on ${brief.evidence.length} source(s) and should be validated.`,
    );
  }
  if (sentences.length < 3) sentences.push('Treat these findings as a starting point for validation, not a conclusion.');
  return { text: clip(tidy(sentences.slice(0, 5).join(' ')), 4000), ids: citations(ids, known) };
}
