import { setTimeout as sleepFor } from 'node:timers/promises';
import { CancelledError, ConsultantError } from '../../core/errors.js';
import type { RateLimitDecision, RateLimitStore } from '../../core/ports/rate-limit-store.js';

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

export interface StoreRateLimiterOptions {
  /**
   * One request per fixed window of this many ms on the store's clock. Every process sharing the
   * key must use the same window: windows of different sizes reset each other's count.
   */
  windowMs: number;
  /**
   * An admission whose round trip to the store took longer than this is not used (its slot is
   * simply lost, which only lowers the rate): the request would start too long after the store
   * admitted it, eating into the headroom `sharedWindowMs` leaves for that lag.
   */
  maxRoundTripMs?: number;
  timing?: Timing;
}

/**
 * Admission through the shared `RateLimitStore` (Redis in distributed mode), for limits that
 * must hold across processes: one request per fixed window, so a sliding second overlaps at most
 * `⌈1000 / windowMs⌉ + 1` windows (see `sharedWindowMs` for choosing the window). Waits until
 * admitted rather than failing. Callers of one instance queue in arrival order and only the
 * first asks the store, so a burst costs the store one or two calls per window per process, not
 * one per waiting request. A store that cannot answer fails the request (`SOURCE_FAILED`, retryable):
 * without the shared count the limit cannot be kept, so nothing is sent.
 */
/** Consecutive admissions discarded for lag before a request gives up (retryable). */
const MAX_LATE_ADMISSIONS = 5;

export class StoreRateLimiter implements RateLimiter {
  private queue: Promise<void> = Promise.resolve();
  private readonly timing: Timing;

  constructor(
    private readonly store: RateLimitStore,
    private readonly key: string,
    private readonly options: StoreRateLimiterOptions,
  ) {
    if (!(options.windowMs >= 1)) throw new RangeError(`windowMs must be at least 1 (got ${options.windowMs})`);
    this.timing = options.timing ?? realTiming;
  }

  async acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw cancelledWait(signal);
    const previous = this.queue;
    let release = (): void => undefined;
    this.queue = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      await untilSettledOrAborted(previous, signal);
      await this.admit(signal);
    } finally {
      // A caller that gave up early still hands the turn on only after everyone ahead of it.
      void previous.then(release);
    }
  }

  private async admit(signal: AbortSignal | undefined): Promise<void> {
    let late = 0;
    for (;;) {
      if (signal?.aborted) throw cancelledWait(signal);
      const sentAt = this.timing.now();
      let decision: RateLimitDecision;
      try {
        decision = await this.store.consume(this.key, 1, 1, this.options.windowMs);
      } catch (error) {
        throw new ConsultantError('SOURCE_FAILED', `The shared rate limit ${this.key} could not be checked: ${(error as Error).message}`, { cause: error, retryable: true, details: { key: this.key } });
      }
      if (signal?.aborted) throw cancelledWait(signal);
      if (decision.allowed) {
        if (this.options.maxRoundTripMs === undefined || this.timing.now() - sentAt <= this.options.maxRoundTripMs) return;
        // Sustained lag (a slow store or a saturated event loop) would discard every slot and hang
        // the request until its step times out: after a few, fail it as retryable instead.
        late += 1;
        if (late >= MAX_LATE_ADMISSIONS) {
          throw new ConsultantError('SOURCE_FAILED', `The shared rate limit ${this.key} answered too slowly ${late} times in a row (over ${this.options.maxRoundTripMs} ms)`, { retryable: true, details: { key: this.key } });
        }
        continue;
      }
      await this.timing.sleep(Math.max(1, decision.resetMs), signal);
    }
  }
}

function cancelledWait(signal: AbortSignal): CancelledError {
  return new CancelledError('Waiting for a rate-limit slot was cancelled', { cause: signal.reason });
}

/** Resolves with `turn` (which never rejects), or rejects with `CancelledError` once `signal` aborts. */
function untilSettledOrAborted(turn: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (signal === undefined) return turn;
  return new Promise<void>((resolve, reject) => {
    const onAbort = (): void => reject(cancelledWait(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    void turn.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}

/** No limit: for connectors whose upstream is the user's own server. */
export const unlimited: RateLimiter = {
  async acquire(signal) {
    if (signal?.aborted) throw new CancelledError('The request was cancelled', { cause: signal.reason });
  },
};
