import { Report } from '../../reports/model/report.js';
import type { ApiContext } from '../context.js';

const REPORT_CACHE_TTL_MS = 10 * 60_000;

export function reportCacheKey(tenantId: string, reportId: string): string {
  return `report:${tenantId}:${reportId}`;
}

/**
 * A report's JSON text through the report cache (reports are immutable; deletion invalidates).
 * The cache holds the serialized text, so a hit costs neither a clone of the object graph nor a
 * second serialization: `GET /v1/reports/{id}` sends it as it is.
 */
export async function loadReportJson(context: ApiContext, tenantId: string, reportId: string): Promise<string | undefined> {
  const key = reportCacheKey(tenantId, reportId);
  const cached = await context.app.reportCache.get(key);
  if (typeof cached === 'string') return cached;
  const stored = await context.app.stores.reports.getReport(tenantId, reportId);
  if (!stored) return undefined;
  // Validated once, when the cache is filled: hits are then sent as they are, with only the
  // schema's fields (a row written by an older or faulty writer never goes out unchecked).
  const json = JSON.stringify(Report.parse(stored));
  await context.app.reportCache.set(key, json, REPORT_CACHE_TTL_MS);
  return json;
}

/** A report through the report cache, as an object (exports, comparison, sharing). */
export async function loadReport(context: ApiContext, tenantId: string, reportId: string): Promise<Report | undefined> {
  const json = await loadReportJson(context, tenantId, reportId);
  return json === undefined ? undefined : (JSON.parse(json) as Report);
}
