import type { LanguageModel } from 'ai';
import { z } from 'zod';
import { MemoryBudgetStore } from '../../src/core/memory/memory-budget-store.js';
import { MemoryCache } from '../../src/core/memory/memory-cache.js';
import type { Clock } from '../../src/core/clock.js';
import { MemoryRateLimitStore } from '../../src/core/memory/memory-rate-limit-store.js';
import { BudgetGuard } from '../../src/llm/gateway/budget-guard.js';
import { ModelGateway, type ModelGatewayOptions } from '../../src/llm/gateway/model-gateway.js';
import { ProviderGuards } from '../../src/llm/gateway/provider-guards.js';
import { ProviderRateLimiter } from '../../src/llm/gateway/provider-rate-limiter.js';
import { ResponseCache } from '../../src/llm/gateway/response-cache.js';
import { type ModelPrice, PriceTable } from '../../src/llm/prices.js';
import { type ProviderSettings, ProviderRegistry } from '../../src/llm/providers.js';

/** A small schema with evidence ids, the shape every agent's answer has. */
export const FindingsSchema = z.object({
  summary: z.string().min(1),
  findings: z.array(z.object({ text: z.string().min(1), evidenceIds: z.array(z.string()) })).min(1).max(5),
});

export const FINDINGS_PROMPT = [
  'Company: Acme Robotics',
  '<<<EVIDENCE 1 id=ev_00000000000000a1 kind=document title="Annual report">>>',
  'Acme Robotics grew revenue 12 % to $40 million in 2024 while warehouse automation demand rose.',
  '<<<END EVIDENCE 1>>>',
  '<<<EVIDENCE 2 id=ev_00000000000000b2 kind=document title="Market study">>>',
  'Competitors in warehouse robotics cut prices by 8 % as supplier costs for sensors increased.',
  '<<<END EVIDENCE 2>>>',
].join('\n');

export interface GatewayHarnessOptions {
  settings?: ProviderSettings;
  prebuilt?: Record<string, LanguageModel>;
  prices?: Record<string, ModelPrice>;
  budgetStore?: MemoryBudgetStore;
  cacheTtlMs?: number;
  rateLimits?: { requestsPerMinute: number; tokensPerMinute: number };
  /** The rate-limit windows' clock; a fixed one keeps a test from straddling a window edge. */
  rateLimitClock?: Clock;
  circuit?: { failureThreshold: number; halfOpenAfterMs: number };
  overrides?: Partial<ModelGatewayOptions>;
}

/** A gateway wired like the application's, over in-memory ports, with test-sized timings. */
export function testGateway(options: GatewayHarnessOptions = {}): { gateway: ModelGateway; guards: ProviderGuards; budgets: MemoryBudgetStore; prices: PriceTable } {
  const guards = new ProviderGuards({
    circuitFailureThreshold: options.circuit?.failureThreshold ?? 50,
    circuitHalfOpenAfterMs: options.circuit?.halfOpenAfterMs ?? 60_000,
    concurrency: 8,
  });
  const budgets = options.budgetStore ?? new MemoryBudgetStore();
  const prices = new PriceTable(options.prices ?? {});
  const gateway = new ModelGateway({
    registry: new ProviderRegistry(options.settings ?? {}, options.prebuilt ?? {}),
    prices,
    guards,
    rateLimiter: new ProviderRateLimiter(new MemoryRateLimitStore(options.rateLimitClock), options.rateLimits ?? { requestsPerMinute: 0, tokensPerMinute: 0 }),
    budgets: new BudgetGuard(budgets, { warnFraction: 0.8, reservationTtlMs: 60_000 }),
    cache: new ResponseCache(new MemoryCache(), options.cacheTtlMs ?? 0),
    maxAttemptsPerModel: 2,
    maxUpstreamCalls: 6,
    timeoutMs: 5_000,
    retry: { initialDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 2_000 },
    maxOutputTokens: 1_000,
    temperature: 0.2,
    ...options.overrides,
  });
  return { gateway, guards, budgets, prices };
}
