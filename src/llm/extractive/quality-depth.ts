import { ERRC_ACTIONS, PESTEL_FACTORS, SWOT_QUADRANTS } from '../../reports/model/frameworks.js';
import type { FrameworkResults } from '../../reports/model/frameworks.js';
import type { QualityIssue, Synthesis } from '../../reports/model/report.js';
import type { DepthSettings } from './passages.js';

interface Section {
  name: string;
  count: number;
}

/**
 * 0–100 for one framework: half for covering every sub-section, half for how full they are
 * against the depth's target. A target of 60 % of the list budget counts as full, because the
 * budget is a ceiling, not a quota.
 */
function sectionScore(sections: readonly Section[], target: number, issues: QualityIssue[], emptyMessage: string): number {
  if (sections.length === 0) return 0;
  const covered = sections.filter((section) => section.count > 0).length / sections.length;
  const fill = sections.reduce((sum, section) => sum + Math.min(1, section.count / target), 0) / sections.length;
  for (const section of sections) {
    if (section.count === 0) issues.push({ severity: 'warning', dimension: 'depth', section: section.name, message: emptyMessage });
  }
  return 100 * (0.5 * covered + 0.5 * fill);
}

export function measureDepth(frameworks: FrameworkResults, synthesis: Synthesis, settings: DepthSettings, issues: QualityIssue[]): number {
  const target = Math.max(1, Math.ceil(settings.itemsPerList * 0.6));
  const scores: number[] = [];
  if (frameworks.porter !== undefined) {
    const sections = frameworks.porter.forces.map((force) => ({ name: `porter.${force.force}`, count: force.drivers.length }));
    scores.push(sectionScore(sections, target, issues, 'No drivers support this force.'));
  }
  const swot = frameworks.swot;
  if (swot !== undefined) {
    const sections = SWOT_QUADRANTS.map((quadrant) => ({ name: `swot.${quadrant}`, count: (swot[quadrant] ?? []).length }));
    scores.push(sectionScore(sections, target, issues, 'This quadrant is empty.'));
  }
  const pestel = frameworks.pestel;
  if (pestel !== undefined) {
    const sections = PESTEL_FACTORS.map((factor) => ({ name: `pestel.${factor}`, count: (pestel[factor] ?? []).length }));
    scores.push(sectionScore(sections, target, issues, 'No item covers this factor.'));
  }
  const blueOcean = frameworks.blue_ocean;
  if (blueOcean !== undefined) {
    const sections = ERRC_ACTIONS.map((action) => ({ name: `blue_ocean.${action}`, count: (blueOcean[action] ?? []).length }));
    // Four factors make a readable canvas; scaled to the list target so it weighs like a list.
    sections.push({ name: 'blue_ocean.strategyCanvas', count: (Math.min(4, (blueOcean.strategyCanvas ?? []).length) / 4) * target });
    scores.push(sectionScore(sections, target, issues, 'Nothing in this part of the Blue Ocean analysis.'));
  }
  if (scores.length === 0) {
    issues.push({ severity: 'critical', dimension: 'depth', section: 'frameworks', message: 'No framework result to review.' });
    scores.push(0);
  }
  const synthesisSections = [
    { name: 'synthesis.keyFindings', count: (synthesis.keyFindings ?? []).filter((item) => (item.evidenceIds ?? []).length > 0).length },
    { name: 'synthesis.recommendations', count: (synthesis.recommendations ?? []).length },
    { name: 'synthesis.risks', count: (synthesis.risks ?? []).length },
    { name: 'synthesis.nextSteps', count: (synthesis.nextSteps ?? []).length },
  ];
  scores.push(sectionScore(synthesisSections, target, issues, 'This part of the synthesis is empty or unsupported.'));
  return scores.reduce((sum, score) => sum + score, 0) / scores.length;
}
