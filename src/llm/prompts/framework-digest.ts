import { type CitedItem, FRAMEWORK_TITLES, type FrameworkResults, PORTER_FORCE_TITLES } from '../../reports/model/frameworks.js';
import type { Synthesis } from '../../reports/model/report.js';
import { escapeBlockContent } from './evidence-blocks.js';

const MAX_ITEM_CHARACTERS = 300;

function clip(text: string): string {
  const flat = escapeBlockContent(text).replace(/\s+/g, ' ').trim();
  return flat.length > MAX_ITEM_CHARACTERS ? `${flat.slice(0, MAX_ITEM_CHARACTERS - 1)}…` : flat;
}

function line(item: CitedItem, prefix = ''): string {
  return `- ${prefix}${clip(item.text)} [${item.evidenceIds.join(', ')}]`;
}

function section(title: string, items: readonly CitedItem[], prefix?: (item: CitedItem) => string): string[] {
  return items.length === 0 ? [] : [`${title}:`, ...items.map((item) => line(item, prefix?.(item)))];
}

/**
 * The framework analyses as compact cited lines rather than JSON: the synthesis and the review
 * need the claims and their evidence ids, not the structure, and this is a third of the tokens.
 */
export function renderFrameworkDigest(frameworks: FrameworkResults): string {
  const parts: string[] = [];
  if (frameworks.porter) {
    const porter = frameworks.porter;
    parts.push(`## ${FRAMEWORK_TITLES.porter} (industry attractiveness ${porter.industryAttractiveness}/5)`, clip(porter.summary));
    for (const force of porter.forces) {
      parts.push(`${PORTER_FORCE_TITLES[force.force]}: ${force.rating}/5 (${force.level}) — ${clip(force.rationale)} [${force.evidenceIds.join(', ')}]`);
      parts.push(...force.drivers.map((driver) => line(driver)));
    }
  }
  if (frameworks.swot) {
    const swot = frameworks.swot;
    parts.push(`## ${FRAMEWORK_TITLES.swot}`, clip(swot.summary), ...section('Strengths', swot.strengths), ...section('Weaknesses', swot.weaknesses), ...section('Opportunities', swot.opportunities), ...section('Threats', swot.threats));
  }
  if (frameworks.pestel) {
    const pestel = frameworks.pestel;
    const impact = (item: CitedItem): string => `(${(item as { impact?: string }).impact ?? 'neutral'}) `;
    parts.push(`## ${FRAMEWORK_TITLES.pestel}`, clip(pestel.summary));
    for (const factor of ['political', 'economic', 'social', 'technological', 'environmental', 'legal'] as const) {
      parts.push(...section(factor[0]!.toUpperCase() + factor.slice(1), pestel[factor], impact));
    }
  }
  if (frameworks.blue_ocean) {
    const ocean = frameworks.blue_ocean;
    parts.push(`## ${FRAMEWORK_TITLES.blue_ocean}`, clip(ocean.summary), ...section('Eliminate', ocean.eliminate), ...section('Reduce', ocean.reduce), ...section('Raise', ocean.raise), ...section('Create', ocean.create));
    if (ocean.strategyCanvas.length > 0) {
      parts.push('Strategy canvas (company vs competitors, 0–10):', ...ocean.strategyCanvas.map((factor) => `- ${clip(factor.factor)}: ${factor.company} vs ${factor.competitors} [${factor.evidenceIds.join(', ')}]`));
    }
  }
  return parts.join('\n');
}

/** The synthesis as cited lines, for the reviewer. */
export function renderSynthesisDigest(synthesis: Synthesis): string {
  return [
    `Executive summary: ${clip(synthesis.executiveSummary)} [${synthesis.summaryEvidenceIds.join(', ')}]`,
    ...section('Key findings', synthesis.keyFindings),
    ...section('Recommendations', synthesis.recommendations, (item) => {
      const recommendation = item as CitedItem & { priority?: string; horizon?: string };
      return `(${recommendation.priority ?? '?'} priority, ${recommendation.horizon ?? '?'}) `;
    }),
    ...section('Risks', synthesis.risks),
    ...(synthesis.nextSteps.length > 0 ? ['Next steps:', ...synthesis.nextSteps.map((step) => `- ${clip(step)}`)] : []),
    ...(synthesis.contextResponse ? [`Answer to the user's context: ${clip(synthesis.contextResponse.text)} [${synthesis.contextResponse.evidenceIds.join(', ')}]`] : []),
  ].join('\n');
}

/** Every evidence id the analyses cite, most cited first (ties keep first appearance). */
export function citedIdsByFrequency(frameworks: FrameworkResults): string[] {
  const counts = new Map<string, number>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        if (key !== 'evidenceIds' || !Array.isArray(child)) {
          visit(child);
          continue;
        }
        for (const id of child) if (typeof id === 'string') counts.set(id, (counts.get(id) ?? 0) + 1);
      }
    }
  };
  visit(frameworks);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([id]) => id);
}
