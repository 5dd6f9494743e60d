import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { TieredCacheStats } from '../cache/tiered-cache.js';
import type { RunEvent } from '../core/ports/run-store.js';

export interface MetricsSources {
  queueStats(): Promise<{ waiting: number; active: number }>;
  circuitStates(): Record<string, string>;
  /** Counts since start of each cache of this process, by cache name (`shared`, `reports`). */
  cacheStats?(): Record<string, TieredCacheStats>;
}

const CIRCUIT_VALUES: Record<string, number> = { closed: 0, 'half-open': 1, open: 2, isolated: 3 };

/**
 * Prometheus metrics of one process. Run and step counters come from the events this process's
 * engine persisted (so N processes never double count); gauges are read at scrape time.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  private readonly runs: Counter<'status'>;
  private readonly steps: Counter<'agent' | 'outcome'>;
  private readonly stepDuration: Histogram<'agent'>;
  private readonly modelCalls: Counter<'agent'>;
  private readonly modelTokens: Counter<'agent' | 'direction'>;
  private readonly modelCost: Counter<'agent'>;

  constructor(sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'consultantos_process_' });
    this.httpDuration = new Histogram({ name: 'consultantos_http_request_duration_seconds', help: 'HTTP request duration', labelNames: ['method', 'route', 'status_code'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [this.registry] });
    this.runs = new Counter({ name: 'consultantos_runs_total', help: 'Runs that ended, by status', labelNames: ['status'], registers: [this.registry] });
    this.steps = new Counter({ name: 'consultantos_step_attempts_total', help: 'Step attempts that ended, by agent and outcome', labelNames: ['agent', 'outcome'], registers: [this.registry] });
    this.stepDuration = new Histogram({ name: 'consultantos_step_duration_seconds', help: 'Step attempt duration by agent', labelNames: ['agent'], buckets: [0.05, 0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300], registers: [this.registry] });
    this.modelCalls = new Counter({ name: 'consultantos_model_calls_total', help: 'Model calls by agent', labelNames: ['agent'], registers: [this.registry] });
    this.modelTokens = new Counter({ name: 'consultantos_model_tokens_total', help: 'Model tokens by agent and direction', labelNames: ['agent', 'direction'], registers: [this.registry] });
    this.modelCost = new Counter({ name: 'consultantos_model_cost_usd_total', help: 'Model cost in USD by agent', labelNames: ['agent'], registers: [this.registry] });
    new Gauge({
      name: 'consultantos_queue_jobs',
      help: 'Jobs waiting and active on the job queue',
      labelNames: ['state'],
      registers: [this.registry],
      async collect() {
        const stats = await sources.queueStats().catch(() => ({ waiting: -1, active: -1 }));
        this.set({ state: 'waiting' }, stats.waiting);
        this.set({ state: 'active' }, stats.active);
      },
    });
    new Gauge({
      name: 'consultantos_circuit_state',
      help: 'Circuit breaker state per key (0 closed, 1 half-open, 2 open, 3 isolated)',
      labelNames: ['circuit'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [key, state] of Object.entries(sources.circuitStates())) this.set({ circuit: key }, CIRCUIT_VALUES[state] ?? -1);
      },
    });
    // The caches count for themselves; these counters copy their totals at scrape time.
    new Counter({
      name: 'consultantos_cache_requests_total',
      help: 'Cache reads per cache and tier: answered by the tier (hit) or passed on to the next tier, or to the source when it is the last (miss)',
      labelNames: ['cache', 'tier', 'result'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [cache, stats] of Object.entries(sources.cacheStats?.() ?? {})) {
          for (const [tier, hits] of Object.entries(stats.hits)) this.inc({ cache, tier, result: 'hit' }, hits);
          for (const [tier, misses] of Object.entries(stats.missesByTier)) this.inc({ cache, tier, result: 'miss' }, misses);
        }
      },
    });
    new Counter({
      name: 'consultantos_cache_errors_total',
      help: 'Failed cache reads, writes and deletes per cache and tier (the cache carries on with the other tiers)',
      labelNames: ['cache', 'tier'],
      registers: [this.registry],
      collect() {
        this.reset();
        for (const [cache, stats] of Object.entries(sources.cacheStats?.() ?? {})) {
          for (const [tier, errors] of Object.entries(stats.errors)) this.inc({ cache, tier }, errors);
        }
      },
    });
  }

  /** Engine observer: counts what this process's engine persisted. */
  observe(event: RunEvent): void {
    const data = (event.data ?? {}) as Record<string, unknown>;
    const agent = typeof data.agent === 'string' ? data.agent : 'unknown';
    if (event.type === 'run-end' && typeof data.status === 'string') this.runs.inc({ status: data.status });
    if (event.type === 'step-end' || event.type === 'step-error') {
      const code = (data.error as { code?: string } | undefined)?.code;
      this.steps.inc({ agent, outcome: event.type === 'step-end' ? 'succeeded' : code === 'CANCELLED' || code === 'DRAINING' ? 'cancelled' : 'failed' });
      if (typeof data.durationMs === 'number') this.stepDuration.observe({ agent }, data.durationMs / 1000);
    }
    const usage = data.usage as { inputTokens?: number; outputTokens?: number; cachedTokens?: number; costUsd?: number; calls?: number } | undefined;
    if (event.type === 'step-end' && usage && (usage.calls ?? 0) > 0) {
      this.modelCalls.inc({ agent }, usage.calls ?? 0);
      this.modelTokens.inc({ agent, direction: 'input' }, usage.inputTokens ?? 0);
      this.modelTokens.inc({ agent, direction: 'output' }, usage.outputTokens ?? 0);
      this.modelTokens.inc({ agent, direction: 'cached' }, usage.cachedTokens ?? 0);
      this.modelCost.inc({ agent }, usage.costUsd ?? 0);
    }
  }
}
