import { describe, expect, it } from 'vitest';
import type { FrameworkResults } from '../../reports/model/frameworks.js';
import { QualityReview } from '../../reports/model/report.js';
import type { Synthesis } from '../../reports/model/report.js';
import type { AnalysisBrief } from '../analyst.js';
import { extractBlueOcean } from './blue-ocean.js';
import { extractPestel } from './pestel.js';
import { extractPorter } from './porter.js';
import { QUALITY_WEIGHTS, reviewQuality } from './quality.js';
import { extractSwot } from './swot.js';
import { extractSynthesis } from './synthesis.js';
import { briefOf, fixtureBrief } from './test-fixtures.js';

function analyse(brief: AnalysisBrief): { frameworks: FrameworkResults; synthesis: Synthesis } {
  const frameworks: FrameworkResults = { porter: extractPorter(brief), swot: extractSwot(brief), pestel: extractPestel(brief), blue_ocean: extractBlueOcean(brief) };
  return { frameworks, synthesis: extractSynthesis(brief, frameworks) };
}

/** Removes every citation, everywhere, leaving the texts untouched. */
function uncited<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, entry: unknown) => (key === 'evidenceIds' || key === 'summaryEvidenceIds' ? [] : entry))) as T;
}

describe('reviewQuality', () => {
  const brief = fixtureBrief();
  const { frameworks, synthesis } = analyse(brief);
  const baseline = QualityReview.parse(reviewQuality(brief, frameworks, synthesis));

  it('scores a well-supported analysis highly and documents weights that sum to one', () => {
    expect(baseline.scores.evidence).toBeGreaterThanOrEqual(90);
    expect(baseline.scores.specificity).toBeGreaterThanOrEqual(70);
    expect(baseline.scores.actionability).toBeGreaterThanOrEqual(90);
    expect(baseline.overall).toBeGreaterThanOrEqual(80);
    expect(Object.values(QUALITY_WEIGHTS).reduce((sum, weight) => sum + weight, 0)).toBeCloseTo(1, 10);
    const weighted = Object.entries(QUALITY_WEIGHTS).reduce((sum, [dimension, weight]) => sum + weight * baseline.scores[dimension as keyof typeof baseline.scores], 0);
    expect(Math.abs(baseline.overall - weighted)).toBeLessThanOrEqual(1);
  });

  it('drops the evidence score when citations are removed', () => {
    const review = reviewQuality(brief, uncited(frameworks), uncited(synthesis));
    expect(review.scores.evidence).toBeLessThan(baseline.scores.evidence - 50);
    expect(review.overall).toBeLessThan(baseline.overall);
    expect(review.issues.some((issue) => issue.dimension === 'evidence' && issue.section === 'swot.strengths')).toBe(true);
  });

  it('flags citations of evidence the run never retrieved as critical', () => {
    const forged = structuredClone(frameworks);
    forged.swot?.strengths[0]?.evidenceIds.push('ev_ffffffffffffffff');
    const review = reviewQuality(brief, forged, synthesis);
    expect(review.issues.find((issue) => issue.severity === 'critical' && issue.dimension === 'evidence')?.section).toBe('swot.strengths');
  });

  it('drops actionability when recommendations lack a priority, horizon or verb', () => {
    const vague = structuredClone(synthesis);
    for (const recommendation of vague.recommendations) {
      delete (recommendation as Partial<typeof recommendation>).priority;
      recommendation.text = `Something about ${recommendation.text}`;
    }
    vague.nextSteps = [];
    const review = reviewQuality(brief, frameworks, vague);
    expect(review.scores.actionability).toBeLessThan(baseline.scores.actionability - 50);
    expect(review.issues.some((issue) => issue.dimension === 'actionability' && /lacks a priority/.test(issue.message))).toBe(true);
    expect(review.issues.some((issue) => issue.section === 'synthesis.nextSteps')).toBe(true);
  });

  it('catches contradictions: one statement on both sides, ratings that disagree with attractiveness', () => {
    const contradictory = structuredClone(frameworks);
    const strength = contradictory.swot?.strengths[0];
    if (strength !== undefined) contradictory.swot?.weaknesses.push(structuredClone(strength));
    if (contradictory.porter !== undefined) contradictory.porter.industryAttractiveness = 5;
    const review = reviewQuality(brief, contradictory, synthesis);
    expect(review.scores.consistency).toBeLessThanOrEqual(baseline.scores.consistency - 40);
    expect(review.issues.some((issue) => issue.section === 'swot' && /strength and a weakness/.test(issue.message))).toBe(true);
    expect(review.issues.some((issue) => issue.section === 'porter' && /disagrees/.test(issue.message))).toBe(true);
  });

  it('notices a strong supplier power with no supply-related weakness or threat', () => {
    const unechoed = structuredClone(frameworks);
    if (unechoed.swot !== undefined) {
      unechoed.swot.weaknesses = unechoed.swot.weaknesses.filter((item) => !/suppl|component|vendor|lead time|input cost/i.test(item.text));
      unechoed.swot.threats = unechoed.swot.threats.filter((item) => !/suppl|component|vendor|lead time|input cost/i.test(item.text));
    }
    const review = reviewQuality(brief, unechoed, synthesis);
    expect(review.issues.some((issue) => issue.section === 'porter.supplier_power' && /no SWOT weakness or threat/.test(issue.message))).toBe(true);
  });

  it('scores less depth at a deeper target and for empty sections', () => {
    const deeper = reviewQuality({ ...brief, depth: 'deep' }, frameworks, synthesis);
    expect(deeper.scores.depth).toBeLessThan(baseline.scores.depth);
    const empty = briefOf([]);
    const emptyAnalysis = analyse(empty);
    const review = QualityReview.parse(reviewQuality(empty, emptyAnalysis.frameworks, emptyAnalysis.synthesis));
    expect(review.scores.evidence).toBe(0);
    expect(review.scores.depth).toBeLessThan(30);
    expect(review.overall).toBeLessThan(50);
    expect(review.issues.some((issue) => issue.severity === 'critical')).toBe(true);
    expect(review.issues.length).toBeLessThanOrEqual(50);
  });
});
