import type { Clock } from '../core/clock.js';
import { systemClock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { BudgetLimits, BudgetStore } from '../core/ports/budget-store.js';
import type { Cache } from '../core/ports/cache.js';
import type { RateLimitStore } from '../core/ports/rate-limit-store.js';
import type { Config } from '../config/schema.js';
import type { Analyst, AnalystCall } from './analyst.js';
import { BudgetGuard, type BudgetScope } from './gateway/budget-guard.js';
import { ModelGateway } from './gateway/model-gateway.js';
import { ProviderGuards } from './gateway/provider-guards.js';
import { ProviderRateLimiter } from './gateway/provider-rate-limiter.js';
import { ResponseCache } from './gateway/response-cache.js';
import { type ModelTier, parseModelChain } from './model-id.js';
import { ModelAnalyst } from './model-analyst.js';
import { PriceTable } from './prices.js';
import { selectPromptEvidence } from './prompt-evidence.js';
import { type ProviderSettings, ProviderRegistry } from './providers.js';

export interface ModelServicesOptions {
  models: Config['models'];
  budgets: Config['budgets'];
  budgetStore: BudgetStore;
  rateLimits: RateLimitStore;
  cache: Cache;
  /** Stands in for failed parts and answers every part when no model is configured. */
  extractive: Analyst;
  logger: Logger;
  clock?: Clock;
  /**
   * The tenant's monthly budget (key and caps of its tier), so the gateway reserves against the
   * same numbers the API's quota check reads. Without it only the configured caps apply.
   */
  tenantBudget?: (tenantId: string) => Promise<TenantBudget | undefined>;
}

/** A tenant's monthly budget scope: `tenant:<id>:<YYYY-MM>` and its tier's caps. */
export interface TenantBudget {
  key: string;
  limits: BudgetLimits;
}

export interface ModelServices {
  analyst: ModelAnalyst;
  gateway: ModelGateway;
  registry: ProviderRegistry;
  prices: PriceTable;
  tiers: Record<ModelTier, readonly string[]>;
}

/** Provider settings from the models config section (keys and endpoints, never from process.env). */
export function providerSettingsOf(models: Config['models']): ProviderSettings {
  return {
    openai: { ...(models.openaiApiKey ? { apiKey: models.openaiApiKey } : {}), ...(models.openaiBaseUrl ? { baseUrl: models.openaiBaseUrl } : {}) },
    anthropic: { ...(models.anthropicApiKey ? { apiKey: models.anthropicApiKey } : {}), ...(models.anthropicBaseUrl ? { baseUrl: models.anthropicBaseUrl } : {}) },
    google: { ...(models.googleApiKey ? { apiKey: models.googleApiKey } : {}), ...(models.googleBaseUrl ? { baseUrl: models.googleBaseUrl } : {}) },
    ollama: models.ollamaBaseUrl ? { baseUrl: models.ollamaBaseUrl } : {},
    openaiCompatible: {
      structuredOutputs: models.openaiCompatibleStructuredOutputs,
      ...(models.openaiCompatibleBaseUrl ? { baseUrl: models.openaiCompatibleBaseUrl } : {}),
      ...(models.openaiCompatibleApiKey ? { apiKey: models.openaiCompatibleApiKey } : {}),
    },
    structuredOutput: models.structuredOutput,
  };
}

/** The tighter of two caps (undefined is no cap). */
function tighter(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Math.min(a, b);
}

/**
 * `run:<id>` capped by config and the request; `tenant:<id>:<YYYY-MM>` capped by the tighter of
 * config and the tenant's tier. The tenant scope is charged even without a cap, so its monthly
 * spend is always counted (quotas and usage read it).
 */
export function budgetScopesOf(budgets: Config['budgets'], call: AnalystCall, clock: Clock, tenant?: TenantBudget): BudgetScope[] {
  const scopes: BudgetScope[] = [];
  if (call.runId) {
    const maxTokens = tighter(budgets.runMaxTokens, call.budget?.maxTokens);
    const maxCostUsd = tighter(budgets.runMaxCostUsd, call.budget?.maxCostUsd);
    const limits: BudgetLimits = { ...(maxTokens !== undefined ? { maxTokens } : {}), ...(maxCostUsd !== undefined ? { maxCostUsd } : {}) };
    scopes.push({ key: `run:${call.runId}`, limits });
  }
  if (call.tenantId) {
    const maxTokens = tighter(budgets.tenantMonthlyMaxTokens, tenant?.limits.maxTokens);
    const maxCostUsd = tighter(budgets.tenantMonthlyMaxCostUsd, tenant?.limits.maxCostUsd);
    scopes.push({
      key: tenant?.key ?? `tenant:${call.tenantId}:${clock.now().toISOString().slice(0, 7)}`,
      limits: { ...(maxTokens !== undefined ? { maxTokens } : {}), ...(maxCostUsd !== undefined ? { maxCostUsd } : {}) },
    });
  }
  return scopes;
}

/**
 * Wires the model gateway and the analyst from configuration. Configured tiers are checked now
 * (a missing key or base URL stops the program at start); per-request overrides at call time.
 */
export function createModelServices(options: ModelServicesOptions): ModelServices {
  const { models } = options;
  const clock = options.clock ?? systemClock;
  const registry = new ProviderRegistry(providerSettingsOf(models));
  const fast = parseModelChain(models.fast).map((model) => registry.requireUsable(model.id, 'CONSULTANTOS_MODEL_FAST').id);
  const strongChain = parseModelChain(models.strong).map((model) => registry.requireUsable(model.id, 'CONSULTANTOS_MODEL_STRONG').id);
  const tiers: Record<ModelTier, readonly string[]> = { fast, strong: strongChain.length > 0 ? strongChain : fast };
  const prices = new PriceTable(models.prices);
  const gateway = new ModelGateway({
    registry,
    prices,
    guards: new ProviderGuards({ circuitFailureThreshold: models.circuitFailureThreshold, circuitHalfOpenAfterMs: models.circuitHalfOpenAfterMs, concurrency: models.concurrencyPerProvider }),
    rateLimiter: new ProviderRateLimiter(options.rateLimits, { requestsPerMinute: models.requestsPerMinute, tokensPerMinute: models.tokensPerMinute }),
    budgets: new BudgetGuard(options.budgetStore, { warnFraction: options.budgets.warnFraction, reservationTtlMs: options.budgets.reservationTtlMs }),
    cache: new ResponseCache(options.cache, models.responseCacheTtlMs),
    maxAttemptsPerModel: models.maxAttempts,
    maxUpstreamCalls: models.maxUpstreamCalls,
    timeoutMs: models.timeoutMs,
    retry: { initialDelayMs: models.retryInitialDelayMs, maxDelayMs: models.retryMaxDelayMs, maxRetryAfterMs: models.maxRetryAfterMs },
    maxOutputTokens: models.maxOutputTokens,
    temperature: models.temperature,
    logger: options.logger,
  });
  const analyst = new ModelAnalyst({
    gateway,
    tiers,
    fallback: options.extractive,
    selectEvidence: selectPromptEvidence,
    budgetScopes: async (call) => budgetScopesOf(options.budgets, call, clock, call.tenantId && options.tenantBudget ? await options.tenantBudget(call.tenantId) : undefined),
    logger: options.logger,
  });
  return { analyst, gateway, registry, prices, tiers };
}
