import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { companyKey, Report } from '../../reports/model/report.js';
import { COMPARISON_FORMATS, compareReports, renderComparison } from '../../reports/compare/index.js';
import { REPORT_EXPORT_FORMAT_DETAILS, REPORT_EXPORT_FORMATS, contentDisposition, exportStream, reportFileName } from '../../reports/render/index.js';
import type { ReportExportFormat } from '../../reports/render/index.js';
import { MAX_SHARE_HOURS } from '../../reports/shares/share-service.js';
import { ConsultantError } from '../../core/errors.js';
import type { ApiContext } from '../context.js';
import { originOf } from '../plugins/authentication.js';
import { presentReportSummary } from '../presenters.js';
import { Problem } from '../problem.js';
import { loadReport } from './report-loading.js';
import { RunIdParams } from '../schemas.js';

const ShareView = z
  .object({ id: z.string(), reportId: z.string(), createdBy: z.string(), createdAt: z.string(), expiresAt: z.string(), revokedAt: z.string().nullable() })
  .meta({ id: 'ReportShare' });
const CreatedShareView = ShareView.extend({ token: z.string(), url: z.string(), exportUrl: z.string() }).meta({ id: 'CreatedReportShare' });
const ShareParams = z.strictObject({ id: RunIdParams.shape.id, shareId: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/) });
const TokenParams = z.strictObject({ token: z.string().min(1).max(120) });
const ExportQuery = z.strictObject({ format: z.enum(REPORT_EXPORT_FORMATS).default('pdf') });

/** Streams a rendering as an attachment with a safe file name. */
export async function sendExport(reply: FastifyReply, report: Report, format: ReportExportFormat): Promise<FastifyReply> {
  const details = REPORT_EXPORT_FORMAT_DETAILS[format];
  reply.header('content-type', details.contentType);
  reply.header('content-disposition', contentDisposition(reportFileName(report, format)));
  reply.header('x-content-type-options', 'nosniff');
  return reply.send(await exportStream(report, format));
}

/**
 * Report versions, comparison and share links. A share link is a capability to one report:
 * `GET /v1/shared/{token}` and its export need no key, and answer 404 once it expired or was
 * revoked, or when the token was forged.
 */
export function reportSharingRoutes(server: FastifyInstance, context: ApiContext): void {
  const routes = server.withTypeProvider<ZodTypeProvider>();
  const { app } = context;

  routes.get('/v1/reports/:id/versions', {
    schema: {
      summary: "Every version of this report's company, oldest first",
      tags: ['reports'],
      params: RunIdParams,
      response: { 200: z.object({ items: z.array(z.object({ id: z.string(), version: z.number().int(), createdAt: z.string(), status: z.string(), qualityOverall: z.number(), confidenceScore: z.number(), links: z.record(z.string(), z.string()) })) }), 400: Problem, 404: Problem },
    },
    handler: async (request) => {
      const tenantId = context.scopeOf(request).tenantId;
      const report = await loadReport(context, tenantId, request.params.id);
      if (!report) throw new ConsultantError('NOT_FOUND', `Report ${request.params.id} not found`);
      const versions = await app.stores.reports.listVersions(tenantId, companyKey(report.company.name));
      return { items: versions.map((summary) => presentReportSummary(summary)) };
    },
  });

  routes.get('/v1/reports/compare', {
    schema: {
      summary: 'Compare two reports (rating changes, items added and removed, metric deltas, confidence and quality changes)',
      tags: ['reports'],
      querystring: z.strictObject({ left: RunIdParams.shape.id, right: RunIdParams.shape.id, format: z.enum(COMPARISON_FORMATS).default('json') }),
      response: { 200: { description: 'The comparison', content: { 'application/json': { schema: z.record(z.string(), z.unknown()) }, 'text/markdown': { schema: z.string() }, 'text/html': { schema: z.string() } } }, 400: Problem, 404: Problem },
    },
    handler: async (request, reply) => {
      const tenantId = context.scopeOf(request).tenantId;
      const [left, right] = await Promise.all([loadReport(context, tenantId, request.query.left), loadReport(context, tenantId, request.query.right)]);
      if (!left) throw new ConsultantError('NOT_FOUND', `Report ${request.query.left} not found`);
      if (!right) throw new ConsultantError('NOT_FOUND', `Report ${request.query.right} not found`);
      const comparison = compareReports(left, right);
      const format = request.query.format;
      if (format === 'json') return reply.header('content-type', 'application/json; charset=utf-8').send(comparison as unknown as Record<string, unknown>);
      reply.header('content-type', format === 'md' ? 'text/markdown; charset=utf-8' : 'text/html; charset=utf-8');
      return reply.send(renderComparison(comparison, format));
    },
  });

  routes.post('/v1/reports/:id/shares', {
    schema: {
      summary: 'Create a read-only share link to this report (shown once)',
      tags: ['reports'],
      params: RunIdParams,
      body: z.strictObject({ expiresInHours: z.number().int().min(1).max(MAX_SHARE_HOURS).default(72) }).default({ expiresInHours: 72 }),
      response: { 201: CreatedShareView, 400: Problem, 404: Problem },
    },
    handler: async (request, reply) => {
      const scope = context.scopeOf(request);
      const report = await loadReport(context, scope.tenantId, request.params.id);
      if (!report) throw new ConsultantError('NOT_FOUND', `Report ${request.params.id} not found`);
      const created = await app.shares.create(scope.tenantId, report.id, scope.principal.userId, request.body.expiresInHours);
      const url = `/v1/shared/${created.token}`;
      reply.header('location', url);
      return reply.code(201).send({ ...created.share, token: created.token, url, exportUrl: `${url}/export` });
    },
  });

  routes.get('/v1/reports/:id/shares', {
    schema: { summary: "This report's share links (tokens are never shown again)", tags: ['reports'], params: RunIdParams, response: { 200: z.object({ items: z.array(ShareView) }), 400: Problem, 404: Problem } },
    handler: async (request) => {
      const tenantId = context.scopeOf(request).tenantId;
      const report = await loadReport(context, tenantId, request.params.id);
      if (!report) throw new ConsultantError('NOT_FOUND', `Report ${request.params.id} not found`);
      return { items: await app.shares.list(tenantId, report.id) };
    },
  });

  routes.delete('/v1/reports/:id/shares/:shareId', {
    schema: { summary: 'Revoke a share link', tags: ['reports'], params: ShareParams, response: { 204: z.null().describe('Revoked'), 400: Problem, 404: Problem } },
    handler: async (request, reply) => {
      const revoked = await app.shares.revoke(context.scopeOf(request).tenantId, request.params.id, request.params.shareId);
      if (!revoked) throw new ConsultantError('NOT_FOUND', `Share ${request.params.shareId} not found`);
      return reply.code(204).send(null);
    },
  });

  const resolveShared = async (token: string, request: Parameters<typeof originOf>[0], action: string): Promise<Report> => {
    const share = await app.shares.resolve(token);
    // A disabled tenant's links stop with its keys and sessions.
    const tenant = await app.security.identities.getTenant(share.tenantId);
    const report = tenant && tenant.disabledAt === null ? await loadReport(context, share.tenantId, share.reportId) : undefined;
    if (!report) throw new ConsultantError('NOT_FOUND', 'This share link does not exist, has expired or was revoked');
    const origin = originOf(request);
    await app.security.audit.append({ tenantId: share.tenantId, actorType: 'anonymous', actorId: `share:${share.id}`, action, targetType: 'report', targetId: report.id, outcome: 'success', ip: origin.ip ?? null, userAgent: origin.userAgent ?? null, requestId: String(request.id), details: { shareId: share.id } });
    return report;
  };

  routes.get('/v1/shared/:token', {
    schema: { summary: 'A shared report (read-only; the token is the credential)', tags: ['reports'], security: [], params: TokenParams, response: { 200: Report, 400: Problem, 404: Problem } },
    handler: async (request, reply) => {
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      return resolveShared(request.params.token, request, 'report.shared-read');
    },
  });

  routes.get('/v1/shared/:token/export', {
    schema: {
      summary: 'Download a rendering of a shared report',
      tags: ['reports'],
      security: [],
      params: TokenParams,
      querystring: ExportQuery,
      response: { 200: { description: 'The rendering, as an attachment', content: Object.fromEntries(REPORT_EXPORT_FORMATS.map((format) => [REPORT_EXPORT_FORMAT_DETAILS[format].contentType.split(';')[0]!, { schema: z.string() }])) }, 400: Problem, 404: Problem },
    },
    handler: async (request, reply) => {
      const report = await resolveShared(request.params.token, request, 'report.shared-export');
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      return sendExport(reply, report, request.query.format);
    },
  });
}
