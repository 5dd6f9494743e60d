import { z } from 'zod';
import { RUN_STATUSES } from '../core/ports/run-store.js';
import { FrameworkName, FRAMEWORK_NAMES } from '../reports/model/frameworks.js';
import { Depth, Report } from '../reports/model/report.js';

/**
 * The HTTP request for an analysis. Unlike the CLI it takes no server file paths: a client can
 * never make the server read its own disk.
 */
export const AnalysisSubmission = z
  .strictObject({
    company: z.string().trim().min(1).max(200),
    industry: z.string().trim().min(1).max(200).optional(),
    frameworks: z.array(FrameworkName).min(1).max(4).default([...FRAMEWORK_NAMES]),
    depth: Depth.default('standard'),
    context: z.string().trim().min(1).max(4000).optional(),
    model: z.string().min(3).max(200).optional(),
    /** Caps of this run's model spend, on top of the configured and tier ones (the lower wins). */
    budget: z
      .strictObject({
        maxTokens: z.number().int().positive().max(1_000_000_000).optional(),
        maxCostUsd: z.number().positive().max(1_000_000).optional(),
      })
      .optional(),
    /** Ask no network evidence source: the analysis uses only what needs no request. */
    offline: z.boolean().optional(),
  })
  .meta({ id: 'AnalysisSubmission' });

export const ErrorInfo = z.object({ code: z.string(), category: z.string(), retryable: z.boolean(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() });

export const Links = z.record(z.string(), z.string());

export const RunSummary = z
  .object({
    id: z.string(),
    status: z.enum(RUN_STATUSES),
    workflow: z.string(),
    workflowVersion: z.number().int(),
    company: z.string().nullable(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    endedAt: z.string().nullable(),
    cancelRequested: z.boolean(),
    error: ErrorInfo.nullable(),
    reportId: z.string().nullable(),
    links: Links,
  })
  .meta({ id: 'RunSummary' });
export type RunSummary = z.infer<typeof RunSummary>;

export const UsageTotals = z.object({ inputTokens: z.number(), outputTokens: z.number(), cachedTokens: z.number(), costUsd: z.number(), calls: z.number() });

export const StepView = z.object({
  id: z.string(),
  agent: z.string(),
  dependsOn: z.array(z.string()),
  status: z.string(),
  attempts: z.number().int(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  durationMs: z.number().nullable(),
  error: ErrorInfo.nullable(),
  usage: UsageTotals.nullable(),
});

export const RunDetail = RunSummary.extend({ steps: z.array(StepView), usage: UsageTotals, failedSteps: z.array(z.string()) }).meta({ id: 'RunDetail' });
export type RunDetail = z.infer<typeof RunDetail>;

export const RunPage = z.object({ items: z.array(RunSummary), nextCursor: z.string().nullable() }).meta({ id: 'RunPage' });

export const AnalysisAccepted = z
  .object({ run: RunSummary, report: Report.optional() })
  .meta({ id: 'AnalysisAccepted' });

export const ReportSummaryView = z
  .object({
    id: z.string(),
    runId: z.string(),
    companyName: z.string(),
    companyKey: z.string(),
    version: z.number().int(),
    status: z.enum(['succeeded', 'partial']),
    frameworks: z.array(FrameworkName),
    createdAt: z.string(),
    qualityOverall: z.number(),
    confidenceScore: z.number(),
    links: Links,
  })
  .meta({ id: 'ReportSummary' });

export const ReportPage = z.object({ items: z.array(ReportSummaryView), nextCursor: z.string().nullable() }).meta({ id: 'ReportPage' });

export const RunIdParams = z.strictObject({ id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/) });

export const Limit = z.coerce.number().int().min(1).max(200).default(20);
export const Cursor = z.string().min(1).max(512).optional();
const IsoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

export const RunListQuery = z.strictObject({ status: z.enum(RUN_STATUSES).optional(), limit: Limit, cursor: Cursor });

export const ReportListQuery = z.strictObject({
  company: z.string().trim().min(1).max(200).optional(),
  framework: FrameworkName.optional(),
  status: z.enum(['succeeded', 'partial']).optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  sort: z.enum(['createdAt', '-createdAt', 'company', '-company']).default('-createdAt'),
  limit: Limit,
  cursor: Cursor,
});

export const EventsQuery = z.strictObject({ after: z.coerce.number().int().min(0).optional() });
