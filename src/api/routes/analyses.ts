import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { submitAnalysis } from '../../app/analyses.js';
import { ConsultantError } from '../../core/errors.js';
import { isTerminal } from '../../core/ports/run-store.js';
import { prepareAnalysis } from '../../workflows/strategy/prepare.js';
import type { ApiContext } from '../context.js';
import { presentRun } from '../presenters.js';
import { Problem } from '../problem.js';
import { AnalysisAccepted, AnalysisSubmission } from '../schemas.js';
import { preferredWaitSeconds, waitForRun } from '../wait-for-run.js';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function analysisRoutes(server: FastifyInstance, context: ApiContext): void {
  server.withTypeProvider<ZodTypeProvider>().route({
    method: 'POST',
    url: '/v1/analyses',
    schema: {
      summary: 'Start a strategy analysis',
      description:
        'Queues an analysis and answers 202 with the run. `Prefer: wait=N` waits up to N seconds and answers 200 with the report when the run ends in time. An `Idempotency-Key` header makes retries return the same run.',
      tags: ['analyses'],
      body: AnalysisSubmission,
      headers: z.object({ 'idempotency-key': z.string().optional(), prefer: z.string().optional() }).passthrough(),
      response: { 200: AnalysisAccepted, 202: AnalysisAccepted, 400: Problem, 409: Problem, 413: Problem, 415: Problem },
    },
    handler: async (request, reply) => {
      const { app } = context;
      const scope = context.scopeOf(request);
      const key = request.headers['idempotency-key'];
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw new ConsultantError('INVALID_INPUT', 'Idempotency-Key must be 1–200 visible ASCII characters');
      }
      const prepared = await prepareAnalysis({ ...request.body, documents: [] });
      const { run, created } = await submitAnalysis(app, prepared, { tenantId: scope.tenantId, enqueue: true, ...(key ? { idempotencyKey: key } : {}) });
      if (!created) reply.header('idempotent-replayed', 'true');
      reply.header('location', `/v1/runs/${run.id}`);
      const wait = preferredWaitSeconds(request.headers.prefer, app.config.server.maxWaitSeconds);
      if (wait === undefined || wait === 0) return reply.code(202).send({ run: presentRun(run) });
      reply.header('preference-applied', `wait=${wait}`);
      const closed = new AbortController();
      request.raw.once('close', () => closed.abort());
      const latest = (await waitForRun(app, scope.tenantId, run.id, wait * 1000, closed.signal)) ?? run;
      if (!isTerminal(latest.status)) return reply.code(202).send({ run: presentRun(latest) });
      const report = await app.stores.reports.getReportByRun(scope.tenantId, run.id);
      return reply.code(200).send({ run: presentRun(latest), ...(report ? { report } : {}) });
    },
  });
}
