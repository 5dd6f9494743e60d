import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConsultantError } from '../../core/errors.js';
import { Report } from '../../reports/model/report.js';
import { REPORT_EXPORT_FORMAT_DETAILS, REPORT_EXPORT_FORMATS } from '../../reports/render/index.js';
import { loadReport, loadReportJson, reportCacheKey } from './report-loading.js';
import { sendExport } from './report-sharing.js';
import type { ApiContext } from '../context.js';
import { presentReportSummary } from '../presenters.js';
import { Problem } from '../problem.js';
import { ReportListQuery, ReportPage, RunIdParams } from '../schemas.js';

function endOfDay(date: string): string {
  return date.length === 10 ? new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString() : new Date(date).toISOString();
}

export function reportRoutes(server: FastifyInstance, context: ApiContext): void {
  const routes = server.withTypeProvider<ZodTypeProvider>();
  const { app } = context;

  routes.get('/v1/reports', {
    schema: { summary: 'List reports (cursor pagination, filters, sort)', tags: ['reports'], querystring: ReportListQuery, response: { 200: ReportPage, 400: Problem } },
    handler: async (request) => {
      const scope = context.scopeOf(request);
      const { company, framework, status, from, to, sort, limit, cursor } = request.query;
      const page = await app.stores.reports.listReports(scope.tenantId, {
        limit,
        sort,
        ...(company ? { company } : {}),
        ...(framework ? { framework } : {}),
        ...(status ? { status } : {}),
        ...(from ? { createdAfter: new Date(from).toISOString() } : {}),
        ...(to ? { createdBefore: endOfDay(to) } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.items.map(presentReportSummary), nextCursor: page.nextCursor };
    },
  });

  routes.get('/v1/reports/:id', {
    schema: { summary: 'A stored report, whole', tags: ['reports'], params: RunIdParams, response: { 200: Report, 400: Problem, 404: Problem } },
    handler: async (request, reply) => {
      const json = await loadReportJson(context, context.scopeOf(request).tenantId, request.params.id);
      if (json === undefined) throw new ConsultantError('NOT_FOUND', `Report ${request.params.id} not found`);
      // Already JSON text: Fastify sends a string as it is, without validating or serializing it
      // again (the route's type still describes the body as the Report it is).
      return reply.type('application/json; charset=utf-8').send(json as unknown as Report);
    },
  });

  routes.get('/v1/reports/:id/export', {
    schema: {
      summary: 'Download a report rendering',
      tags: ['reports'],
      params: RunIdParams,
      querystring: z.strictObject({ format: z.enum(REPORT_EXPORT_FORMATS).default('md') }),
      response: {
        200: {
          description: 'The rendering, as an attachment (streamed)',
          content: Object.fromEntries(REPORT_EXPORT_FORMATS.map((format) => [REPORT_EXPORT_FORMAT_DETAILS[format].contentType.split(';')[0]!, { schema: format === 'json' ? Report : z.string() }])),
        },
        400: Problem,
        404: Problem,
      },
    },
    handler: async (request, reply) => {
      const report = await loadReport(context, context.scopeOf(request).tenantId, request.params.id);
      if (!report) throw new ConsultantError('NOT_FOUND', `Report ${request.params.id} not found`);
      return sendExport(reply, report, request.query.format);
    },
  });

  routes.delete('/v1/reports/:id', {
    schema: { summary: 'Delete a report', tags: ['reports'], params: RunIdParams, response: { 204: z.null().describe('Deleted'), 400: Problem, 404: Problem } },
    handler: async (request, reply) => {
      const tenantId = context.scopeOf(request).tenantId;
      const deleted = await app.stores.reports.deleteReport(tenantId, request.params.id);
      await app.reportCache.delete(reportCacheKey(tenantId, request.params.id));
      if (!deleted) throw new ConsultantError('NOT_FOUND', `Report ${request.params.id} not found`);
      return reply.code(204).send(null);
    },
  });
}
