import type { JsonValue } from '../../core/json.js';
import type { Report } from '../../reports/model/report.js';
import type { ApiContext } from '../context.js';

const REPORT_CACHE_TTL_MS = 10 * 60_000;

export function reportCacheKey(tenantId: string, reportId: string): string {
  return `report:${tenantId}:${reportId}`;
}

/** Reads a report through the report cache (reports are immutable; deletion invalidates). */
export async function loadReport(context: ApiContext, tenantId: string, reportId: string): Promise<Report | undefined> {
  const key = reportCacheKey(tenantId, reportId);
  const cached = await context.app.reportCache.get(key);
  if (cached !== undefined) return cached as unknown as Report;
  const report = await context.app.stores.reports.getReport(tenantId, reportId);
  if (report) await context.app.reportCache.set(key, report as unknown as JsonValue, REPORT_CACHE_TTL_MS);
  return report;
}
