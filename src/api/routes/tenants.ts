import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { actorOf, auditBy } from '../../auth/actor.js';
import { TenantView, UpdateTenantBody } from '../../auth/api-schemas.js';
import type { Tenant } from '../../auth/model.js';
import type { SecurityConfig } from '../../config/schema.js';
import { ConsultantError } from '../../core/errors.js';
import type { ApiContext } from '../context.js';
import { originOf } from '../plugins/authentication.js';
import { Problem } from '../problem.js';

function presentTenant(tenant: Tenant, config: SecurityConfig) {
  const tier = config.tiers[tenant.tier];
  return {
    id: tenant.id,
    name: tenant.name,
    tier: tenant.tier,
    createdAt: tenant.createdAt,
    limits: {
      requestsPerMinute: tier.requestsPerMinute,
      tenantRequestsPerMinute: tier.tenantRequestsPerMinute,
      analysesPerDay: tier.analysesPerDay,
      tokensPerMonth: tier.tokensPerMonth ?? null,
      costUsdPerMonth: tier.costUsdPerMonth ?? null,
    },
  };
}

/** The caller's own tenant. Creating tenants and changing tiers are operator actions (CLI). */
export function tenantRoutes(server: FastifyInstance, context: ApiContext): void {
  const routes = server.withTypeProvider<ZodTypeProvider>();
  const services = context.app.security;

  routes.get('/v1/tenants/current', {
    schema: { summary: 'Your tenant, its tier and limits', tags: ['tenants'], response: { 200: TenantView } },
    handler: async (request) => {
      const { tenantId } = context.scopeOf(request);
      const tenant = await services.identities.getTenant(tenantId);
      if (!tenant) throw new ConsultantError('NOT_FOUND', 'Tenant not found');
      return presentTenant(tenant, services.config);
    },
  });

  routes.patch('/v1/tenants/current', {
    schema: { summary: 'Rename your tenant (owners)', tags: ['tenants'], body: UpdateTenantBody, response: { 200: TenantView, 400: Problem, 403: Problem } },
    handler: async (request) => {
      const { tenantId, principal } = context.scopeOf(request);
      const tenant = await services.identities.updateTenant(tenantId, { name: request.body.name });
      if (!tenant) throw new ConsultantError('NOT_FOUND', 'Tenant not found');
      await services.audit.append(auditBy(actorOf(principal, originOf(request)), { action: 'tenant.update', targetType: 'tenant', targetId: tenantId, outcome: 'success', details: { name: tenant.name } }));
      return presentTenant(tenant, services.config);
    },
  });
}
