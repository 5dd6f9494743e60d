import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isSecurityError } from '../../auth/security-errors.js';
import type { Logger } from '../../core/logger.js';
import { type Problem, problemErrorHandler, problemOf, sendProblem } from '../problem.js';

/** Fastify's body-parser errors quote the body; the answer must not echo what a client sent. */
const BODY_PARSE_ERRORS = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY']);

/**
 * The API's error handler: security errors become RFC 9457 problems with their own code,
 * status and headers (`WWW-Authenticate`, `Retry-After`, `RateLimit-*`); everything else goes
 * to the catalogue's handler.
 */
export function securityAwareErrorHandler(logger: Logger) {
  const fallback = problemErrorHandler(logger);
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (isSecurityError(error)) {
      for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
      const problem: Problem = { type: `https://consultantos.dev/problems/${error.code.toLowerCase().replace(/_/g, '-')}`, title: error.title, status: error.status, detail: error.message, code: error.code };
      return sendProblem(reply, problem, request);
    }
    if (typeof error.code === 'string' && BODY_PARSE_ERRORS.has(error.code)) {
      return sendProblem(reply, problemOf('INVALID_INPUT', 'The request body is not valid JSON'), request);
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendProblem(reply, problemOf('INVALID_INPUT', 'The request body is too large', 413), request);
    }
    return fallback(error, request, reply);
  };
}
