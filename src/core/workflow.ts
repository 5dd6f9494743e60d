import { ConsultantError } from './errors.js';
import type { JsonObject } from './json.js';

/** How one step is run: its time limit, its retries, its circuit and whether it may fail. */
export interface StepPolicy {
  /** Per attempt. */
  timeoutMs: number;
  retry: {
    /** Total attempts, first one included. */
    maxAttempts: number;
    initialDelayMs: number;
    maxDelayMs: number;
  };
  /** Steps sharing a key (e.g. a model provider) share one circuit breaker per process. */
  circuitKey?: string;
  /** A failure ends the run `partial` instead of `failed`; dependents still run. */
  optional: boolean;
}

export const DEFAULT_STEP_POLICY: StepPolicy = {
  timeoutMs: 120_000,
  retry: { maxAttempts: 3, initialDelayMs: 200, maxDelayMs: 5_000 },
  optional: false,
};

export interface StepDefinition {
  /** Unique within the workflow: `research`, `framework-porter`… */
  id: string;
  /** Name of the registered handler that executes it. */
  agent: string;
  dependsOn: string[];
  /** Static parameters of the step (the framework name, the depth…). */
  params?: JsonObject;
  policy?: Partial<Omit<StepPolicy, 'retry'>> & { retry?: Partial<StepPolicy['retry']> };
}

/** A versioned DAG. Runs store it whole, so a resume executes exactly the planned steps. */
export interface WorkflowDefinition {
  name: string;
  version: number;
  steps: StepDefinition[];
  /** Steps of one run executing at once. */
  concurrency: number;
}

export function resolvePolicy(step: StepDefinition, defaults: StepPolicy = DEFAULT_STEP_POLICY): StepPolicy {
  const override = step.policy ?? {};
  const policy: StepPolicy = {
    timeoutMs: override.timeoutMs ?? defaults.timeoutMs,
    retry: { ...defaults.retry, ...(override.retry ?? {}) },
    optional: override.optional ?? defaults.optional,
  };
  const circuitKey = override.circuitKey ?? defaults.circuitKey;
  if (circuitKey !== undefined) policy.circuitKey = circuitKey;
  return policy;
}

export interface WorkflowProblem {
  kind: 'duplicate-step' | 'unknown-dependency' | 'self-dependency' | 'cycle' | 'empty' | 'invalid-policy' | 'invalid-id';
  stepId?: string;
  message: string;
}

const STEP_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Lists every problem of a definition (empty when valid). */
export function findWorkflowProblems(workflow: WorkflowDefinition): WorkflowProblem[] {
  const problems: WorkflowProblem[] = [];
  if (workflow.steps.length === 0) problems.push({ kind: 'empty', message: 'A workflow needs at least one step' });
  if (!Number.isInteger(workflow.concurrency) || workflow.concurrency < 1) {
    problems.push({ kind: 'invalid-policy', message: `concurrency must be a positive integer, got ${workflow.concurrency}` });
  }
  const ids = new Set<string>();
  for (const step of workflow.steps) {
    if (!STEP_ID_PATTERN.test(step.id)) {
      problems.push({ kind: 'invalid-id', stepId: step.id, message: `Step id "${step.id}" must match ${STEP_ID_PATTERN}` });
    }
    if (ids.has(step.id)) problems.push({ kind: 'duplicate-step', stepId: step.id, message: `Step "${step.id}" is defined twice` });
    ids.add(step.id);
    const policy = resolvePolicy(step);
    if (!(policy.timeoutMs > 0) || !Number.isInteger(policy.retry.maxAttempts) || policy.retry.maxAttempts < 1) {
      problems.push({ kind: 'invalid-policy', stepId: step.id, message: `Step "${step.id}" needs timeoutMs > 0 and retry.maxAttempts ≥ 1` });
    }
  }
  for (const step of workflow.steps) {
    for (const dependency of step.dependsOn) {
      if (dependency === step.id) {
        problems.push({ kind: 'self-dependency', stepId: step.id, message: `Step "${step.id}" depends on itself` });
      } else if (!ids.has(dependency)) {
        problems.push({ kind: 'unknown-dependency', stepId: step.id, message: `Step "${step.id}" depends on unknown step "${dependency}"` });
      }
    }
  }
  const cycle = findCycle(workflow.steps);
  if (cycle) problems.push({ kind: 'cycle', stepId: cycle[0], message: `Dependency cycle: ${cycle.join(' → ')}` });
  return problems;
}

/** Throws WORKFLOW_INVALID listing every problem. */
export function validateWorkflow(workflow: WorkflowDefinition): WorkflowDefinition {
  const problems = findWorkflowProblems(workflow);
  if (problems.length > 0) {
    throw new ConsultantError('WORKFLOW_INVALID', `Workflow ${workflow.name}@${workflow.version} is invalid: ${problems.map((p) => p.message).join('; ')}`, {
      details: { problems: problems.map((p) => ({ ...p })) },
    });
  }
  return workflow;
}

/** A cycle as a path that starts and ends at the same step, or undefined. */
function findCycle(steps: readonly StepDefinition[]): string[] | undefined {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | undefined => {
    const current = state.get(id);
    if (current === 'done') return undefined;
    if (current === 'visiting') return [...path.slice(path.indexOf(id)), id];
    state.set(id, 'visiting');
    path.push(id);
    for (const dependency of byId.get(id)?.dependsOn ?? []) {
      if (dependency === id || !byId.has(dependency)) continue;
      const found = visit(dependency);
      if (found) return found;
    }
    path.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const step of steps) {
    const found = visit(step.id);
    if (found) return found;
  }
  return undefined;
}

/** Steps in an order where every step comes after its dependencies. */
export function topologicalOrder(workflow: WorkflowDefinition): string[] {
  const order: string[] = [];
  const done = new Set<string>();
  const byId = new Map(workflow.steps.map((step) => [step.id, step]));
  const visit = (id: string): void => {
    if (done.has(id)) return;
    done.add(id);
    for (const dependency of byId.get(id)?.dependsOn ?? []) visit(dependency);
    order.push(id);
  };
  for (const step of workflow.steps) visit(step.id);
  return order;
}

/** Length of the longest dependency chain, weighting each step by `weight(stepId)`. */
export function criticalPathLength(workflow: WorkflowDefinition, weight: (stepId: string) => number): number {
  const finish = new Map<string, number>();
  const byId = new Map(workflow.steps.map((step) => [step.id, step]));
  for (const id of topologicalOrder(workflow)) {
    const step = byId.get(id);
    const start = Math.max(0, ...(step?.dependsOn ?? []).map((dependency) => finish.get(dependency) ?? 0));
    finish.set(id, start + weight(id));
  }
  return Math.max(0, ...finish.values());
}
