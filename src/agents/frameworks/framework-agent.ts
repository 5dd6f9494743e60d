import type { StepHandler } from '../../core/engine.js';
import { ConsultantError } from '../../core/errors.js';
import { toJsonValue } from '../../core/json.js';
import { FrameworkName } from '../../reports/model/frameworks.js';
import { type AgentServices, analystCall, buildBrief, timed } from '../services.js';

/**
 * One framework (Porter, SWOT, PESTEL, Blue Ocean) over the run's evidence. Fast tier; the step
 * is optional, so an exhausted budget fails it (BUDGET_EXCEEDED) and the run ends partial.
 */
export function frameworkAgent(services: AgentServices): StepHandler {
  return async (context) => {
    const parsed = FrameworkName.safeParse(context.params.framework);
    if (!parsed.success) throw new ConsultantError('UNKNOWN_FRAMEWORK', `Unknown framework ${String(context.params.framework)}`);
    const framework = parsed.data;
    const brief = await buildBrief(context);
    await context.progress(`analysing ${brief.evidence.length} evidence items`);
    const output = await timed(async () => {
      const result = await services.analyst.framework(framework, brief, context.signal, analystCall(context, 'fast', 'fail'));
      return { framework, result: result.output, generator: result.generator, usage: result.usage };
    });
    return { output: toJsonValue(output), usage: output.usage };
  };
}
