import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../../reports/model/evidence.js';
import type { FrameworkResults } from '../../reports/model/frameworks.js';
import { QualityReview } from '../../reports/model/report.js';
import type { QualityDimension, Synthesis } from '../../reports/model/report.js';
import type { AnalysisBrief } from '../analyst.js';
import { extractBlueOcean } from './blue-ocean.js';
import { extractPestel } from './pestel.js';
import { extractPorter } from './porter.js';
import { reviewQuality } from './quality.js';
import { extractSwot } from './swot.js';
import { extractSynthesis } from './synthesis.js';
import { evidenceFor, fixtureBrief } from './test-fixtures.js';

/**
 * A clean analysis of the fixture, and the same analysis with each defect of the old offline
 * report planted in it: headings as items, "…" headlines, one passage everywhere, identical
 * ratings, recommendations that paste quotes, next steps that repeat them, one-source citations,
 * financial facts cited as qualitative evidence.
 */
const fact = makeEvidence({ kind: 'financial-fact', title: 'Current liabilities', locator: 'companyfacts:1:us-gaap:LiabilitiesCurrent:2022', excerpt: 'Liabilities, Current (us-gaap:LiabilitiesCurrent) as of 2022-12-31: USD 25,870,000.' }, new Date(0));
const base = fixtureBrief();
const brief: AnalysisBrief = { ...base, evidence: [...base.evidence, fact] };
const frameworks: FrameworkResults = { porter: extractPorter(brief), swot: extractSwot(brief), pestel: extractPestel(brief), blue_ocean: extractBlueOcean(brief) };
const synthesis = extractSynthesis(brief, frameworks);
const memo = evidenceFor('supplyRisk').id;
const HEADING = 'Supply Chain Memo: Supplier Concentration, Lead Times and Tariffs';

type Mutation = (frameworks: FrameworkResults, synthesis: Synthesis) => void;

const DEFECTS: Record<string, { dimension: QualityDimension; section: RegExp; message: RegExp; plant: Mutation }> = {
  'headings as items': {
    dimension: 'specificity',
    section: /^porter\.supplier_power$/,
    message: /heading, not a statement: “Supply Chain Memo/,
    plant: (plan) => {
      plan.porter?.forces.find((force) => force.force === 'supplier_power')?.drivers.push({ text: HEADING, evidenceIds: [memo] });
      plan.swot?.opportunities.push({ text: 'Subsidies and incentives U.S', evidenceIds: [memo] });
      plan.swot?.threats.push({ text: HEADING, evidenceIds: [memo] });
    },
  },
  'truncated headlines': {
    dimension: 'specificity',
    section: /^synthesis\.executiveSummary$/,
    message: /cut off mid-phrase/,
    plant: (_plan, summary) => {
      summary.executiveSummary = `${summary.executiveSummary} Main threat: its robots face tariffs on imported parts, several U.S… The leading recommendation is to counter “Tariffs on fully…”.`;
    },
  },
  'one passage in many places': {
    dimension: 'consistency',
    section: /swot\.threats.*pestel\.political.*synthesis\.risks/,
    message: /same passage is used in \d places/,
    plant: (plan, summary) => {
      const threat = plan.swot?.threats[0];
      if (threat === undefined) return;
      plan.pestel?.political.push({ ...threat, impact: 'negative' });
      summary.keyFindings.push({ text: `Threat: ${threat.text}`, evidenceIds: threat.evidenceIds });
      summary.risks.push({ text: `Political headwind: ${threat.text}`, evidenceIds: threat.evidenceIds });
    },
  },
  'identical ratings': {
    dimension: 'consistency',
    section: /^porter$/,
    message: /rated 3\/5: the ratings do not discriminate/,
    plant: (plan) => {
      for (const force of plan.porter?.forces ?? []) Object.assign(force, { rating: 3, level: 'medium' });
      if (plan.porter !== undefined) plan.porter.industryAttractiveness = 3;
    },
  },
  'recommendations that paste evidence': {
    dimension: 'actionability',
    section: /^synthesis\.recommendations$/,
    message: /Recommendation 1 pastes quoted evidence/,
    plant: (plan, summary) => {
      summary.recommendations.forEach((recommendation, position) => {
        const threat = plan.swot?.threats[position % Math.max(1, plan.swot.threats.length)];
        recommendation.text = `Counter the threat “${threat?.text.slice(0, 90) ?? ''}…” by building on “${plan.swot?.strengths[0]?.text.slice(0, 60) ?? ''}…”.`;
      });
    },
  },
  'next steps that repeat recommendations': {
    dimension: 'actionability',
    section: /^synthesis\.nextSteps$/,
    message: /Next step 1 repeats recommendation 1/,
    plant: (_plan, summary) => {
      summary.nextSteps = summary.recommendations.map((recommendation) => `Assign an owner and a 90-day plan to: ${recommendation.text}`);
    },
  },
  'citations from one document': {
    dimension: 'evidence',
    section: /^report$/,
    message: /\d+% of citations come from one source \(orchardly systems\)/,
    plant: (plan) => {
      for (const force of plan.porter?.forces ?? []) for (const driver of force.drivers) driver.evidenceIds = [memo];
      for (const quadrant of ['strengths', 'weaknesses', 'opportunities', 'threats'] as const) for (const item of plan.swot?.[quadrant] ?? []) item.evidenceIds = [memo];
      for (const factor of ['political', 'economic', 'social', 'technological', 'environmental', 'legal'] as const) for (const item of plan.pestel?.[factor] ?? []) item.evidenceIds = [memo];
      for (const item of plan.pestel?.legal.slice(0, 1) ?? []) item.evidenceIds = [memo, evidenceFor('privacy').id];
    },
  },
  'financial facts as qualitative evidence': {
    dimension: 'evidence',
    section: /^pestel\.legal$/,
    message: /financial fact is cited as qualitative evidence: “Liabilities, Current/,
    plant: (plan) => {
      plan.pestel?.legal.push({ text: fact.excerpt, evidenceIds: [fact.id], impact: 'negative' });
    },
  },
};

function planted(names: readonly string[]): { frameworks: FrameworkResults; synthesis: Synthesis } {
  const copy = { frameworks: structuredClone(frameworks), synthesis: structuredClone(synthesis) };
  for (const name of names) DEFECTS[name]?.plant(copy.frameworks, copy.synthesis);
  return copy;
}

describe('quality review of how the report reads', () => {
  const clean = QualityReview.parse(reviewQuality(brief, frameworks, synthesis));

  it.each(Object.keys(DEFECTS))('lowers the score for %s and names what is wrong and where', (name) => {
    const defect = DEFECTS[name];
    if (defect === undefined) throw new Error(name);
    const broken = planted([name]);
    const review = QualityReview.parse(reviewQuality(brief, broken.frameworks, broken.synthesis));
    expect(review.scores[defect.dimension]).toBeLessThan(clean.scores[defect.dimension]);
    expect(review.overall).toBeLessThan(clean.overall);
    const issue = review.issues.find((candidate) => candidate.dimension === defect.dimension && defect.section.test(candidate.section) && defect.message.test(candidate.message));
    expect(issue, `${name}: ${JSON.stringify(review.issues.map((entry) => `${entry.section}: ${entry.message}`))}`).toBeDefined();
  });

  it('scores a report with all the defects clearly lower than the clean one', () => {
    const broken = planted(Object.keys(DEFECTS));
    const review = QualityReview.parse(reviewQuality(brief, broken.frameworks, broken.synthesis));
    expect(clean.overall).toBeGreaterThanOrEqual(85);
    expect(review.overall).toBeLessThan(75);
    expect(clean.overall - review.overall).toBeGreaterThanOrEqual(20);
  });

  it('raises no text issue on the clean analysis', () => {
    expect(clean.issues.filter((issue) => /not a statement|cut off|same passage|pastes|repeats recommendation|one source|financial fact/.test(issue.message))).toEqual([]);
  });
});
