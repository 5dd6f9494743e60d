import type { StepHandler } from '../core/engine.js';
import { ConsultantError } from '../core/errors.js';
import { toJsonValue } from '../core/json.js';
import type { QualityIssue, QualityReview } from '../reports/model/report.js';
import { ChallengeOutput, SynthesisOutput, readOutput } from '../workflows/strategy/outputs.js';
import { type AgentServices, analystCall, buildBrief, requestOf, timed } from './services.js';
import { frameworkResultsOf } from './synthesis-agent.js';

const MAX_ISSUES = 50;

/**
 * Quality review. Scores are always computed in code (the extractive reviewer), so they mean
 * the same thing on every run; a configured model adds its issues beside them. Challenges found
 * by a deep analysis become issues too.
 */
export function qualityAgent(services: AgentServices): StepHandler {
  return async (context) => {
    const synthesis = readOutput(SynthesisOutput, context.dependencies.synthesis);
    if (!synthesis) throw new ConsultantError('STEP_FAILED', 'The quality review needs the synthesis');
    const challenges = readOutput(ChallengeOutput, context.dependencies.challenge)?.challenges ?? [];
    const brief = await buildBrief(context);
    const frameworks = frameworkResultsOf(context.dependencies);
    const output = await timed(async () => {
      const computed = await services.extractive.quality(brief, { frameworks, synthesis: synthesis.synthesis }, context.signal);
      let usage = computed.usage;
      let generator = computed.generator;
      const issues: QualityIssue[] = [...computed.output.issues];
      // A model reviews when one is configured or the request names one (fast tier; never blocks the report).
      if (services.analyst.kind === 'model' || requestOf(context).model) {
        const reviewed = await services.analyst.quality(brief, { frameworks, synthesis: synthesis.synthesis }, context.signal, analystCall(context, 'fast', 'fallback'));
        usage = reviewed.usage;
        generator = reviewed.generator;
        if (reviewed.generator.kind === 'model') issues.push(...reviewed.output.issues.map((issue) => ({ ...issue, message: `Reviewer: ${issue.message}` })));
      }
      for (const challenge of challenges) {
        issues.push({ severity: 'info', dimension: 'consistency', section: 'Recommendations', message: challenge.text.slice(0, 1000) });
      }
      const quality: QualityReview = { ...computed.output, issues: issues.slice(0, MAX_ISSUES) };
      return { quality, generator, usage };
    });
    return { output: toJsonValue(output), usage: output.usage };
  };
}
