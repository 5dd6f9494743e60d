import { setTimeout as sleepFor } from 'node:timers/promises';
import { CancelledError } from '../../core/errors.js';
import type { RateLimitStore } from '../../core/ports/rate-limit-store.js';

/** Admission for outgoing requests of one connector (or one upstream shared by several). */
export interface RateLimiter {
  /** Resolves when one more request may start; rejects with `CancelledError` when `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<void>;
}

/** Time as the limiter sees it; tests substitute a virtual clock so bursts need no real waiting. */
export interface Timing {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Monotonic: a wall-clock step (NTP) must not open or close a burst. */
export const realTiming: Timing = {
  now: () => performance.now(),
  sleep: async (ms, signal) => {
    try {
      await sleepFor(ms, undefined, signal ? { signal } : {});
    } catch (error) {
      throw new CancelledError('Waiting for a rate-limit slot was cancelled', { cause: error });
    }
  },
};

/**
 * Spaces request starts at least `1000 / requestsPerSecond` ms apart, one caller at a time in
 * arrival order. Spacing is measured from when the previous caller was actually released (not
 * when it was scheduled), so a caller delayed by a busy event loop never lets the next one
 * start early: no one-second window, wherever it starts, holds more than `requestsPerSecond`
 * starts — which is how SEC counts.
 */
export class IntervalRateLimiter implements RateLimiter {
  private lastStart = Number.NEGATIVE_INFINITY;
  private queue: Promise<void> = Promise.resolve();
  private intervalMs: number;

  constructor(requestsPerSecond: number, private readonly timing: Timing = realTiming) {
    this.intervalMs = 1000 / requestsPerSecond;
  }

  /** Lowers the rate when a stricter caller shares this limiter; never raises it. */
  tighten(requestsPerSecond: number): void {
    this.intervalMs = Math.max(this.intervalMs, 1000 / requestsPerSecond);
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    const cancelled = (): CancelledError => new CancelledError('Waiting for a rate-limit slot was cancelled', { cause: signal?.reason });
    if (signal?.aborted) throw cancelled();
    const previous = this.queue;
    let release = (): void => undefined;
    this.queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await previous;
      if (signal?.aborted) throw cancelled();
      // Timers may fire a little early against the clock; wait until the slot has really come.
      for (let now = this.timing.now(); now < this.lastStart + this.intervalMs; now = this.timing.now()) {
        await this.timing.sleep(this.lastStart + this.intervalMs - now, signal);
      }
      this.lastStart = this.timing.now();
    } finally {
      release();
    }
  }
}

const processLimiters = new Map<string, IntervalRateLimiter>();

/**
 * One limiter per upstream for the whole process: every client of SEC EDGAR, whichever agent or
 * run created it, shares the same spacing, so the process as a whole stays under the limit.
 */
export function processRateLimiter(key: string, requestsPerSecond: number): RateLimiter {
  const existing = processLimiters.get(key);
  if (existing !== undefined) {
    existing.tighten(requestsPerSecond);
    return existing;
  }
  const limiter = new IntervalRateLimiter(requestsPerSecond);
  processLimiters.set(key, limiter);
  return limiter;
}

/**
 * Admission through the shared `RateLimitStore` (Redis in distributed mode), for limits that
 * must hold across processes. One request per window of `1000 / rate` ms: a sliding second then
 * overlaps at most `rate + 1` windows, so callers should configure a rate one below the
 * upstream's hard limit (SEC: 8 or 9 for its 10 per second).
 */
export class StoreRateLimiter implements RateLimiter {
  private readonly windowMs: number;

  constructor(
    private readonly store: RateLimitStore,
    private readonly key: string,
    requestsPerSecond: number,
    private readonly timing: Timing = realTiming,
  ) {
    this.windowMs = Math.max(1, Math.ceil(1000 / requestsPerSecond));
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw new CancelledError('Waiting for a rate-limit slot was cancelled', { cause: signal.reason });
      const decision = await this.store.consume(this.key, 1, 1, this.windowMs);
      if (decision.allowed) return;
      await this.timing.sleep(Math.max(1, decision.resetMs), signal);
    }
  }
}

/** No limit: for connectors whose upstream is the user's own server. */
export const unlimited: RateLimiter = {
  async acquire(signal) {
    if (signal?.aborted) throw new CancelledError('The request was cancelled', { cause: signal.reason });
  },
};
