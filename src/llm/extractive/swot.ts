import { SWOT_QUADRANTS } from '../../reports/model/frameworks.js';
import type { CitedItem, SwotQuadrant, SwotResult } from '../../reports/model/frameworks.js';
import type { AnalysisBrief } from '../analyst.js';
import { knownEvidenceIds, passageItem, takeDistinct } from './items.js';
import {
  COMPETITOR_STRENGTH_TERMS,
  COMPETITOR_WEAKNESS_TERMS,
  EXTERNAL_TERMS,
  INTERNAL_TERMS,
  LITIGATION_TERMS,
  MACRO_TERMS,
  OPPORTUNITY_TERMS,
  STRENGTH_TERMS,
  THREAT_TERMS,
  WEAKNESS_TERMS,
} from './lexicons.js';
import { compileTerms, findTerm, matchTerms, presentTerms, termPositions } from './matcher.js';
import type { TermMatcher } from './matcher.js';
import { buildPassages, depthSettings, selectPassages } from './passages.js';
import type { Passage } from './passages.js';
import { sentimentOf } from './sentiment.js';
import { EMPTY_SWOT_CONTEXT, perspectiveOf, swotContext } from './swot-attribution.js';
import type { SwotContext } from './swot-attribution.js';
import { metricFindings } from './swot-metrics.js';
import { leadClause } from './phrases.js';
import { clip, tidy } from './text.js';

const INTERNAL = compileTerms(INTERNAL_TERMS);
const EXTERNAL = compileTerms(EXTERNAL_TERMS);
const MACRO = compileTerms(MACRO_TERMS);
const STRENGTH = compileTerms(STRENGTH_TERMS);
const WEAKNESS = compileTerms(WEAKNESS_TERMS);
const OPPORTUNITY = compileTerms(OPPORTUNITY_TERMS);
const THREAT = compileTerms(THREAT_TERMS);
const LITIGATION = compileTerms(LITIGATION_TERMS);
const COMPETITOR_WEAKNESS = compileTerms(COMPETITOR_WEAKNESS_TERMS);
const COMPETITOR_STRENGTH = compileTerms(COMPETITOR_STRENGTH_TERMS);
const NEUTRALISERS = compileTerms(['not affected', 'not been affected', 'unaffected', 'no material impact', 'not impacted']);
const SCHEMA_MAX_ITEMS = 10;

export interface SwotClassification {
  quadrant: SwotQuadrant;
  relevance: number;
  internal: boolean;
  polarity: number;
}

/** A rival's move or advantage threatens the company; its weak spot, if the company is not hit too, opens a door. */
function fromCompetitor(passage: Passage, polarity: number, cues: number): SwotClassification | undefined {
  const index = passage.index;
  const weak = matchTerms(index, COMPETITOR_WEAKNESS).score;
  const strong = matchTerms(index, COMPETITOR_STRENGTH).score;
  if (weak > strong && !passage.mentionsCompany) {
    return { quadrant: 'opportunities', relevance: 1 + weak + 0.5 * cues, internal: false, polarity: -Math.max(1, Math.abs(polarity)) };
  }
  if (strong === 0 && polarity === 0 && cues === 0) return undefined;
  return { quadrant: 'threats', relevance: 1 + strong + Math.abs(polarity) + 0.5 * cues, internal: false, polarity: -Math.max(1, Math.abs(polarity)) };
}

/**
 * Internal vs external from whose situation the sentence describes (the company, a rival, the
 * market or the state around it); positive vs negative from sentiment plus the quadrant cue
 * words. Instructions, headings and fragments are skipped, and so are sentences with no polarity.
 */
export function classifySwot(passage: Passage, context: SwotContext = EMPTY_SWOT_CONTEXT): SwotClassification | undefined {
  if (!passage.statement) return undefined;
  const index = passage.index;
  // "Revenue, operating loss and net loss were not affected": problems listed before a
  // "not affected" are what was spared, so only cues after it count.
  const spared = Math.max(-1, ...termPositions(index, NEUTRALISERS));
  const after = (matcher: TermMatcher): number => (spared < 0 ? matchTerms(index, matcher).score : presentTerms(index, matcher).filter((term) => findTerm(index, term).some((position) => position > spared)).reduce((sum, term) => sum + term.weight, 0));
  const strength = matchTerms(index, STRENGTH).score;
  const weakness = after(WEAKNESS);
  const opportunity = matchTerms(index, OPPORTUNITY).score;
  const threat = after(THREAT);
  const cues = strength + weakness + opportunity + threat;
  const polarity = sentimentOf(index).score + strength + opportunity - weakness - threat;
  const perspective = perspectiveOf(passage, context);
  if (perspective === 'competitor') return fromCompetitor(passage, polarity, cues);
  // A court case over the company is a legal risk, whatever credit the sentence gives it.
  if (matchTerms(index, LITIGATION).score > 0 && polarity <= 1) {
    return { quadrant: 'threats', relevance: 1 + Math.abs(polarity) + 0.5 * cues, internal: false, polarity: Math.min(-1, polarity) };
  }
  if (polarity === 0) return undefined;
  const internalScore = (passage.subject.company ? 3 : passage.mentionsCompany ? 1 : 0) + matchTerms(index, INTERNAL).score;
  const externalScore = matchTerms(index, EXTERNAL).score + matchTerms(index, MACRO).score + (perspective === 'external' ? 2 : 0);
  let internal: boolean;
  if (internalScore !== externalScore) internal = internalScore > externalScore;
  else if (internalScore > 0) internal = passage.mentionsCompany;
  else internal = strength + weakness > opportunity + threat;
  const quadrant: SwotQuadrant = internal ? (polarity > 0 ? 'strengths' : 'weaknesses') : polarity > 0 ? 'opportunities' : 'threats';
  return { quadrant, relevance: Math.abs(polarity) + 0.5 * cues + 0.25 * Math.max(internalScore, externalScore), internal, polarity };
}

export function extractSwot(brief: AnalysisBrief): SwotResult {
  const settings = depthSettings(brief.depth);
  const known = knownEvidenceIds(brief);
  const limit = Math.min(SCHEMA_MAX_ITEMS, settings.itemsPerList);
  const passages = buildPassages(brief);
  const context = swotContext(brief, passages);
  const selected = selectPassages(passages, settings, (passage) => {
    const classified = classifySwot(passage, context);
    return classified === undefined ? undefined : { relevance: classified.relevance, value: classified.quadrant };
  });
  const metrics = metricFindings(brief.metrics, known);
  // Metrics come from filings and are exact, so they lead; capping them keeps room for text.
  const metricSlots = Math.max(1, Math.floor(limit / 2));
  const result = {} as Record<SwotQuadrant, CitedItem[]>;
  for (const quadrant of SWOT_QUADRANTS) {
    const fromMetrics = metrics.filter((finding) => finding.quadrant === quadrant).slice(0, metricSlots).map((finding) => finding.item);
    const fromText = selected.filter((entry) => entry.value === quadrant).map((entry) => passageItem(entry.passage, known));
    result[quadrant] = takeDistinct([...fromMetrics, ...fromText], (item) => item.text, limit);
  }
  return { ...result, summary: swotSummary(brief, result) };
}

function swotSummary(brief: AnalysisBrief, result: Record<SwotQuadrant, CitedItem[]>): string {
  const company = brief.company.name;
  const total = SWOT_QUADRANTS.reduce((sum, quadrant) => sum + result[quadrant].length, 0);
  if (total === 0) {
    return `No evidence retrieved supports a SWOT assessment of ${company}; all four quadrants are empty until sources are added.`;
  }
  const counts = SWOT_QUADRANTS.map((quadrant) => `${result[quadrant].length} ${quadrant}`).join(', ');
  const parts = [`SWOT for ${company} from retrieved evidence: ${counts}.`];
  const strength = result.strengths[0];
  const weakness = result.weaknesses[0];
  const opportunity = result.opportunities[0];
  const threat = result.threats[0];
  if (strength !== undefined) parts.push(`Leading strength: ${leadClause(strength.text)}.`);
  if (weakness !== undefined) parts.push(`Main weakness: ${leadClause(weakness.text)}.`);
  if (opportunity !== undefined) parts.push(`Main opportunity: ${leadClause(opportunity.text)}.`);
  if (threat !== undefined) parts.push(`Main threat: ${leadClause(threat.text)}.`);
  const empty = SWOT_QUADRANTS.filter((quadrant) => result[quadrant].length === 0);
  if (empty.length > 0) parts.push(`No evidence found for: ${empty.join(', ')}.`);
  return clip(tidy(parts.join(' ')), 2000);
}
