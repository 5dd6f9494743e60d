import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/logger.js';
import type { RunEvent } from '../core/ports/run-store.js';
import { Metrics } from './metrics.js';
import { type MetricsServer, startMetricsServer } from './metrics-server.js';

function event(type: string, data: RunEvent['data']): RunEvent {
  return { runId: 'run_1', seq: 1, type, at: new Date().toISOString(), stepId: null, data };
}

describe('metrics listener (workers)', () => {
  let server: MetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const metrics = () =>
    new Metrics({
      queueStats: async () => ({ waiting: 3, active: 1 }),
      circuitStates: () => ({ 'model:openai': 'open' }),
      cacheStats: () => ({ shared: { hits: { memory: 5, redis: 2 }, misses: 1, missesByTier: { memory: 3, redis: 1 }, errors: { memory: 0, redis: 4 } } }),
    });

  it('serves the registry on /metrics and liveness on /healthz', async () => {
    const registry = metrics();
    registry.observe(event('step-end', { agent: 'research', durationMs: 1200, usage: { calls: 2, inputTokens: 100, outputTokens: 40, costUsd: 0.01 } }));
    registry.observe(event('run-end', { status: 'succeeded' }));
    server = await startMetricsServer({ registry: registry.registry, host: '127.0.0.1', port: 0, logger: silentLogger });
    expect(server.address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const scraped = await fetch(`${server.address}/metrics`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
    const body = await scraped.text();
    expect(body).toContain('consultantos_runs_total{status="succeeded"} 1');
    expect(body).toContain('consultantos_step_attempts_total{agent="research",outcome="succeeded"} 1');
    expect(body).toContain('consultantos_model_calls_total{agent="research"} 2');
    expect(body).toContain('consultantos_queue_jobs{state="waiting"} 3');
    expect(body).toContain('consultantos_circuit_state{circuit="model:openai"} 2');
    expect(body).toContain('consultantos_cache_requests_total{cache="shared",tier="memory",result="hit"} 5');
    expect(body).toContain('consultantos_cache_requests_total{cache="shared",tier="redis",result="miss"} 1');
    expect(body).toContain('consultantos_cache_errors_total{cache="shared",tier="redis"} 4');

    const health = await fetch(`${server.address}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });

  it('serves nothing else', async () => {
    server = await startMetricsServer({ registry: metrics().registry, host: '127.0.0.1', port: 0, logger: silentLogger });
    expect((await fetch(`${server.address}/v1/runs`)).status).toBe(404);
    const posted = await fetch(`${server.address}/metrics`, { method: 'POST', body: 'x' });
    expect(posted.status).toBe(405);
    expect(posted.headers.get('allow')).toBe('GET, HEAD');
    const head = await fetch(`${server.address}/metrics`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('reports a port that is taken and closes promptly with a client still connected', async () => {
    server = await startMetricsServer({ registry: metrics().registry, host: '127.0.0.1', port: 0, logger: silentLogger });
    const port = Number(new URL(server.address).port);
    await expect(startMetricsServer({ registry: metrics().registry, host: '127.0.0.1', port, logger: silentLogger })).rejects.toThrow(/EADDRINUSE/);
    // A keep-alive connection from the last scrape must not hold the shutdown.
    await (await fetch(`${server.address}/healthz`, { headers: { connection: 'keep-alive' } })).text();
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(fetch(`${server.address}/healthz`)).rejects.toThrow();
  });
});
