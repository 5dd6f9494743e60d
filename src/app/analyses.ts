import type { RunRecord } from '../core/ports/run-store.js';
import type { AnalysisRequest } from '../reports/model/report.js';
import { buildStrategyWorkflow } from '../workflows/strategy/build-workflow.js';
import type { Application } from './application.js';

export interface SubmitAnalysisOptions {
  tenantId: string;
  idempotencyKey?: string;
  priority?: number;
  /** Put the run on the job queue (service mode); the CLI executes it in the foreground instead. */
  enqueue: boolean;
}

/**
 * Builds the DAG of a request validated by `prepareAnalysis` and stores a queued run. Shared by
 * the CLI and the HTTP API so both submit exactly the same way.
 */
export async function submitAnalysis(app: Application, request: AnalysisRequest, options: SubmitAnalysisOptions): Promise<{ run: RunRecord; created: boolean; request: AnalysisRequest }> {
  const config = app.config;
  const workflow = buildStrategyWorkflow(request, {
    runConcurrency: config.engine.runConcurrency,
    stepTimeoutMs: config.engine.stepTimeoutMs,
    ...(app.analyst.kind === 'model' ? { modelCircuitKey: `model:${config.models.fast}` } : {}),
  });
  const { run, created } = await app.engine.submit({
    tenantId: options.tenantId,
    workflow,
    input: request as never,
    ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
    ...(options.priority !== undefined ? { priority: options.priority } : {}),
  });
  if (options.enqueue) await app.queue.enqueue({ runId: run.id, priority: run.priority });
  return { run, created, request };
}
