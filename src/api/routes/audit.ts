import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditPage, AuditQuery } from '../../auth/api-schemas.js';
import type { ApiContext } from '../context.js';
import { Problem } from '../problem.js';

/** The tenant's audit log, newest first (admins and owners). Entries of other tenants do not exist here. */
export function auditRoutes(server: FastifyInstance, context: ApiContext): void {
  server.withTypeProvider<ZodTypeProvider>().get('/v1/audit', {
    schema: {
      summary: 'Audit log: who did what, when, from where',
      description: 'Sign-ins and failures, key create/rotate/revoke, role changes, run create/cancel/resume, report read/export/delete, admin actions. Append-only.',
      tags: ['audit'],
      querystring: AuditQuery,
      response: { 200: AuditPage, 400: Problem, 403: Problem },
    },
    handler: async (request) => {
      const { tenantId } = context.scopeOf(request);
      const { limit, cursor, action, actorId, targetId, since, until } = request.query;
      return context.app.security.audit.list(tenantId, {
        limit,
        ...(cursor ? { cursor } : {}),
        ...(action ? { action } : {}),
        ...(actorId ? { actorId } : {}),
        ...(targetId ? { targetId } : {}),
        ...(since ? { since: new Date(since).toISOString() } : {}),
        ...(until ? { until: new Date(until).toISOString() } : {}),
      });
    },
  });
}
