import { randomUUID } from 'node:crypto';
import fastifyCompress from '@fastify/compress';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Application } from '../app/application.js';
import { type ApiContext, authenticatedScope } from './context.js';
import { installAuthentication } from './plugins/authentication.js';
import { DOCS_CONTENT_SECURITY_POLICY, installHardening, redactedRequestLogger } from './plugins/hardening.js';
import { installRouteSecuritySchema, openApiSecuritySchemes } from './plugins/route-security-schema.js';
import { securityAwareErrorHandler } from './plugins/security-problems.js';
import { cookieNames } from './plugins/session-cookies.js';
import { problemOf, sendProblem } from './problem.js';
import { analysisRoutes } from './routes/analyses.js';
import { auditRoutes } from './routes/audit.js';
import { authRoutes } from './routes/auth.js';
import { keyRoutes } from './routes/keys.js';
import { tenantRoutes } from './routes/tenants.js';
import { userRoutes } from './routes/users.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { reportSharingRoutes } from './routes/report-sharing.js';
import { reportRoutes } from './routes/reports.js';
import { runRoutes } from './routes/runs.js';
import { pathOf } from './log-safe-url.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export interface ApiServerOptions {
  /** A pino logger for request logs (query strings redacted); omitted → no request logging. */
  loggerInstance?: FastifyBaseLogger;
  version?: string;
}

/**
 * The HTTP API v1: Fastify with Zod schemas for every route, OpenAPI 3.1 at `/openapi.json`,
 * docs at `/docs`, RFC 9457 problem responses, request ids, body and time limits, compression.
 */
export async function buildApiServer(app: Application, options: ApiServerOptions = {}): Promise<FastifyInstance> {
  const config = app.config.server;
  const security = app.config.security;
  const server = Fastify({
    ...(options.loggerInstance ? { loggerInstance: redactedRequestLogger(options.loggerInstance) } : { logger: false }),
    bodyLimit: config.maxBodyBytes,
    requestTimeout: config.requestTimeoutMs,
    // The socket's idle limit must outlast the longest `Prefer: wait`, during which nothing is
    // written; slow clients are bounded by the request and header timeouts instead.
    connectionTimeout: Math.max(config.requestTimeoutMs, config.maxWaitSeconds * 1_000 + 10_000),
    keepAliveTimeout: config.keepAliveTimeoutMs,
    // Node checks request timeouts on this interval (30 s by default), which would let a client
    // trickling its body outlive `requestTimeoutMs` by that much; headers get the same bound.
    http: { connectionsCheckingInterval: Math.min(1_000, config.requestTimeoutMs), headersTimeout: config.requestTimeoutMs },
    // Forwarded headers are believed only from configured proxies; otherwise the socket address
    // is the client, so a spoofed X-Forwarded-For cannot dodge per-address limits.
    trustProxy: security.trustedProxies.length > 0 ? security.trustedProxies : false,
    requestIdHeader: false,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
    // Bodies are parsed as JSON only; prototype pollution keys are refused.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    return503OnClosing: true,
  });
  server.setValidatorCompiler(validatorCompiler);
  server.setSerializerCompiler(serializerCompiler);
  server.setErrorHandler(securityAwareErrorHandler(app.logger));
  server.setNotFoundHandler((request, reply) => sendProblem(reply, problemOf('NOT_FOUND', `No route ${request.method} ${pathOf(request.url).split('?')[0]!.slice(0, 200)}`), request));

  server.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  server.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    app.metrics.httpDuration.observe({ method: request.method, route, status_code: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });

  await installHardening(server, security);
  installRouteSecuritySchema(server, security);
  installAuthentication(server, app.security, app.logger);
  await server.register(fastifyCompress, { threshold: 1024, encodings: ['br', 'gzip', 'deflate'] });
  await server.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'ConsultantOS API', version: options.version ?? '1', description: 'Durable multi-agent strategy analyses whose every claim cites retrieved evidence.' },
      tags: [
        { name: 'analyses', description: 'Start analyses' },
        { name: 'runs', description: 'Runs, their steps, events and control' },
        { name: 'reports', description: 'Stored reports and exports' },
        { name: 'operations', description: 'Health, readiness and metrics' },
        { name: 'auth', description: 'Sign-in, sessions and the current principal' },
        { name: 'keys', description: 'API keys' },
        { name: 'users', description: 'Members of the tenant and their roles' },
        { name: 'tenants', description: 'The tenant, its tier and limits' },
        { name: 'audit', description: 'The append-only audit log' },
      ],
      components: { securitySchemes: openApiSecuritySchemes(cookieNames(security)) as never },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await server.register(fastifySwaggerUi, { routePrefix: '/docs', staticCSP: DOCS_CONTENT_SECURITY_POLICY });

  const context: ApiContext = { app, scopeOf: authenticatedScope };
  server.get('/openapi.json', { schema: { hide: true } }, async () => server.swagger());
  healthRoutes(server, context);
  analysisRoutes(server, context);
  runRoutes(server, context);
  eventRoutes(server, context);
  reportRoutes(server, context);
  reportSharingRoutes(server, context);
  authRoutes(server, context);
  keyRoutes(server, context);
  userRoutes(server, context);
  tenantRoutes(server, context);
  auditRoutes(server, context);
  await server.ready();
  return server;
}
