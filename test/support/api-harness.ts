import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApiServer } from '../../src/api/server.js';
import { startSweeper, startWorker } from '../../src/app/service-runtime.js';
import { ensureBootstrap } from '../../src/auth/bootstrap.js';
import { testApplication } from './analysis-harness.js';

/**
 * An API server over a fresh embedded application with an in-process worker. Authentication
 * is always on: the harness bootstraps the local tenant like a first `serve` does and uses the
 * printed one-time owner key (`apiKey`); `inject` sends it, `server.inject` does not.
 */
export async function testApiServer(environment: Record<string, string> = {}) {
  const harness = await testApplication({ CONSULTANTOS_SSE_HEARTBEAT_MS: '200', CONSULTANTOS_SWEEP_INTERVAL_MS: '200', ...environment });
  const bootstrap = await ensureBootstrap(harness.app.security, { issueKey: true });
  const apiKey = bootstrap.key!.key;
  const authorization = { authorization: `Bearer ${apiKey}` };
  await startWorker(harness.app, { concurrency: 2 });
  const sweeper = startSweeper(harness.app, harness.app.config.server.sweepIntervalMs);
  const server: FastifyInstance = await buildApiServer(harness.app);
  return {
    ...harness,
    server,
    apiKey,
    /** Headers that authenticate as the bootstrap owner, for `fetch`. */
    authorization,
    /** `server.inject` as the bootstrap owner. */
    inject(options: string | InjectOptions): Promise<LightMyRequestResponse> {
      const request: InjectOptions = typeof options === 'string' ? { url: options } : options;
      return server.inject({ ...request, headers: { ...authorization, ...(request.headers ?? {}) } });
    },
    async listen(): Promise<string> {
      return server.listen({ host: '127.0.0.1', port: 0 });
    },
    async dispose() {
      sweeper.stop();
      await server.close();
      await harness.dispose();
    },
  };
}
