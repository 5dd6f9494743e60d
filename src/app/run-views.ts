import type { RunRecord, StepAttempt } from '../core/ports/run-store.js';
import { ZERO_USAGE, addUsage } from '../llm/analyst.js';
import type { TokenUsage } from '../reports/model/report.js';

export interface StepSummary {
  id: string;
  agent: string;
  dependsOn: string[];
  /** The last attempt's status, or `pending`. */
  status: string;
  attempts: number;
  startedAt: string | null;
  endedAt: string | null;
  durationMs: number | null;
  error: StepAttempt['error'];
  usage: TokenUsage | null;
}

export interface RunView {
  run: RunRecord;
  company: string | null;
  reportId: string | null;
  steps: StepSummary[];
  usage: TokenUsage;
  failedSteps: string[];
}

/** What a person (CLI `runs show`, API `GET /v1/runs/{id}`) wants to know about a run. */
export function describeRun(run: RunRecord, attempts: readonly StepAttempt[]): RunView {
  const steps = run.plan.steps.map((step): StepSummary => {
    const own = attempts.filter((attempt) => attempt.stepId === step.id);
    const last = own[own.length - 1];
    const first = own[0];
    const durationMs = last?.endedAt ? Date.parse(last.endedAt) - Date.parse(last.startedAt) : null;
    return {
      id: step.id,
      agent: step.agent,
      dependsOn: step.dependsOn,
      status: last?.status ?? 'pending',
      attempts: own.length,
      startedAt: first?.startedAt ?? null,
      endedAt: last?.endedAt ?? null,
      durationMs,
      error: last?.error ?? null,
      usage: last?.usage ?? null,
    };
  });
  const usage = attempts.reduce((sum, attempt) => (attempt.usage ? addUsage(sum, attempt.usage) : sum), ZERO_USAGE);
  const result = (run.result ?? {}) as { failedSteps?: string[]; output?: { reportId?: string } };
  return {
    run,
    company: typeof (run.input as { company?: unknown } | null)?.company === 'string' ? (run.input as { company: string }).company : null,
    reportId: result.output?.reportId ?? null,
    steps,
    usage,
    failedSteps: result.failedSteps ?? [],
  };
}
