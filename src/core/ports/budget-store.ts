/** Tokens and money, the two things a budget caps. */
export interface BudgetAmount {
  tokens: number;
  costUsd: number;
}

/** Caps of one budget; an absent cap is unlimited. */
export interface BudgetLimits {
  maxTokens?: number;
  maxCostUsd?: number;
}

/** Where a budget stands: settled spend, and reservations still in flight. */
export interface BudgetState {
  key: string;
  spent: BudgetAmount;
  reserved: BudgetAmount;
  /** Whether the one-time warning threshold has been crossed. */
  warned: boolean;
}

export interface ReserveRequest {
  /**
   * The budget: `run:<id>` today, `tenant:<id>:<period>` or `user:<id>:<period>` later. Keys
   * are opaque to the store; the caller decides which budgets a call counts against.
   */
  key: string;
  /** Unique per reservation, so settling twice (a retried settle) is harmless. */
  reservationId: string;
  /** The estimate: an upper bound of what the call can cost (prompt + max output tokens). */
  amount: BudgetAmount;
  /** Caps are given with every reservation, so limits can come from config, a request or a tenant record. */
  limits: BudgetLimits;
  /** Fraction of a cap whose first crossing is reported once (`warning: true`), e.g. 0.8. */
  warnFraction: number;
  /** A reservation not settled within this time is released: its holder crashed. */
  ttlMs: number;
}

export type ReserveDecision =
  | { allowed: true; state: BudgetState; warning: boolean }
  | { allowed: false; state: BudgetState; exceeded: 'tokens' | 'cost' };

/**
 * Token and cost budgets enforced by reservation. `reserve` admits a call only if the settled
 * spend, the reservations in flight and the new estimate together stay within every cap, and
 * records the reservation — atomically across every process sharing the store — so concurrent
 * callers can never jointly pass a cap on their estimates. `settle` replaces a reservation by
 * what the call really cost. Costs are kept in whole micro-dollars (rounded up), so sums are exact.
 */
export interface BudgetStore {
  reserve(request: ReserveRequest): Promise<ReserveDecision>;
  /**
   * Turns a reservation into actual spend (settle with zero to release it). Idempotent per
   * reservation id; a reservation that already expired still records its actual spend.
   */
  settle(key: string, reservationId: string, actual: BudgetAmount): Promise<BudgetState>;
  /** Current state; an unknown key is an empty budget. */
  get(key: string): Promise<BudgetState>;
}

const MICRO_PER_USD = 1_000_000;

/** USD → whole micro-dollars, rounded up (a budget never under-counts). */
export function toMicroUsd(costUsd: number): number {
  if (!(costUsd > 0)) return 0;
  // The small epsilon keeps 0.000150 (stored as 0.00015000000000000001) from becoming 151.
  return Math.ceil(costUsd * MICRO_PER_USD - 1e-6);
}

export function fromMicroUsd(micro: number): number {
  return micro / MICRO_PER_USD;
}

/** Whole tokens, rounded up; negative or missing counts are zero. */
export function toWholeTokens(tokens: number): number {
  return tokens > 0 ? Math.ceil(tokens) : 0;
}

/** Whole tokens and micro-dollars: what adapters store and compare. */
export interface BudgetCounters {
  tokens: number;
  microUsd: number;
}

/** Which cap a committed amount would pass, if any. */
export function exceededCap(committed: BudgetCounters, limits: BudgetLimits): 'tokens' | 'cost' | undefined {
  if (limits.maxTokens !== undefined && committed.tokens > toWholeTokens(limits.maxTokens)) return 'tokens';
  if (limits.maxCostUsd !== undefined && committed.microUsd > toMicroUsd(limits.maxCostUsd)) return 'cost';
  return undefined;
}

/** The committed amounts at which the warning fires, per cap (undefined: no cap). */
export function warningThresholds(limits: BudgetLimits, fraction: number): { tokens?: number; microUsd?: number } {
  return {
    ...(limits.maxTokens !== undefined ? { tokens: Math.ceil(fraction * toWholeTokens(limits.maxTokens)) } : {}),
    ...(limits.maxCostUsd !== undefined ? { microUsd: Math.ceil(fraction * toMicroUsd(limits.maxCostUsd)) } : {}),
  };
}

/** Whether a committed amount reaches the warning fraction of any cap. */
export function reachesWarning(committed: BudgetCounters, limits: BudgetLimits, fraction: number): boolean {
  const thresholds = warningThresholds(limits, fraction);
  return (thresholds.tokens !== undefined && committed.tokens >= thresholds.tokens) || (thresholds.microUsd !== undefined && committed.microUsd >= thresholds.microUsd);
}
