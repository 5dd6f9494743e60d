/** The state of one rate-limit key after a `consume`. */
export interface RateLimitDecision {
  /** Whether the cost fitted in the window; a refused cost is not counted. */
  allowed: boolean;
  limit: number;
  /** What is left in the current window after this call. */
  remaining: number;
  /** Milliseconds until the window resets (for `Retry-After` and `RateLimit-Reset`). */
  resetMs: number;
}

/**
 * Counters for rate limits and quotas, in fixed windows. `consume` is atomic per key across
 * every process sharing the store (Redis in distributed mode), so concurrent clients can never
 * exceed the limit together.
 */
export interface RateLimitStore {
  consume(key: string, cost: number, limit: number, windowMs: number): Promise<RateLimitDecision>;
  /** Forgets a key (tests, admin resets). */
  reset(key: string): Promise<void>;
}
