import { companyKey, type Report, type ReportDraft } from '../../reports/model/report.js';
import type { FrameworkName } from '../../reports/model/frameworks.js';
import { decodeCursor, encodeCursor } from '../pagination.js';
import type { ReportListQuery, ReportStore, ReportSummary } from '../ports/report-store.js';
import type { Page } from '../ports/run-store.js';

export function summarizeReport(report: Report): ReportSummary {
  return {
    id: report.id,
    runId: report.runId,
    tenantId: report.tenantId,
    companyName: report.company.name,
    companyKey: companyKey(report.company.name),
    version: report.version,
    status: report.status,
    frameworks: Object.keys(report.frameworks).filter((name) => report.frameworks[name as FrameworkName] !== undefined) as FrameworkName[],
    createdAt: report.createdAt,
    qualityOverall: report.quality.overall,
    confidenceScore: report.confidence.score,
  };
}

/** The sort key a cursor carries for each sort order. */
export function reportSortKey(summary: ReportSummary, sort: ReportListQuery['sort']): string {
  return sort === 'company' || sort === '-company' ? summary.companyKey : summary.createdAt;
}

export class MemoryReportStore implements ReportStore {
  private readonly reports = new Map<string, Report>();

  async saveReport(draft: ReportDraft): Promise<Report> {
    const existing = [...this.reports.values()].find((report) => report.tenantId === draft.tenantId && report.runId === draft.runId);
    if (existing) return structuredClone(existing);
    const key = companyKey(draft.company.name);
    const version =
      Math.max(0, ...[...this.reports.values()].filter((report) => report.tenantId === draft.tenantId && companyKey(report.company.name) === key).map((report) => report.version)) + 1;
    const report: Report = { ...structuredClone(draft), version };
    this.reports.set(report.id, report);
    return structuredClone(report);
  }

  async getReport(tenantId: string, reportId: string): Promise<Report | undefined> {
    const report = this.reports.get(reportId);
    return report && report.tenantId === tenantId ? structuredClone(report) : undefined;
  }

  async getReportByRun(tenantId: string, runId: string): Promise<Report | undefined> {
    const report = [...this.reports.values()].find((item) => item.tenantId === tenantId && item.runId === runId);
    return report ? structuredClone(report) : undefined;
  }

  async listReports(tenantId: string, query: ReportListQuery): Promise<Page<ReportSummary>> {
    const sort = query.sort ?? '-createdAt';
    const descending = sort.startsWith('-');
    const after = query.cursor ? decodeCursor(query.cursor) : undefined;
    const compare = (a: ReportSummary, b: ReportSummary): number => {
      const keyA = reportSortKey(a, sort);
      const keyB = reportSortKey(b, sort);
      const order = keyA < keyB ? -1 : keyA > keyB ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
      return descending ? -order : order;
    };
    const rows = [...this.reports.values()]
      .filter((report) => report.tenantId === tenantId)
      .map(summarizeReport)
      .filter((summary) => query.company === undefined || summary.companyKey === companyKey(query.company))
      .filter((summary) => query.framework === undefined || summary.frameworks.includes(query.framework))
      .filter((summary) => query.status === undefined || summary.status === query.status)
      .filter((summary) => query.createdAfter === undefined || summary.createdAt >= query.createdAfter)
      .filter((summary) => query.createdBefore === undefined || summary.createdAt < query.createdBefore)
      .sort(compare)
      .filter((summary) => {
        if (!after) return true;
        const key = reportSortKey(summary, sort);
        const beyond = descending ? key < after.key || (key === after.key && summary.id < after.id) : key > after.key || (key === after.key && summary.id > after.id);
        return beyond;
      });
    const items = rows.slice(0, query.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(reportSortKey(last, sort), last.id) : null };
  }

  async listVersions(tenantId: string, key: string): Promise<ReportSummary[]> {
    return [...this.reports.values()]
      .filter((report) => report.tenantId === tenantId && companyKey(report.company.name) === companyKey(key))
      .map(summarizeReport)
      .sort((a, b) => a.version - b.version);
  }

  async deleteReport(tenantId: string, reportId: string): Promise<boolean> {
    const report = this.reports.get(reportId);
    if (!report || report.tenantId !== tenantId) return false;
    this.reports.delete(reportId);
    return true;
  }
}
