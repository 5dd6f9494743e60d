import type { Evidence } from './model/evidence.js';
import type { Financials } from './model/financials.js';
import type { CitationStats, Confidence, DataGap, Depth, QualityReview } from './model/report.js';

const EVIDENCE_TARGET: Record<Depth, number> = { quick: 20, standard: 40, deep: 80 };
const GAP_PENALTY: Record<DataGap['impact'], number> = { high: 8, medium: 4, low: 1 };

export interface ConfidenceInput {
  depth: Depth;
  evidence: readonly Evidence[];
  financials: Financials | undefined;
  citations: CitationStats;
  quality: QualityReview;
  dataGaps: readonly DataGap[];
}

/**
 * How far a reader can rely on the report, 0–100, from what the run actually had: the volume
 * and variety of evidence, computed financials, how many citations survived the check, the
 * quality review, minus a penalty per data gap. Weights: volume 25, variety 15, financials 20,
 * citations 15, quality 25.
 */
export function assessConfidence(input: ConfidenceInput): Confidence {
  const volume = Math.min(1, input.evidence.length / EVIDENCE_TARGET[input.depth]);
  const kinds = new Set(input.evidence.map((item) => item.kind)).size;
  const variety = Math.min(1, kinds / 3);
  const metricCount = input.financials?.metrics.length ?? 0;
  const financial = Math.min(1, metricCount / 5);
  const totalCitations = input.citations.verified + input.citations.removedInvalid;
  const citation = totalCitations === 0 ? 0 : input.citations.verified / totalCitations;
  const quality = input.quality.overall / 100;
  const penalty = Math.min(30, input.dataGaps.reduce((sum, gap) => sum + GAP_PENALTY[gap.impact], 0));
  const raw = 25 * volume + 15 * variety + 20 * financial + 15 * citation + 25 * quality - penalty;
  const score = Math.round(Math.max(0, Math.min(100, raw)));
  const level = score >= 70 ? 'high' : score >= 45 ? 'medium' : 'low';
  const parts = [
    `${input.evidence.length} evidence items from ${kinds} kind(s) of source`,
    metricCount > 0 ? `${metricCount} financial metrics computed from filed facts` : 'no financial metrics',
    totalCitations > 0 ? `${Math.round(citation * 100)} % of citations verified` : 'no citations',
    `quality review ${Math.round(input.quality.overall)}/100`,
  ];
  if (input.dataGaps.length > 0) parts.push(`${input.dataGaps.length} data gap(s)`);
  return { score, level, rationale: `${parts.join('; ')}.`, dataGaps: [...input.dataGaps] };
}
