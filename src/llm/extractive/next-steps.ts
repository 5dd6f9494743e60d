import { PESTEL_FACTORS, PORTER_FORCE_TITLES, SWOT_QUADRANTS } from '../../reports/model/frameworks.js';
import type { FrameworkResults } from '../../reports/model/frameworks.js';
import type { AnalysisBrief } from '../analyst.js';
import { competitorNames } from './market.js';
import type { PlannedRecommendation } from './recommendations.js';
import { leadClause } from './phrases.js';
import { clip, collapseWhitespace, listPhrase, possessive, tidy } from './text.js';

const MAX_STEPS = 10;

/**
 * Next steps, each opening with a concrete verb: the first step of each leading recommendation
 * (in its own words, never the recommendation again), then the research that closes the
 * evidence gaps the frameworks exposed, so the next run of the analysis stands on more.
 */
export function buildNextSteps(brief: AnalysisBrief, frameworks: FrameworkResults, planned: readonly PlannedRecommendation[], limit: number): string[] {
  const company = brief.company.name;
  const steps: string[] = [];
  for (const entry of planned.filter((candidate) => candidate.recommendation.evidenceIds.length > 0).slice(0, 3)) {
    if (!steps.includes(entry.action.step)) steps.push(entry.action.step);
  }
  if (brief.evidence.length === 0) {
    steps.push(`Collect filings, financial statements, market reports and recent news about ${company}, then rerun the analysis.`);
  }
  const unsupported = (frameworks.porter?.forces ?? []).filter((force) => force.drivers.length === 0).map((force) => PORTER_FORCE_TITLES[force.force].toLowerCase());
  if (brief.evidence.length > 0 && unsupported.length > 0) {
    steps.push(`Research ${listPhrase(unsupported)} (industry reports, customer and supplier interviews): these forces are rated neutral for lack of evidence.`);
  }
  if (brief.metrics.length === 0) {
    steps.push(`Obtain ${possessive(company)} financial statements to compute revenue growth, margins, cash flow and leverage.`);
  }
  const swot = frameworks.swot;
  if (swot !== undefined && brief.evidence.length > 0) {
    const empty = SWOT_QUADRANTS.filter((quadrant) => swot[quadrant].length === 0);
    if (empty.length > 0) steps.push(`Gather evidence on ${possessive(company)} ${listPhrase([...empty])}, which the retrieved sources do not cover.`);
  }
  const pestel = frameworks.pestel;
  if (pestel !== undefined && brief.evidence.length > 0) {
    const missing = PESTEL_FACTORS.filter((factor) => pestel[factor].length === 0);
    if (missing.length > 0 && missing.length < PESTEL_FACTORS.length) steps.push(`Review ${listPhrase([...missing])} factors with a specialist; no retrieved source covers them.`);
  }
  const parity = (frameworks.blue_ocean?.strategyCanvas ?? []).filter((factor) => factor.evidenceIds.length === 0 || factor.company === factor.competitors);
  if (parity.length > 0) {
    const rivals = competitorNames(brief).slice(0, 3);
    steps.push(`Benchmark ${listPhrase(parity.slice(0, 4).map((factor) => factor.factor.toLowerCase()))} against ${rivals.length > 0 ? listPhrase(rivals) : 'the main competitors'} with customer interviews or test purchases.`);
  }
  if (brief.context !== undefined && brief.context.trim().length > 0) {
    const context = collapseWhitespace(brief.context);
    steps.push(`Validate the findings on “${context.length <= 160 ? context : leadClause(context, 160)}” with ${possessive(company)} stakeholders.`);
  }
  if (brief.evidence.length > 0) steps.push('Validate the top three findings with two or three customer interviews before committing budget.');
  return steps.slice(0, Math.min(MAX_STEPS, Math.max(1, limit))).map((step) => clip(tidy(step), 500));
}
