import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConsultantError, ERROR_CATALOGUE, type ErrorCode } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import { pathOf } from './log-safe-url.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details, with our stable error code. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof Problem>;

function problemType(code: string): string {
  return `https://consultantos.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

export function problemOf(code: ErrorCode, detail: string, status?: number): Problem {
  const entry = ERROR_CATALOGUE[code];
  return { type: problemType(code), title: entry.title, status: status ?? entry.httpStatus, detail, code };
}

export function sendProblem(reply: FastifyReply, problem: Problem, request?: FastifyRequest): FastifyReply {
  const body: Problem = { ...problem, ...(request ? { instance: pathOf(request.url).split('?')[0]!, requestId: String(request.id) } : {}) };
  return reply.code(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(body);
}

/**
 * The one error handler: validation errors become 400 with every issue, catalogue errors map
 * to their status, Fastify's own client errors keep theirs, anything else is a 500 that says
 * nothing about internals (the log has the details, keyed by request id).
 */
export function problemErrorHandler(logger: Logger) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const problem = problemOf('INVALID_INPUT', 'The request does not match the schema');
      problem.errors = error.validation.map((issue) => ({ path: `${error.validationContext ?? 'body'}${issue.instancePath || ''}`.slice(0, 200), message: String(issue.message ?? 'invalid').slice(0, 300) }));
      return sendProblem(reply, problem, request);
    }
    if (error instanceof ConsultantError) {
      if (error.httpStatus >= 500) logger.error({ requestId: request.id, code: error.code, err: error.message }, 'request failed');
      return sendProblem(reply, problemOf(error.code, error.message), request);
    }
    if (isResponseSerializationError(error)) {
      logger.error({ requestId: request.id, err: error.message }, 'response did not match its schema');
      return sendProblem(reply, problemOf('INTERNAL', 'The server produced an invalid response'), request);
    }
    const status = typeof error.statusCode === 'number' ? error.statusCode : 500;
    if (status >= 400 && status < 500) {
      const code: ErrorCode = status === 404 ? 'NOT_FOUND' : status === 409 ? 'CONFLICT' : 'INVALID_INPUT';
      const detail = status === 413 ? 'The request body is too large' : status === 415 ? 'Unsupported content type' : error.message.slice(0, 300);
      return sendProblem(reply, problemOf(code, detail, status), request);
    }
    logger.error({ requestId: request.id, err: error.message, stack: error.stack }, 'unhandled error');
    return sendProblem(reply, problemOf('INTERNAL', 'An internal error occurred; quote the request id when reporting it'), request);
  };
}
