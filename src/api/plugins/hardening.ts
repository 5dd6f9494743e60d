import fastifyCookie from '@fastify/cookie';
import fastifyCors from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { SecurityConfig } from '../../config/schema.js';
import { pathOf } from '../log-safe-url.js';

/** Swagger UI's own policy (no inline scripts) minus `upgrade-insecure-requests`, which would break `/docs` over plain-HTTP localhost. */
export const DOCS_CONTENT_SECURITY_POLICY =
  "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'none'; img-src 'self' data:; object-src 'none'; script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; connect-src 'self'";

const ALLOWED_HEADERS = ['authorization', 'x-api-key', 'content-type', 'x-csrf-token', 'idempotency-key', 'prefer', 'last-event-id', 'x-request-id'];
const EXPOSED_HEADERS = ['location', 'x-request-id', 'retry-after', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy', 'idempotent-replayed', 'preference-applied', 'content-disposition'];

/**
 * Security headers (helmet: a strict CSP, no framing, no sniffing, no referrer leaks), CORS for
 * an explicit allowlist of origins only (credentials allowed, so never a wildcard), and cookie
 * parsing for dashboard sessions.
 */
export async function installHardening(server: FastifyInstance, config: SecurityConfig): Promise<void> {
  await server.register(fastifyCookie, { hook: 'onRequest' });
  await server.register(fastifyHelmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
      },
    },
    crossOriginResourcePolicy: { policy: 'same-origin' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  });
  const allowed = new Set(config.corsAllowedOrigins);
  await server.register(fastifyCors, {
    // Exact matches only: no patterns, no reflection of arbitrary origins.
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    credentials: true,
    methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
  });
}

/** The path without its query string: query strings may carry secrets and never reach the logs. */
/** Request-log serializers that drop query strings; the logger already redacts credential headers. */
export function redactedRequestLogger(logger: FastifyBaseLogger): FastifyBaseLogger {
  return logger.child(
    {},
    {
      serializers: {
        req: (request: FastifyRequest) => ({ method: request.method, url: pathOf(request.url), remoteAddress: request.ip, requestId: request.id }),
      },
    },
  ) as FastifyBaseLogger;
}
