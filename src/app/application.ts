import { type Clock, systemClock } from '../core/clock.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { Engine, type StepHandler } from '../core/engine.js';
import type { Logger } from '../core/logger.js';
import { MemoryCache } from '../core/memory/memory-cache.js';
import type { Cache } from '../core/ports/cache.js';
import type { EventBus } from '../core/ports/event-bus.js';
import type { JobQueue } from '../core/ports/job-queue.js';
import type { Config } from '../config/schema.js';
import type { Analyst } from '../llm/analyst.js';
import { ExtractiveAnalyst } from '../llm/extractive/index.js';
import { type ModelServices, type ModelServicesOptions, createModelServices } from '../llm/model-services.js';
import { tenantMonthlyBudget } from '../auth/limits.js';
import { MemoryBudgetStore } from '../core/memory/memory-budget-store.js';
import { MemoryRateLimitStore } from '../core/memory/memory-rate-limit-store.js';
import type { BudgetStore } from '../core/ports/budget-store.js';
import type { RateLimitStore } from '../core/ports/rate-limit-store.js';
import { SqlBudgetStore } from '../store/sql/sql-budget-store.js';
import type { Stores } from '../store/open-stores.js';
import { Metrics } from '../telemetry/metrics.js';
import { openInfrastructure } from './infrastructure.js';
import { ShareService } from '../reports/shares/share-service.js';
import { strategyHandlers } from '../workflows/strategy/handlers.js';
import type { AgentServices } from '../agents/services.js';
import { type SourcesDependencies, createEvidenceSources } from '../sources/evidence-sources.js';
import { type SecurityServices, createSecurityServices } from '../auth/security-services.js';
import { distributedSourceLimiters } from '../distributed/source-rate-limiters.js';

export interface Application {
  config: Config;
  stores: Stores;
  events: EventBus;
  queue: JobQueue;
  engine: Engine;
  analyst: Analyst;
  /** The model gateway behind the analyst (circuit states, prices, providers). */
  models: ModelServices;
  logger: Logger;
  metrics: Metrics;
  /** Readiness checks by dependency name; each throws when its dependency is unusable. */
  readiness: Record<string, () => Promise<void>>;
  /**
   * Whole reports by tenant and id. Reports never change once saved (a new analysis is a new
   * version), so only deletion invalidates; the cache must be shared by every process that can
   * delete (in-process in embedded mode, Redis in distributed mode).
   */
  reportCache: Cache;
  /** Tenants, users, keys, sessions, rate limits, quotas and the audit log. */
  security: SecurityServices;
  /** Read-only share links to reports. */
  shares: ShareService;
  close(): Promise<void>;
}

/** What the model layer needs from the rest of the application (ports; in-memory defaults). */
export interface ModelLayerDependencies {
  cache?: Cache;
  budgets?: BudgetStore;
  rateLimits?: RateLimitStore;
  clock?: Clock;
  tenantBudget?: ModelServicesOptions['tenantBudget'];
}

/**
 * The model gateway and the analyst the configuration asks for: models per tier with fallback
 * chains and the extractive analyst behind them; with no model configured every part is
 * extractive (a request may still name a model).
 */
export function createModelLayer(config: Config, logger: Logger, dependencies: ModelLayerDependencies = {}): ModelServices {
  return createModelServices({
    models: config.models,
    budgets: config.budgets,
    budgetStore: dependencies.budgets ?? new MemoryBudgetStore(dependencies.clock),
    rateLimits: dependencies.rateLimits ?? new MemoryRateLimitStore(dependencies.clock),
    cache: dependencies.cache ?? new MemoryCache({ maxEntries: 1_000 }),
    extractive: new ExtractiveAnalyst(),
    logger,
    ...(dependencies.clock ? { clock: dependencies.clock } : {}),
    ...(dependencies.tenantBudget ? { tenantBudget: dependencies.tenantBudget } : {}),
  });
}

/** The analyst the configuration asks for (see createModelLayer). */
export function createAnalyst(config: Config, logger: Logger, dependencies: ModelLayerDependencies = {}): Analyst {
  return createModelLayer(config, logger, dependencies).analyst;
}

/** Debug aid: every handler first waits `delayMs` (abortably), as a slow model would. */
export function withSimulatedLatency(handlers: Map<string, StepHandler>, delayMs: number): Map<string, StepHandler> {
  if (delayMs <= 0) return handlers;
  const wrapped = new Map<string, StepHandler>();
  for (const [agent, handler] of handlers) {
    wrapped.set(agent, async (context) => {
      await sleep(delayMs, undefined, { signal: context.signal });
      return handler(context);
    });
  }
  return wrapped;
}

/**
 * The composition root: configuration in, a wired engine out, in embedded or distributed mode
 * (see `openInfrastructure`); the same engine and handlers either way.
 */
export async function createApplication(
  config: Config,
  options: { logger: Logger; clock?: Clock; /** How evidence connectors reach the network (tests inject `fetch`). */ sources?: SourcesDependencies },
): Promise<Application> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger;
  const infrastructure = await openInfrastructure(config, { logger, clock });
  const { stores, events, queue } = infrastructure;
  const budgets = new SqlBudgetStore(stores.database.db, clock);
  // The gateway charges each tenant's monthly scope with its tier's caps (read at call time, so
  // a tier change applies to the next call); security services exist by the first call.
  const tenantBudget = async (tenantId: string) => {
    const tenant = await security.identities.getTenant(tenantId);
    return tenant ? tenantMonthlyBudget(tenantId, config.security.tiers[tenant.tier], clock.now(), security.configuredMonthlyCaps) : undefined;
  };
  const models = createModelLayer(config, logger, { cache: infrastructure.cache, budgets, rateLimits: infrastructure.rateLimits, clock, tenantBudget });
  const analyst = models.analyst;
  // Connector responses share the durable cache, so a second analysis of a company re-fetches nothing.
  // In distributed mode SEC's published 10 requests/s is kept by all processes together, through Redis.
  const sharedLimits: SourcesDependencies = infrastructure.mode === 'distributed' ? { limiterFor: distributedSourceLimiters(infrastructure.rateLimits) } : {};
  const sources = createEvidenceSources(config.sources, { cache: infrastructure.cache, ...sharedLimits, ...options.sources });
  const services: AgentServices = { analyst, extractive: new ExtractiveAnalyst(), reports: stores.reports, clock, logger, sources };
  // Gauges read the queue, circuits and caches at scrape time, after all exist.
  const metrics: Metrics = new Metrics({
    queueStats: () => queue.stats(),
    circuitStates: () => ({ ...engine.circuits.states(), ...models.gateway.guards.states() }),
    cacheStats: () => infrastructure.cacheStats(),
  });
  const engine = new Engine({
    onEvent: (event) => metrics.observe(event),
    runs: stores.runs,
    evidence: stores.evidence,
    events,
    handlers: withSimulatedLatency(strategyHandlers(services), config.debug.stepDelayMs),
    leaseMs: config.engine.leaseMs,
    attemptGraceMs: config.engine.attemptGraceMs,
    clock,
    logger,
  });
  // Quotas read the same budget rows the gateway spends; rate limits are shared per deployment mode.
  const security = createSecurityServices(config, { db: stores.database.db, limits: infrastructure.rateLimits, budgets, clock });
  return {
    config,
    stores,
    events,
    queue,
    engine,
    analyst,
    models,
    logger,
    metrics,
    reportCache: infrastructure.reportCache,
    security,
    shares: new ShareService(stores.database.db, security.tokenSecret, clock),
    readiness: infrastructure.readiness,
    async close() {
      await infrastructure.close(config.engine.drainGraceMs);
    },
  };
}
