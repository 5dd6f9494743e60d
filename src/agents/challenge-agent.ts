import type { StepHandler } from '../core/engine.js';
import { toJsonValue } from '../core/json.js';
import type { AnalysisBrief } from '../llm/analyst.js';
import { citations, knownEvidenceIds } from '../llm/extractive/items.js';
import { compileTerms, hasAnyTerm } from '../llm/extractive/matcher.js';
import { buildPassages } from '../llm/extractive/passages.js';
import { sentimentOf } from '../llm/extractive/sentiment.js';
import { clip, shortPhrase, stems } from '../llm/extractive/text.js';
import type { CitedItem } from '../reports/model/frameworks.js';
import type { Synthesis } from '../reports/model/report.js';
import { SynthesisOutput, readOutput } from '../workflows/strategy/outputs.js';
import { buildBrief, timed } from './services.js';

const CONTRAST_CUES = compileTerms(['however', 'but', 'although', 'despite', 'risk', 'uncertain', 'uncertainty', 'challenge', 'constraint', 'delay', 'shortage', 'decline', 'pressure', 'limited', 'unproven', 'depend', 'dependence', 'threat', 'concern', 'headwind']);
const STOP_STEMS = new Set(['the', 'and', 'for', 'with', 'that', 'this', 'from', 'its', 'our', 'their', 'into', 'will', 'are', 'has', 'have', 'was', 'were']);

function keyStems(text: string): Set<string> {
  return new Set(stems(text).filter((value) => value.length > 3 && !STOP_STEMS.has(value)));
}

/**
 * For each recommendation, the strongest sentence in the evidence that argues against it or
 * names what could make it fail: shares vocabulary with the recommendation and carries a
 * contrast or risk cue or negative sentiment. Deterministic; cites what it quotes.
 */
export function findChallenges(brief: AnalysisBrief, synthesis: Synthesis): CitedItem[] {
  const known = knownEvidenceIds(brief);
  const passages = buildPassages(brief);
  const used = new Set<string>();
  const challenges: CitedItem[] = [];
  for (const recommendation of synthesis.recommendations) {
    const target = keyStems(`${recommendation.text} ${recommendation.rationale}`);
    const cited = new Set(recommendation.evidenceIds);
    let best: { score: number; text: string; ids: readonly string[] } | undefined;
    for (const passage of passages) {
      if (used.has(passage.text) || passage.evidenceIds.some((id) => cited.has(id))) continue;
      const overlap = passage.index.stems.filter((value) => target.has(value)).length;
      if (overlap < 2) continue;
      const contrast = hasAnyTerm(passage.index, CONTRAST_CUES);
      const sentiment = sentimentOf(passage.index).score;
      if (!contrast && sentiment >= 0) continue;
      const score = overlap + (contrast ? 2 : 0) + Math.max(0, -sentiment) + passage.specificity;
      if (!best || score > best.score) best = { score, text: passage.text, ids: passage.evidenceIds };
    }
    if (!best) continue;
    const ids = citations(best.ids, known);
    if (ids.length === 0) continue;
    used.add(best.text);
    challenges.push({ text: clip(`Challenge to "${shortPhrase(recommendation.text, 90)}": ${best.text}`, 1200), evidenceIds: ids });
  }
  return challenges;
}

/** Deep analyses only: a devil's-advocate pass over the recommendations before the review. */
export function challengeAgent(): StepHandler {
  return async (context) => {
    const synthesis = readOutput(SynthesisOutput, context.dependencies.synthesis);
    const brief = await buildBrief(context);
    const output = await timed(async () => ({ challenges: synthesis ? findChallenges(brief, synthesis.synthesis) : [] }));
    await context.progress(`${output.challenges.length} recommendations challenged by counter-evidence`);
    return { output: toJsonValue(output) };
  };
}
