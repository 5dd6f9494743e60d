import type { RateLimitStore } from '../core/ports/rate-limit-store.js';
import { ADMISSION_SKEW_ALLOWANCE_MS, PUBLISHED_RATE_LIMITS, sharedWindowMs } from '../sources/http/published-rate-limits.js';
import { IntervalRateLimiter, processRateLimiter, realTiming, StoreRateLimiter } from '../sources/http/rate-limiter.js';
import type { RateLimiter, Timing } from '../sources/http/rate-limiter.js';

/** What `createEvidenceSources` takes as `dependencies.limiterFor`. */
export type LimiterFor = (upstream: string, requestsPerSecond: number) => RateLimiter;

export interface DistributedSourceLimitersOptions {
  /** Tests substitute a virtual clock. */
  timing?: Timing;
}

/** Key of an upstream's shared count in the rate-limit store. */
export function sharedSourceKey(upstream: string): string {
  return `source-requests:${upstream}`;
}

/**
 * The connectors' `limiterFor` in distributed mode, where many worker processes call the same
 * upstreams. An upstream with a published limit for the whole client (`PUBLISHED_RATE_LIMITS`:
 * SEC's 10 per second, whatever the number of machines) is admitted through the shared store,
 * one request per `sharedWindowMs` window, so every process together keeps the limit; each
 * process also keeps its own configured rate (`sources.secRequestsPerSecond`) in front of it.
 * Requests wait for a slot (abortably) rather than fail. Other upstreams keep the per-process
 * spacing of embedded mode: their rates are politeness, not a published limit, and they need
 * not depend on Redis.
 *
 * Every process builds the same windows from the same table, so they agree on the shared count;
 * build one per process and reuse it, so all of a process's clients share one queue per upstream.
 */
export function distributedSourceLimiters(store: RateLimitStore, options: DistributedSourceLimitersOptions = {}): LimiterFor {
  const timing = options.timing ?? realTiming;
  const limiters = new Map<string, { local: IntervalRateLimiter; limiter: RateLimiter }>();
  return (upstream, requestsPerSecond) => {
    const published = PUBLISHED_RATE_LIMITS.get(upstream);
    if (published === undefined) return processRateLimiter(upstream, requestsPerSecond);
    const existing = limiters.get(upstream);
    if (existing !== undefined) {
      existing.local.tighten(requestsPerSecond);
      return existing.limiter;
    }
    const local = new IntervalRateLimiter(requestsPerSecond, timing);
    const shared = new StoreRateLimiter(store, sharedSourceKey(upstream), {
      windowMs: sharedWindowMs(published.requestsPerSecond),
      maxRoundTripMs: ADMISSION_SKEW_ALLOWANCE_MS,
      timing,
    });
    // Local spacing first: a shared admission must be used at once, or its lag eats the headroom.
    const limiter: RateLimiter = {
      acquire: async (signal) => {
        await local.acquire(signal);
        await shared.acquire(signal);
      },
    };
    limiters.set(upstream, { local, limiter });
    return limiter;
  };
}
