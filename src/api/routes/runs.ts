import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { describeRun } from '../../app/run-views.js';
import { ConsultantError } from '../../core/errors.js';
import type { ApiContext } from '../context.js';
import { presentRun, presentRunDetail } from '../presenters.js';
import { Problem } from '../problem.js';
import { RunDetail, RunIdParams, RunListQuery, RunPage, RunSummary } from '../schemas.js';

export function runRoutes(server: FastifyInstance, context: ApiContext): void {
  const routes = server.withTypeProvider<ZodTypeProvider>();
  const { app } = context;

  routes.get('/v1/runs', {
    schema: { summary: 'List runs, newest first', tags: ['runs'], querystring: RunListQuery, response: { 200: RunPage, 400: Problem } },
    handler: async (request) => {
      const scope = context.scopeOf(request);
      const { status, limit, cursor } = request.query;
      const page = await app.stores.runs.listRuns(scope.tenantId, { limit, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(presentRun), nextCursor: page.nextCursor };
    },
  });

  routes.get('/v1/runs/:id', {
    schema: { summary: 'A run with its steps, usage and errors', tags: ['runs'], params: RunIdParams, response: { 200: RunDetail, 400: Problem, 404: Problem } },
    handler: async (request) => {
      const scope = context.scopeOf(request);
      const run = await app.stores.runs.getRun(scope.tenantId, request.params.id);
      if (!run) throw new ConsultantError('NOT_FOUND', `Run ${request.params.id} not found`);
      return presentRunDetail(describeRun(run, await app.stores.runs.listAttempts(run.id)));
    },
  });

  routes.post('/v1/runs/:id/cancel', {
    schema: { summary: 'Cancel a run', tags: ['runs'], params: RunIdParams, response: { 202: RunSummary, 400: Problem, 404: Problem } },
    handler: async (request, reply) => {
      const scope = context.scopeOf(request);
      const run = await app.engine.cancel(scope.tenantId, request.params.id);
      return reply.code(202).send(presentRun(run));
    },
  });

  routes.post('/v1/runs/:id/resume', {
    schema: { summary: 'Resume a failed, cancelled or interrupted run from its last completed step', tags: ['runs'], params: RunIdParams, response: { 202: RunSummary, 400: Problem, 404: Problem, 409: Problem } },
    handler: async (request, reply) => {
      const scope = context.scopeOf(request);
      const run = await app.engine.resume(scope.tenantId, request.params.id);
      await app.queue.enqueue({ runId: run.id, priority: run.priority });
      return reply.code(202).send(presentRun(run));
    },
  });
}
