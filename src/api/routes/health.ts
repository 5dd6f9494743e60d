import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { ApiContext } from '../context.js';

const CHECK_TIMEOUT_MS = 2_000;

async function check(probe: () => Promise<void>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
      }),
    ]);
    return 'ok';
  } catch (error) {
    return `failing: ${(error as Error).message.slice(0, 120)}`;
  } finally {
    if (timer) clearTimeout(timer);
  }
}

export function healthRoutes(server: FastifyInstance, context: ApiContext): void {
  const routes = server.withTypeProvider<ZodTypeProvider>();
  routes.get('/healthz', {
    schema: { summary: 'The process is up', tags: ['operations'], response: { 200: z.object({ status: z.literal('ok') }) } },
    handler: async () => ({ status: 'ok' as const }),
  });
  routes.get('/readyz', {
    schema: {
      summary: 'Dependencies (database, Redis, queue) are usable',
      tags: ['operations'],
      response: { 200: z.object({ status: z.enum(['ok', 'failing']), checks: z.record(z.string(), z.string()) }), 503: z.object({ status: z.enum(['ok', 'failing']), checks: z.record(z.string(), z.string()) }) },
    },
    handler: async (_request, reply) => {
      const entries = await Promise.all(Object.entries(context.app.readiness).map(async ([name, probe]) => [name, await check(probe)] as const));
      const checks = Object.fromEntries(entries);
      const ok = entries.every(([, result]) => result === 'ok');
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'failing', checks });
    },
  });
  routes.get('/metrics', {
    schema: { summary: 'Prometheus metrics', tags: ['operations'], response: { 200: z.string() } },
    handler: async (_request, reply) => {
      const registry = context.app.metrics.registry;
      reply.header('content-type', registry.contentType);
      return reply.send(await registry.metrics());
    },
  });
}
