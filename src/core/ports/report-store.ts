import type { Report, ReportDraft } from '../../reports/model/report.js';
import type { FrameworkName } from '../../reports/model/frameworks.js';
import type { Page } from './run-store.js';

/** What lists show: enough to pick a report without loading it whole. */
export interface ReportSummary {
  id: string;
  runId: string;
  tenantId: string;
  companyName: string;
  companyKey: string;
  version: number;
  status: Report['status'];
  frameworks: FrameworkName[];
  createdAt: string;
  qualityOverall: number;
  confidenceScore: number;
}

export type ReportSort = 'createdAt' | '-createdAt' | 'company' | '-company';

export interface ReportListQuery {
  /** Matches the normalised company key exactly. */
  company?: string;
  framework?: FrameworkName;
  status?: Report['status'];
  createdAfter?: string;
  createdBefore?: string;
  sort?: ReportSort;
  limit: number;
  cursor?: string;
}

/**
 * Reports, stored whole and versioned per company within a tenant. Every read is scoped by
 * tenant: another tenant's report does not exist.
 */
export interface ReportStore {
  /**
   * Saves a report as the next version for its company, atomically. Idempotent per run: saving
   * a second report for the same run returns the first, so a re-executed final step never
   * creates two versions.
   */
  saveReport(draft: ReportDraft): Promise<Report>;
  getReport(tenantId: string, reportId: string): Promise<Report | undefined>;
  getReportByRun(tenantId: string, runId: string): Promise<Report | undefined>;
  listReports(tenantId: string, query: ReportListQuery): Promise<Page<ReportSummary>>;
  /** Every version of one company's reports, oldest first. */
  listVersions(tenantId: string, companyKey: string): Promise<ReportSummary[]>;
  /** `true` when something was deleted. */
  deleteReport(tenantId: string, reportId: string): Promise<boolean>;
}
