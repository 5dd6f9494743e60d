import type { FastifyInstance, RouteOptions } from 'fastify';
import { z } from 'zod';
import type { SecurityConfig } from '../../config/schema.js';
import { Problem } from '../problem.js';
import { policyFor } from './route-policies.js';

/** Tokens are JWTs; anything longer is refused by validation before verification. */
const ScopedTokenQuery = z.string().min(1).max(2_048).optional().describe('A short-lived token from the matching `…-token` route (for browsers, which cannot set headers on EventSource or downloads)');

/**
 * Applies each route's security policy to its schema, as routes are registered: every
 * authenticated route documents 401/403/429 and the security schemes in OpenAPI; routes that
 * accept a scoped token declare its `token` query parameter; sign-in, key and member routes
 * get a small body limit.
 */
export function installRouteSecuritySchema(server: FastifyInstance, config: SecurityConfig): void {
  server.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const policy = policyFor(String(methods[0]), route.url);
    if (!policy) return;
    if (policy.smallBody && route.bodyLimit === undefined) route.bodyLimit = config.maxAuthBodyBytes;
    const schema = route.schema as (Record<string, unknown> & { response?: Record<string | number, unknown>; querystring?: unknown; hide?: boolean }) | undefined;
    if (!schema || schema.hide) return;
    if (policy.scopedToken && schema.querystring instanceof z.ZodObject) {
      schema.querystring = schema.querystring.extend({ token: ScopedTokenQuery });
    }
    if (policy.access === 'public') {
      if (schema.response) schema.response = { 429: Problem, ...schema.response };
      return;
    }
    schema.security = [{ apiKey: [] }, { bearer: [] }, { sessionCookie: [] }, ...(policy.scopedToken ? [{ scopedToken: [] }] : [])];
    if (schema.response) schema.response = { 401: Problem, 403: Problem, 429: Problem, ...schema.response };
  });
}

/** OpenAPI security schemes, for the document's `components`. */
export function openApiSecuritySchemes(names: { access: string }): Record<string, unknown> {
  return {
    apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key (`cos_…`); also accepted as `Authorization: Bearer cos_…`' },
    bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'API key or session access token (JWT)' },
    sessionCookie: { type: 'apiKey', in: 'cookie', name: names.access, description: 'The dashboard session; writes also need the `X-CSRF-Token` header' },
    scopedToken: { type: 'apiKey', in: 'query', name: 'token', description: 'A short-lived token for one run\'s events or one report\'s export' },
  };
}
