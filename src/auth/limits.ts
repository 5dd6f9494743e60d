import type { TierConfig } from '../config/schema.js';
import type { RateLimitDecision, RateLimitStore } from '../core/ports/rate-limit-store.js';
import type { BudgetLimits } from '../core/ports/budget-store.js';
import { SecurityError } from './security-errors.js';
import type { BudgetReader } from './security-services.js';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

export interface LimitRule {
  /** What is being counted, e.g. `ip:203.0.113.9`, `key:key_…`, `tenant:acme`. */
  key: string;
  limit: number;
  windowMs: number;
}

export interface LimitOutcome {
  allowed: boolean;
  /** The decision closest to its limit: what the `RateLimit-*` headers report. */
  tightest?: RateLimitDecision & { windowMs: number };
}

/**
 * Consumes one request from each rule in order and stops at the first refusal, so a request
 * refused by its address does not also spend its key's allowance.
 */
export async function consumeLimits(store: RateLimitStore, rules: readonly LimitRule[]): Promise<LimitOutcome> {
  let tightest: LimitOutcome['tightest'];
  for (const rule of rules) {
    const decision = await store.consume(`rate:${rule.key}`, 1, rule.limit, rule.windowMs);
    if (!tightest || !decision.allowed || decision.remaining / decision.limit < tightest.remaining / tightest.limit) tightest = { ...decision, windowMs: rule.windowMs };
    if (!decision.allowed) return { allowed: false, tightest };
  }
  return { allowed: true, ...(tightest ? { tightest } : {}) };
}

/** `RateLimit-*` headers (IETF draft) for a decision, plus `Retry-After` when refused. */
export function rateLimitHeaders(decision: RateLimitDecision & { windowMs: number }): Record<string, string> {
  const resetSeconds = Math.max(1, Math.ceil(decision.resetMs / 1000));
  return {
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(Math.max(0, decision.remaining)),
    'ratelimit-reset': String(resetSeconds),
    'ratelimit-policy': `${decision.limit};w=${Math.round(decision.windowMs / 1000)}`,
    ...(decision.allowed ? {} : { 'retry-after': String(resetSeconds) }),
  };
}

/** `YYYY-MM` of the UTC month containing `now`. */
export function monthOf(now: Date): string {
  return now.toISOString().slice(0, 7);
}

function secondsToNextMonth(now: Date): number {
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1);
  return Math.max(1, Math.ceil((next - now.getTime()) / 1000));
}

/**
 * The tenant's monthly budget as the model gateway should reserve against it: the key and caps
 * come from here so the API's quota check and the gateway's enforcement read the same numbers.
 */
export function tenantMonthlyBudget(tenantId: string, tier: TierConfig, now: Date, configured: BudgetLimits = {}): { key: string; limits: BudgetLimits } {
  // The tier's caps and the deployment-wide ones (CONSULTANTOS_BUDGET_TENANT_MONTHLY_*): the lower wins.
  const lower = (a: number | undefined, b: number | undefined) => (a === undefined ? b : b === undefined ? a : Math.min(a, b));
  const maxTokens = lower(tier.tokensPerMonth, configured.maxTokens);
  const maxCostUsd = lower(tier.costUsdPerMonth, configured.maxCostUsd);
  return {
    key: `tenant:${tenantId}:${monthOf(now)}`,
    limits: { ...(maxTokens !== undefined ? { maxTokens } : {}), ...(maxCostUsd !== undefined ? { maxCostUsd } : {}) },
  };
}

/**
 * Quotas checked before a run starts or resumes: analyses per UTC day (counted atomically in
 * the rate-limit store, so concurrent submissions cannot pass it together) and the tenant's
 * monthly tokens and cost (read from the budget store the model gateway spends from).
 */
export async function enforceRunQuotas(input: { store: RateLimitStore; budgets?: BudgetReader; callReserveTokens?: number; configuredMonthlyCaps?: BudgetLimits; tenantId: string; tier: TierConfig; now: Date; countAnalysis: boolean }): Promise<void> {
  const { tier, tenantId, now } = input;
  if (input.budgets) {
    const budget = tenantMonthlyBudget(tenantId, tier, now, input.configuredMonthlyCaps);
    const state = await input.budgets.get(budget.key);
    const tokens = state.spent.tokens + state.reserved.tokens;
    const cost = state.spent.costUsd + state.reserved.costUsd;
    // Used up when what is left cannot pay for one more model call (the gateway reserves a
    // call's prompt plus its largest answer before making it).
    const tokensLeft = budget.limits.maxTokens !== undefined ? budget.limits.maxTokens - tokens : Infinity;
    const exceeded = tokensLeft <= 0 || tokensLeft < (input.callReserveTokens ?? 0) ? `${budget.limits.maxTokens} tokens` : budget.limits.maxCostUsd !== undefined && cost >= budget.limits.maxCostUsd ? `$${budget.limits.maxCostUsd}` : undefined;
    if (exceeded) {
      throw new SecurityError('QUOTA_EXCEEDED', `The tenant's monthly model quota (${exceeded}) is used up; it renews at the start of next month (UTC)`, { 'retry-after': String(secondsToNextMonth(now)) });
    }
  }
  if (input.countAnalysis) {
    const decision = await input.store.consume(`quota:analyses:${tenantId}`, 1, tier.analysesPerDay, DAY_MS);
    if (!decision.allowed) {
      throw new SecurityError('QUOTA_EXCEEDED', `The tenant's quota of ${tier.analysesPerDay} analyses per day is used up; it renews at 00:00 UTC`, {
        'retry-after': String(Math.max(1, Math.ceil(decision.resetMs / 1000))),
        'ratelimit-limit': String(decision.limit),
        'ratelimit-remaining': '0',
        'ratelimit-reset': String(Math.max(1, Math.ceil(decision.resetMs / 1000))),
      });
    }
  }
}
