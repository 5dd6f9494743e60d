import type { StepHandler } from '../core/engine.js';
import { toJsonValue } from '../core/json.js';
import { FRAMEWORK_SCHEMAS, type FrameworkResults } from '../reports/model/frameworks.js';
import { FrameworkOutput, readOutput } from '../workflows/strategy/outputs.js';
import { type AgentServices, analystCall, buildBrief, timed } from './services.js';

/** The framework results the run produced, read from the framework steps' outputs. */
export function frameworkResultsOf(dependencies: Record<string, unknown>): FrameworkResults {
  const results: FrameworkResults = {};
  for (const [stepId, value] of Object.entries(dependencies)) {
    if (!stepId.startsWith('framework-')) continue;
    const output = readOutput(FrameworkOutput, value);
    if (!output) continue;
    const schema = FRAMEWORK_SCHEMAS[output.framework];
    (results as Record<string, unknown>)[output.framework] = schema.parse(output.result);
  }
  return results;
}

/**
 * The executive synthesis. Strong tier, streamed (progress events as it arrives); the report
 * cannot do without it, so an exhausted budget makes the extractive analyst write it instead.
 */
export function synthesisAgent(services: AgentServices): StepHandler {
  return async (context) => {
    const brief = await buildBrief(context);
    const frameworks = frameworkResultsOf(context.dependencies);
    const output = await timed(async () => {
      const result = await services.analyst.synthesis(brief, { frameworks }, context.signal, analystCall(context, 'strong', 'fallback'));
      return { synthesis: result.output, generator: result.generator, usage: result.usage };
    });
    return { output: toJsonValue(output), usage: output.usage };
  };
}
