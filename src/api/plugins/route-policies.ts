import type { FastifyRequest } from 'fastify';
import type { Permission } from '../../auth/roles.js';

export interface AuditRule {
  action: string;
  targetType: string;
  /** Where the target id comes from: the `{id}` parameter, or the `Location` of a created resource. */
  targetFrom: 'params' | 'location';
}

/**
 * What a route requires. One table for the whole API, so the permission matrix in
 * docs/security.md can be checked against it (test/security asserts every route has an entry).
 */
export interface RoutePolicy {
  access: 'public' | 'authenticated';
  /** Checked before the body is even read; absent means any authenticated caller. */
  permission?: Permission;
  /** Audited after a successful response (status < 400). */
  audit?: AuditRule;
  /** Run quotas (analyses per day, monthly tokens and cost) checked after validation. */
  quota?: 'start-run' | 'resume-run';
  /** The one kind of short-lived, single-resource token this route also accepts (`?token=`). */
  scopedToken?: 'runEvents' | 'reportDownload';
  /** Sign-in, key and member routes: a small body limit (`security.maxAuthBodyBytes`). */
  smallBody?: boolean;
}

const PUBLIC: RoutePolicy = { access: 'public' };
const can = (permission: Permission, extra: Partial<RoutePolicy> = {}): RoutePolicy => ({ access: 'authenticated', permission, ...extra });
const audited = (action: string, targetType: string, targetFrom: AuditRule['targetFrom'] = 'params'): { audit: AuditRule } => ({ audit: { action, targetType, targetFrom } });

export const ROUTE_POLICIES: Readonly<Record<string, RoutePolicy>> = {
  'GET /healthz': PUBLIC,
  'GET /readyz': PUBLIC,
  'GET /openapi.json': PUBLIC,
  'GET /metrics': can('metrics:read'),

  'POST /v1/analyses': can('runs:create', { ...audited('run.create', 'run', 'location'), quota: 'start-run' }),
  'GET /v1/runs': can('runs:read'),
  'GET /v1/runs/:id': can('runs:read'),
  'GET /v1/runs/:id/events': can('runs:read', { scopedToken: 'runEvents' }),
  'POST /v1/runs/:id/cancel': can('runs:control', audited('run.cancel', 'run')),
  'POST /v1/runs/:id/resume': can('runs:control', { ...audited('run.resume', 'run'), quota: 'resume-run' }),
  'POST /v1/runs/:id/stream-token': can('runs:read'),

  'GET /v1/reports': can('reports:read'),
  'GET /v1/reports/:id': can('reports:read', audited('report.read', 'report')),
  'GET /v1/reports/:id/export': can('reports:export', { ...audited('report.export', 'report'), scopedToken: 'reportDownload' }),
  'DELETE /v1/reports/:id': can('reports:delete', audited('report.delete', 'report')),
  'POST /v1/reports/:id/download-token': can('reports:export'),
  'GET /v1/reports/:id/versions': can('reports:read'),
  'GET /v1/reports/compare': can('reports:read'),
  'POST /v1/reports/:id/shares': can('reports:share', { ...audited('report.share', 'report'), smallBody: true }),
  'GET /v1/reports/:id/shares': can('reports:share'),
  'DELETE /v1/reports/:id/shares/:shareId': can('reports:share', audited('report.unshare', 'report')),
  // The share token itself is the credential (checked by the route: signature, expiry, revocation).
  'GET /v1/shared/:token': PUBLIC,
  'GET /v1/shared/:token/export': PUBLIC,

  'POST /v1/auth/login': { access: 'public', smallBody: true },
  'POST /v1/auth/refresh': { access: 'public', smallBody: true },
  'POST /v1/auth/logout': { access: 'authenticated', smallBody: true },
  'GET /v1/auth/me': { access: 'authenticated' },
  'POST /v1/auth/password': { access: 'authenticated', smallBody: true },

  'GET /v1/keys': can('keys:own'),
  'POST /v1/keys': can('keys:own', { smallBody: true }),
  'POST /v1/keys/:id/rotate': can('keys:own', { smallBody: true }),
  'DELETE /v1/keys/:id': can('keys:own'),

  'GET /v1/users': can('members:read'),
  'POST /v1/users': can('members:manage', { smallBody: true }),
  'PATCH /v1/users/:id': can('members:manage', { smallBody: true }),
  'DELETE /v1/users/:id': can('members:manage'),

  'GET /v1/tenants/current': can('tenant:read'),
  'PATCH /v1/tenants/current': can('tenant:manage', { smallBody: true }),

  'GET /v1/audit': can('audit:read'),
};

/** Routes the docs UI registers; they serve the public OpenAPI document and static assets. */
const DOCS_PREFIX = '/docs';

/** Fails closed: a route nobody wrote a policy for requires the owner-only `tenant:manage`. */
const UNLISTED: RoutePolicy = { access: 'authenticated', permission: 'tenant:manage' };

export function policyFor(method: string, url: string | undefined): RoutePolicy | undefined {
  if (url === undefined) return undefined;
  if (url === DOCS_PREFIX || url.startsWith(`${DOCS_PREFIX}/`)) return PUBLIC;
  const verb = method === 'HEAD' ? 'GET' : method;
  if (verb === 'OPTIONS') return PUBLIC;
  return ROUTE_POLICIES[`${verb} ${url}`] ?? UNLISTED;
}

/** The policy of the matched route; `undefined` for unmatched requests (they answer 404). */
export function policyOf(request: FastifyRequest): RoutePolicy | undefined {
  return policyFor(request.method, request.routeOptions.url);
}

export function isListedRoute(method: string, url: string): boolean {
  const verb = method === 'HEAD' ? 'GET' : method;
  return url === DOCS_PREFIX || url.startsWith(`${DOCS_PREFIX}/`) || verb === 'OPTIONS' || `${verb} ${url}` in ROUTE_POLICIES;
}
