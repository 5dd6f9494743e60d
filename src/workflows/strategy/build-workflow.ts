import type { StepDefinition, WorkflowDefinition } from '../../core/workflow.js';
import type { AnalysisRequest } from '../../reports/model/report.js';

export const STRATEGY_WORKFLOW = 'strategy-analysis';
export const STRATEGY_WORKFLOW_VERSION = 1;

export interface StrategyWorkflowOptions {
  runConcurrency: number;
  stepTimeoutMs: number;
  /** Set when model calls are involved: model steps share one circuit per model. */
  modelCircuitKey?: string;
}

/**
 * The strategy-analysis DAG for one request. What runs depends on the request, not only what
 * a step reads:
 * - `quick` skips the market step and the challenge step; `deep` adds the challenge step that
 *   looks for counter-evidence to each recommendation before the quality review.
 * - a `context` adds the focus step, whose terms every framework step ranks evidence by.
 * - one framework step per requested framework, all in parallel.
 */
export function buildStrategyWorkflow(request: AnalysisRequest, options: StrategyWorkflowOptions): WorkflowDefinition {
  const policy = (extra: Partial<NonNullable<StepDefinition['policy']>> = {}): NonNullable<StepDefinition['policy']> => ({
    timeoutMs: options.stepTimeoutMs,
    retry: { maxAttempts: 3, initialDelayMs: 250, maxDelayMs: 4_000 },
    ...extra,
  });
  const modelPolicy = (optional: boolean) => policy({ optional, ...(options.modelCircuitKey ? { circuitKey: options.modelCircuitKey } : {}) });
  const steps: StepDefinition[] = [];
  const gather: string[] = [];

  steps.push({ id: 'research', agent: 'research', dependsOn: [], policy: policy() });
  gather.push('research');
  steps.push({ id: 'financial', agent: 'financial', dependsOn: [], policy: policy({ optional: true }) });
  gather.push('financial');
  if (request.depth !== 'quick') {
    steps.push({ id: 'market', agent: 'market', dependsOn: [], policy: policy({ optional: true }) });
    gather.push('market');
  }
  if (request.context) {
    steps.push({ id: 'focus', agent: 'focus', dependsOn: [], policy: policy({ optional: true }) });
    gather.push('focus');
  }

  const frameworkSteps = request.frameworks.map((framework) => `framework-${framework.replace('_', '-')}`);
  request.frameworks.forEach((framework, index) => {
    steps.push({ id: frameworkSteps[index]!, agent: 'framework', dependsOn: [...gather], params: { framework }, policy: modelPolicy(true) });
  });
  steps.push({ id: 'synthesis', agent: 'synthesis', dependsOn: [...gather, ...frameworkSteps], policy: modelPolicy(false) });
  const reviewInputs = ['synthesis'];
  if (request.depth === 'deep') {
    steps.push({ id: 'challenge', agent: 'challenge', dependsOn: [...gather, 'synthesis'], policy: policy({ optional: true }) });
    reviewInputs.push('challenge');
  }
  steps.push({ id: 'quality', agent: 'quality', dependsOn: [...gather, ...frameworkSteps, ...reviewInputs], policy: modelPolicy(false) });
  // The report step reads every output (timings, usage, generators), so it depends on all.
  steps.push({ id: 'report', agent: 'report', dependsOn: steps.map((step) => step.id), policy: policy() });

  return { name: STRATEGY_WORKFLOW, version: STRATEGY_WORKFLOW_VERSION, concurrency: options.runConcurrency, steps };
}
