import { setTimeout as sleep } from 'node:timers/promises';
import type { RateLimitStore } from '../../core/ports/rate-limit-store.js';
import { UpstreamFailure } from './upstream-failure.js';

export interface ProviderRateLimits {
  /** Requests per minute per provider endpoint; 0 = unlimited. */
  requestsPerMinute: number;
  /** Estimated tokens (prompt + max output) per minute per provider endpoint; 0 = unlimited. */
  tokensPerMinute: number;
}

const WINDOW_MS = 60_000;

/**
 * Keeps us under a provider's published limits before it has to send 429s. Counters live behind
 * the RateLimitStore port: in memory for one process, in Redis when several share a key.
 * A request waits for the next window rather than failing, up to `maxWaitMs`.
 */
export class ProviderRateLimiter {
  constructor(
    private readonly store: RateLimitStore,
    private readonly limits: ProviderRateLimits,
  ) {}

  get enabled(): boolean {
    return this.limits.requestsPerMinute > 0 || this.limits.tokensPerMinute > 0;
  }

  async acquire(providerKey: string, estimatedTokens: number, signal: AbortSignal, maxWaitMs: number): Promise<void> {
    if (!this.enabled) return;
    const deadline = Date.now() + maxWaitMs;
    await this.take(`model-requests:${providerKey}`, 1, this.limits.requestsPerMinute, signal, deadline);
    // A single request larger than the whole budget would wait forever; it is charged the cap.
    const tokens = Math.min(Math.max(1, Math.ceil(estimatedTokens)), this.limits.tokensPerMinute);
    await this.take(`model-tokens:${providerKey}`, tokens, this.limits.tokensPerMinute, signal, deadline);
  }

  private async take(key: string, cost: number, limit: number, signal: AbortSignal, deadline: number): Promise<void> {
    if (limit <= 0) return;
    for (;;) {
      const decision = await this.store.consume(key, cost, limit, WINDOW_MS);
      if (decision.allowed) return;
      const wait = decision.resetMs + Math.floor(Math.random() * 50);
      if (Date.now() + wait > deadline) {
        throw new UpstreamFailure('rate-limited', `Local rate limit for ${key.split(':').slice(1).join(':')} is exhausted for ${Math.ceil(decision.resetMs / 1000)} s`, { retryAfterMs: decision.resetMs });
      }
      await sleep(wait, undefined, { signal });
    }
  }
}
