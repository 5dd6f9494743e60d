import type { Evidence } from '../reports/model/evidence.js';
import type { Depth } from '../reports/model/report.js';
import type { AnalysisBrief } from './analyst.js';
import { compileTerms, matchTerms } from './extractive/matcher.js';
import { PESTEL_TERMS, PORTER_FORCE_TERMS } from './extractive/lexicons.js';
import { indexStems } from './extractive/matcher.js';
import { stems } from './extractive/text.js';

/** Evidence blocks per prompt: bounds tokens per call (≈ 40k per standard four-framework report). */
export const PROMPT_EVIDENCE_LIMIT: Record<Depth, number> = { quick: 12, standard: 24, deep: 40 };

const PURPOSE_TERMS: Record<string, readonly string[]> = {
  porter: Object.values(PORTER_FORCE_TERMS).flat(),
  pestel: Object.values(PESTEL_TERMS).flat(),
  swot: ['strength', 'weakness', 'opportunity', 'threat', 'advantage', 'risk', 'growth', 'decline', 'margin', 'competitor', 'demand'],
  blue_ocean: ['price', 'cost', 'differentiate', 'customer', 'value', 'eliminate', 'reduce', 'raise', 'create', 'competitor', 'feature', 'service'],
};

/**
 * The evidence a model sees for one purpose: financial facts first (numbers come from code),
 * then passages ranked by the purpose's vocabulary and the user's focus terms, capped by depth.
 */
export function selectPromptEvidence(brief: AnalysisBrief, purpose: string): Evidence[] {
  const limit = PROMPT_EVIDENCE_LIMIT[brief.depth];
  const facts = brief.evidence.filter((item) => item.kind === 'financial-fact').slice(0, Math.ceil(limit / 3));
  const matcher = compileTerms([...(PURPOSE_TERMS[purpose] ?? PURPOSE_TERMS.swot!), ...brief.focusTerms]);
  const focus = compileTerms(brief.focusTerms);
  const ranked = brief.evidence
    .filter((item) => item.kind !== 'financial-fact')
    .map((item, order) => {
      const index = indexStems(stems(`${item.title} ${item.excerpt}`));
      const score = matchTerms(index, matcher).score + 2 * matchTerms(index, focus).score;
      return { item, score, order };
    })
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, limit - facts.length)
    .map((entry) => entry.item);
  return [...facts, ...ranked];
}
