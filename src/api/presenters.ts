import type { ReportSummary } from '../core/ports/report-store.js';
import type { RunRecord } from '../core/ports/run-store.js';
import type { RunView } from '../app/run-views.js';
import type { RunDetail, RunSummary } from './schemas.js';

export function runLinks(runId: string): Record<string, string> {
  return {
    self: `/v1/runs/${runId}`,
    events: `/v1/runs/${runId}/events`,
    cancel: `/v1/runs/${runId}/cancel`,
    resume: `/v1/runs/${runId}/resume`,
  };
}

export function presentRun(run: RunRecord): RunSummary {
  const result = (run.result ?? {}) as { output?: { reportId?: string } };
  const reportId = result.output?.reportId ?? null;
  const company = (run.input as { company?: unknown } | null)?.company;
  return {
    id: run.id,
    status: run.status,
    workflow: run.workflow,
    workflowVersion: run.workflowVersion,
    company: typeof company === 'string' ? company : null,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    cancelRequested: run.cancelRequested,
    error: run.error,
    reportId,
    links: { ...runLinks(run.id), ...(reportId ? { report: `/v1/reports/${reportId}` } : {}) },
  };
}

export function presentRunDetail(view: RunView): RunDetail {
  return { ...presentRun(view.run), steps: view.steps, usage: view.usage, failedSteps: view.failedSteps };
}

export function presentReportSummary(summary: ReportSummary) {
  return {
    id: summary.id,
    runId: summary.runId,
    companyName: summary.companyName,
    companyKey: summary.companyKey,
    version: summary.version,
    status: summary.status,
    frameworks: summary.frameworks,
    createdAt: summary.createdAt,
    qualityOverall: summary.qualityOverall,
    confidenceScore: summary.confidenceScore,
    links: { self: `/v1/reports/${summary.id}`, export: `/v1/reports/${summary.id}/export`, run: `/v1/runs/${summary.runId}` },
  };
}
