import type { FastifyRequest } from 'fastify';
import type { Application } from '../app/application.js';
import type { Principal } from '../auth/principal.js';
import { unauthenticated } from '../auth/security-errors.js';

/** Who is asking: the authenticated principal and the tenant every store query is scoped by. */
export interface RequestScope {
  tenantId: string;
  principal: Principal;
}

export interface ApiContext {
  app: Application;
  /** Resolves the tenant of a request; every store query is scoped by it. */
  scopeOf(request: FastifyRequest): RequestScope;
}

/**
 * The scope of an authenticated request. There is no anonymous default: a route reached
 * without a principal (a policy mistake) fails closed with 401 instead of seeing a tenant.
 */
export function authenticatedScope(request: FastifyRequest): RequestScope {
  const principal = request.principal;
  if (!principal) throw unauthenticated();
  return { tenantId: principal.tenantId, principal };
}
