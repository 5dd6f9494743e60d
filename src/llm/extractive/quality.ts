import type { FrameworkResults } from '../../reports/model/frameworks.js';
import type { QualityDimension, QualityIssue, QualityReview, Synthesis } from '../../reports/model/report.js';
import type { AnalysisBrief } from '../analyst.js';
import { frameworkItems, startsWithActionVerb, textSpecificity } from './framework-items.js';
import type { TermMatcher } from './matcher.js';
import { companyMatcher, depthSettings } from './passages.js';
import { checkConsistency } from './quality-consistency.js';
import { measureDepth } from './quality-depth.js';
import { checkFactCitations, checkFragments, checkRepeatedSteps, checkReuse, checkTruncation, restatement } from './quality-text.js';

/**
 * Weights of the overall score. Evidence weighs most because an uncited claim is the failure
 * this product exists to prevent; specificity and actionability are what a consultant reads for;
 * depth and consistency refine.
 */
export const QUALITY_WEIGHTS: Record<QualityDimension, number> = {
  evidence: 0.3,
  specificity: 0.2,
  actionability: 0.2,
  depth: 0.15,
  consistency: 0.15,
};

const MAX_ISSUES = 50;
const SEVERITY_RANK: Record<QualityIssue['severity'], number> = { critical: 0, warning: 1, info: 2 };
const PRIORITIES = new Set(['high', 'medium', 'low']);
const HORIZONS = new Set(['now', 'next', 'later']);

interface ReviewedItem {
  section: string;
  text: string;
  evidenceIds: readonly string[];
}

function reviewedItems(frameworks: FrameworkResults, synthesis: Synthesis): ReviewedItem[] {
  const items: ReviewedItem[] = frameworkItems(frameworks).map((item) => ({ section: item.section, text: item.text, evidenceIds: item.evidenceIds }));
  for (const item of synthesis.keyFindings ?? []) items.push({ section: 'synthesis.keyFindings', text: item.text, evidenceIds: item.evidenceIds ?? [] });
  for (const item of synthesis.recommendations ?? []) items.push({ section: 'synthesis.recommendations', text: item.text, evidenceIds: item.evidenceIds ?? [] });
  for (const item of synthesis.risks ?? []) items.push({ section: 'synthesis.risks', text: item.text, evidenceIds: item.evidenceIds ?? [] });
  return items;
}

function bySection(items: readonly ReviewedItem[]): Map<string, ReviewedItem[]> {
  const sections = new Map<string, ReviewedItem[]>();
  for (const item of items) sections.set(item.section, [...(sections.get(item.section) ?? []), item]);
  return sections;
}

/**
 * Share of items with a figure, name or date, less points for items that are headings or
 * fragments and for headlines cut off with an ellipsis: a vague statement is weak, a heading
 * passed off as a finding is worse.
 */
function specificityScore(items: readonly ReviewedItem[], company: TermMatcher, frameworks: FrameworkResults, synthesis: Synthesis, issues: QualityIssue[]): number {
  if (items.length === 0) return 0;
  const penalty = checkFragments(frameworks, synthesis, issues) + checkTruncation(frameworks, synthesis, issues);
  for (const [section, members] of bySection(items)) {
    const vague = members.filter((item) => textSpecificity(item.text, company) === 0).length;
    if (members.length >= 2 && vague / members.length > 0.7) {
      issues.push({ severity: 'info', dimension: 'specificity', section, message: `${vague} of ${members.length} items contain no figure, name or date.` });
    }
  }
  return (100 * items.filter((item) => textSpecificity(item.text, company) > 0).length) / items.length - penalty;
}

/** Where evidence comes from: publisher, else the URL's host, else the document it is a passage of, else its kind. */
function sourceOf(evidence: AnalysisBrief['evidence'][number]): string {
  if (evidence.publisher !== undefined && evidence.publisher.length > 0) return evidence.publisher.toLowerCase();
  if (evidence.url !== undefined) {
    const host = /^[a-z]+:\/\/([^/?#]+)/i.exec(evidence.url)?.[1];
    if (host !== undefined) return host.toLowerCase();
  }
  if ((evidence.kind === 'document' || evidence.kind === 'filing') && evidence.locator.includes('#')) return evidence.locator.slice(0, evidence.locator.indexOf('#')).toLowerCase();
  return evidence.kind;
}

/** Above this share of all citations from one source, the analysis leans on a single document. */
const CONCENTRATION_LIMIT = 0.6;
const FACT_CITATION_PENALTY = 10;

function evidenceScore(brief: AnalysisBrief, items: readonly ReviewedItem[], frameworks: FrameworkResults, synthesis: Synthesis, issues: QualityIssue[]): number {
  const sources = new Map(brief.evidence.map((evidence) => [evidence.id, sourceOf(evidence)]));
  if (items.length === 0) return 0;
  for (const [section, members] of bySection(items)) {
    const invalid = members.flatMap((item) => item.evidenceIds.filter((id) => !sources.has(id)));
    if (invalid.length > 0) {
      issues.push({ severity: 'critical', dimension: 'evidence', section, message: `${invalid.length} citation(s) point at evidence this run never retrieved (${[...new Set(invalid)].slice(0, 3).join(', ')}).` });
    }
    const uncited = members.filter((item) => !item.evidenceIds.some((id) => sources.has(id))).length;
    if (uncited > 0) {
      issues.push({ severity: uncited === members.length ? 'warning' : 'info', dimension: 'evidence', section, message: `${uncited} of ${members.length} items cite no retrieved evidence.` });
    }
  }
  if ((synthesis.summaryEvidenceIds ?? []).filter((id) => sources.has(id)).length === 0) {
    issues.push({ severity: 'info', dimension: 'evidence', section: 'synthesis.executiveSummary', message: 'The executive summary cites no evidence.' });
  }
  const supported = items.filter((item) => item.evidenceIds.some((id) => sources.has(id))).length;
  const cited = new Set(items.flatMap((item) => item.evidenceIds.filter((id) => sources.has(id)).map((id) => sources.get(id))));
  const available = new Set(sources.values()).size;
  const diversity = available === 0 ? 0 : Math.min(1, cited.size / Math.min(4, available));
  if (available > 1 && cited.size === 1) {
    issues.push({ severity: 'warning', dimension: 'evidence', section: 'report', message: 'Every citation comes from a single source; corroborate with another.' });
  }
  const counts = new Map<string, number>();
  for (const item of items) for (const id of item.evidenceIds) if (sources.has(id)) counts.set(sources.get(id) as string, (counts.get(sources.get(id) as string) ?? 0) + 1);
  const total = [...counts.values()].reduce((sum, count) => sum + count, 0);
  const [topSource, topCount] = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0] ?? ['', 0];
  const share = total === 0 ? 0 : topCount / total;
  let penalty = 0;
  if (available > 1 && share > CONCENTRATION_LIMIT && cited.size > 1) {
    penalty = Math.min(30, Math.round((share - CONCENTRATION_LIMIT) * 100));
    issues.push({ severity: 'warning', dimension: 'evidence', section: 'report', message: `${Math.round(share * 100)}% of citations come from one source (${topSource}); the other ${available - 1} source(s) are barely used.` });
  }
  const factIds = new Set(brief.evidence.filter((evidence) => evidence.kind === 'financial-fact').map((evidence) => evidence.id));
  penalty += Math.min(30, FACT_CITATION_PENALTY * checkFactCitations(frameworks, factIds, issues));
  return 100 * (0.8 * (supported / items.length) + 0.2 * diversity) - penalty;
}

function actionabilityScore(frameworks: FrameworkResults, synthesis: Synthesis, issues: QualityIssue[]): number {
  const recommendations = synthesis.recommendations ?? [];
  let complete = 0;
  recommendations.forEach((recommendation, position) => {
    const missing: string[] = [];
    if (!PRIORITIES.has(recommendation.priority)) missing.push('a priority');
    if (!HORIZONS.has(recommendation.horizon)) missing.push('a horizon');
    if (!startsWithActionVerb(recommendation.text ?? '')) missing.push('a concrete verb');
    if ((recommendation.rationale ?? '').trim().length === 0) missing.push('a rationale');
    const restated = restatement(recommendation.text ?? '', frameworks);
    if (missing.length === 0 && restated === undefined) complete += 1;
    if (missing.length > 0) issues.push({ severity: missing.includes('a priority') ? 'warning' : 'info', dimension: 'actionability', section: 'synthesis.recommendations', message: `Recommendation ${position + 1} lacks ${missing.join(', ')}.` });
    if (restated !== undefined) issues.push({ severity: 'warning', dimension: 'actionability', section: 'synthesis.recommendations', message: `Recommendation ${position + 1} ${restated}: “${(recommendation.text ?? '').slice(0, 120)}”.` });
  });
  const steps = synthesis.nextSteps ?? [];
  if (steps.length === 0) issues.push({ severity: 'warning', dimension: 'actionability', section: 'synthesis.nextSteps', message: 'No next steps are given.' });
  const actionable = steps.filter((step) => startsWithActionVerb(step)).length;
  const repeated = checkRepeatedSteps(synthesis, issues);
  const recommendationShare = recommendations.length === 0 ? 0 : complete / recommendations.length;
  const stepShare = steps.length === 0 ? 0 : Math.min(1, steps.length / 3) * (actionable / steps.length) * (1 - repeated);
  return 100 * (0.7 * recommendationShare + 0.3 * stepShare);
}

function bounded(score: number): number {
  return Math.max(0, Math.min(100, Math.round(Number.isFinite(score) ? score : 0)));
}

export function reviewQuality(brief: AnalysisBrief, frameworks: FrameworkResults, synthesis: Synthesis): QualityReview {
  const issues: QualityIssue[] = [];
  const items = reviewedItems(frameworks, synthesis);
  const scores: QualityReview['scores'] = {
    specificity: bounded(specificityScore(items, companyMatcher(brief.company), frameworks, synthesis, issues)),
    evidence: bounded(evidenceScore(brief, items, frameworks, synthesis, issues)),
    depth: bounded(measureDepth(frameworks, synthesis, depthSettings(brief.depth), issues)),
    actionability: bounded(actionabilityScore(frameworks, synthesis, issues)),
    consistency: bounded(checkConsistency(frameworks, issues) - checkReuse(frameworks, synthesis, issues)),
  };
  for (const dimension of Object.keys(QUALITY_WEIGHTS) as QualityDimension[]) {
    const score = scores[dimension];
    if (score < 70) issues.push({ severity: score < 40 ? 'critical' : 'warning', dimension, section: 'report', message: `${dimension} scores ${score}/100.` });
  }
  const overall = (Object.keys(QUALITY_WEIGHTS) as QualityDimension[]).reduce((sum, dimension) => sum + QUALITY_WEIGHTS[dimension] * scores[dimension], 0);
  const ordered = issues
    .map((issue, order) => ({ issue: { ...issue, section: issue.section.slice(0, 200), message: issue.message.slice(0, 1000) }, order }))
    .sort((a, b) => SEVERITY_RANK[a.issue.severity] - SEVERITY_RANK[b.issue.severity] || a.order - b.order)
    .slice(0, MAX_ISSUES)
    .map((entry) => entry.issue);
  return { scores, overall: bounded(overall), issues: ordered };
}
