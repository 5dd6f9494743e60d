import type { Kysely } from 'kysely';
import { ConsultantError } from '../../core/errors.js';
import { parseStoredJson } from '../../core/json.js';
import { summarizeReport } from '../../core/memory/memory-report-store.js';
import { decodeCursor, encodeCursor } from '../../core/pagination.js';
import type { ReportListQuery, ReportStore, ReportSummary } from '../../core/ports/report-store.js';
import type { Page } from '../../core/ports/run-store.js';
import type { FrameworkName } from '../../reports/model/frameworks.js';
import { companyKey, type Report, type ReportDraft } from '../../reports/model/report.js';
import type { Database, ReportsTable } from '../schema.js';
import { lockKeyForTransaction } from './dialect.js';
import { isUniqueViolation } from './rows.js';

const SUMMARY_COLUMNS = ['id', 'run_id', 'tenant_id', 'company_name', 'company_key', 'version', 'status', 'frameworks', 'created_at', 'quality_overall', 'confidence_score'] as const;
type SummaryRow = Pick<ReportsTable, (typeof SUMMARY_COLUMNS)[number]>;

function rowToSummary(row: SummaryRow): ReportSummary {
  return {
    id: row.id,
    runId: row.run_id,
    tenantId: row.tenant_id,
    companyName: row.company_name,
    companyKey: row.company_key,
    version: Number(row.version),
    status: row.status as ReportSummary['status'],
    frameworks: row.frameworks.split(',').filter(Boolean) as FrameworkName[],
    createdAt: row.created_at,
    qualityOverall: Number(row.quality_overall),
    confidenceScore: Number(row.confidence_score),
  };
}

/** Reports over Kysely (SQLite and PostgreSQL): the whole report as JSON plus indexed columns. */
export class SqlReportStore implements ReportStore {
  constructor(private readonly db: Kysely<Database>) {}

  async saveReport(draft: ReportDraft): Promise<Report> {
    const key = companyKey(draft.company.name);
    // Concurrent saves for one company can pick the same next version; the unique index makes
    // one of them fail, and it retries with the next number. On PostgreSQL a per-company lock
    // serialises the savers first, so the retry stays a safety net instead of a busy loop.
    for (let attempt = 0; attempt < 8; attempt += 1) {
      try {
        return await this.db.transaction().execute(async (trx) => {
          await lockKeyForTransaction(trx, `report-version:${draft.tenantId}:${key}`);
          const existing = await trx.selectFrom('reports').select('body').where('tenant_id', '=', draft.tenantId).where('run_id', '=', draft.runId).executeTakeFirst();
          if (existing) return parseStoredJson<Report>(existing.body)!;
          const current = await trx
            .selectFrom('reports')
            .select((eb) => eb.fn.max('version').as('version'))
            .where('tenant_id', '=', draft.tenantId)
            .where('company_key', '=', key)
            .executeTakeFirst();
          const report: Report = { ...draft, version: Number(current?.version ?? 0) + 1 };
          const summary = summarizeReport(report);
          await trx
            .insertInto('reports')
            .values({
              id: report.id,
              tenant_id: report.tenantId,
              run_id: report.runId,
              company_key: key,
              company_name: report.company.name,
              version: report.version,
              status: report.status,
              frameworks: `,${summary.frameworks.join(',')},`,
              created_at: report.createdAt,
              quality_overall: report.quality.overall,
              confidence_score: report.confidence.score,
              body: JSON.stringify(report),
            })
            .execute();
          return report;
        });
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw new ConsultantError('CONFLICT', `Could not assign a report version for ${draft.company.name}`);
  }

  async getReport(tenantId: string, reportId: string): Promise<Report | undefined> {
    const row = await this.db.selectFrom('reports').select('body').where('id', '=', reportId).where('tenant_id', '=', tenantId).executeTakeFirst();
    return row ? parseStoredJson<Report>(row.body)! : undefined;
  }

  async getReportByRun(tenantId: string, runId: string): Promise<Report | undefined> {
    const row = await this.db.selectFrom('reports').select('body').where('run_id', '=', runId).where('tenant_id', '=', tenantId).executeTakeFirst();
    return row ? parseStoredJson<Report>(row.body)! : undefined;
  }

  async listReports(tenantId: string, query: ReportListQuery): Promise<Page<ReportSummary>> {
    const sort = query.sort ?? '-createdAt';
    const descending = sort.startsWith('-');
    const column = sort === 'company' || sort === '-company' ? 'company_key' : 'created_at';
    let select = this.db.selectFrom('reports').select([...SUMMARY_COLUMNS]).where('tenant_id', '=', tenantId);
    if (query.company !== undefined) select = select.where('company_key', '=', companyKey(query.company));
    if (query.framework !== undefined) select = select.where('frameworks', 'like', `%,${query.framework},%`);
    if (query.status !== undefined) select = select.where('status', '=', query.status);
    if (query.createdAfter !== undefined) select = select.where('created_at', '>=', query.createdAfter);
    if (query.createdBefore !== undefined) select = select.where('created_at', '<', query.createdBefore);
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      const op = descending ? '<' : '>';
      select = select.where((eb) => eb.or([eb(column, op, after.key), eb.and([eb(column, '=', after.key), eb('id', op, after.id)])]));
    }
    const direction = descending ? 'desc' : 'asc';
    const rows = await select.orderBy(column, direction).orderBy('id', direction).limit(query.limit + 1).execute();
    const items = rows.slice(0, query.limit).map(rowToSummary);
    const last = items[items.length - 1];
    const lastKey = last ? (column === 'company_key' ? last.companyKey : last.createdAt) : '';
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(lastKey, last.id) : null };
  }

  async listVersions(tenantId: string, key: string): Promise<ReportSummary[]> {
    const rows = await this.db.selectFrom('reports').select([...SUMMARY_COLUMNS]).where('tenant_id', '=', tenantId).where('company_key', '=', companyKey(key)).orderBy('version').execute();
    return rows.map(rowToSummary);
  }

  async deleteReport(tenantId: string, reportId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('reports').where('id', '=', reportId).where('tenant_id', '=', tenantId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
