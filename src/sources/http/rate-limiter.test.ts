import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '../../core/memory/memory-rate-limit-store.js';
import { CancelledError, ConsultantError } from '../../core/errors.js';
import type { RateLimitStore } from '../../core/ports/rate-limit-store.js';
import { IntervalRateLimiter, processRateLimiter, StoreRateLimiter } from './rate-limiter.js';
import type { Timing } from './rate-limiter.js';
import { busiestWindow } from '../../../test/fixtures/sources/windows.js';
import { virtualClock } from '../../../test/fixtures/sources/virtual-clock.js';

/** A clock that only moves when someone sleeps: bursts of hundreds of requests take no real time. */
function virtualTiming(): Timing & { sleeps: number } {
  let now = 0;
  const timing = {
    sleeps: 0,
    now: () => now,
    sleep: async (ms: number) => {
      timing.sleeps += 1;
      now += ms;
    },
  };
  return timing;
}

describe('IntervalRateLimiter', () => {
  it('lets no one-second window hold more than the rate, however the burst arrives', async () => {
    const timing = virtualTiming();
    const limiter = new IntervalRateLimiter(10, timing);
    const starts: number[] = [];
    for (let index = 0; index < 100; index += 1) {
      await limiter.acquire();
      starts.push(timing.now());
    }
    expect(busiestWindow(starts)).toBe(10);
    expect(starts.at(-1)).toBeCloseTo(9_900, 6);
  });

  it('spaces concurrent callers in arrival order', async () => {
    const timing = virtualTiming();
    const limiter = new IntervalRateLimiter(4, timing);
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3, 4].map(async (index) => {
      await limiter.acquire();
      order.push(index);
    }));
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  it('shares one limiter per upstream for the process, at the strictest rate asked', async () => {
    const first = processRateLimiter('example.test', 10);
    const second = processRateLimiter('example.test', 5);
    expect(second).toBe(first);
    const started = performance.now();
    await first.acquire();
    await second.acquire();
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('rejects with CancelledError when the wait is aborted', async () => {
    const limiter = new IntervalRateLimiter(1);
    await limiter.acquire();
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('StoreRateLimiter (over the RateLimitStore port)', () => {
  it('admits one request per window, so a sliding second holds at most 1000 / window + 1', async () => {
    let now = 0;
    const store = new MemoryRateLimitStore({ now: () => new Date(now) });
    const timing: Timing = { now: () => now, sleep: async (ms) => { now += ms; } };
    const limiter = new StoreRateLimiter(store, 'sec.gov', { windowMs: 125, timing });
    const starts: number[] = [];
    for (let index = 0; index < 60; index += 1) {
      await limiter.acquire();
      starts.push(now);
    }
    expect(busiestWindow(starts)).toBeLessThanOrEqual(9);
    expect(new Set(starts.map((start) => Math.floor(start / 125))).size).toBe(60);
  });

  it('asks the store once per window for a whole queue of callers, and admits them in arrival order', async () => {
    const time = virtualClock();
    const store = new MemoryRateLimitStore(time.clock);
    let asked = 0;
    const counting: RateLimitStore = { consume: (...args) => ((asked += 1), store.consume(...args)), reset: (key) => store.reset(key) };
    const limiter = new StoreRateLimiter(counting, 'k', { windowMs: 100, timing: time.timing });
    const order: number[] = [];
    await time.run(Promise.all(Array.from({ length: 20 }, async (_, index) => {
      await limiter.acquire();
      order.push(index);
    })));
    expect(order).toEqual(Array.from({ length: 20 }, (_, index) => index));
    // One admission per window, one refusal before each later one: never one call per waiter.
    expect(asked).toBeLessThanOrEqual(2 * 20);
    expect(time.now()).toBe(1_900);
  });

  it('does not use an admission that came back too late, and asks again', async () => {
    const time = virtualClock();
    const store = new MemoryRateLimitStore(time.clock);
    let calls = 0;
    const slowOnce: RateLimitStore = {
      consume: async (...args) => {
        const decision = await store.consume(...args);
        // The first reply arrives 150 ms after the store admitted it (a stalled event loop).
        if ((calls += 1) === 1) time.advance(150);
        return decision;
      },
      reset: (key) => store.reset(key),
    };
    const limiter = new StoreRateLimiter(slowOnce, 'k', { windowMs: 100, maxRoundTripMs: 100, timing: time.timing });
    await time.run(limiter.acquire());
    expect(calls).toBe(2);
    // The first admission (window 0) was dropped; the one used is in the window after.
    expect(time.now()).toBe(150);
    expect((await store.consume('k', 1, 1, 100)).allowed).toBe(false);
  });

  it('fails as retryable, instead of hanging, when every admission comes back too late', async () => {
    const time = virtualClock();
    const store = new MemoryRateLimitStore(time.clock);
    let calls = 0;
    const alwaysSlow: RateLimitStore = {
      consume: async (...args) => {
        calls += 1;
        const decision = await store.consume(...args);
        time.advance(150);
        return decision;
      },
      reset: (key) => store.reset(key),
    };
    const limiter = new StoreRateLimiter(alwaysSlow, 'k', { windowMs: 100, maxRoundTripMs: 100, timing: time.timing });
    await expect(time.run(limiter.acquire())).rejects.toMatchObject({ code: 'SOURCE_FAILED', retryable: true });
    expect(calls).toBe(5);
  });

  it('lets a queued caller give up without holding up the callers behind it', async () => {
    const time = virtualClock();
    const limiter = new StoreRateLimiter(new MemoryRateLimitStore(time.clock), 'k', { windowMs: 100, timing: time.timing });
    const controller = new AbortController();
    const admitted: string[] = [];
    const first = limiter.acquire().then(() => admitted.push('first'));
    const second = limiter.acquire(controller.signal).then(() => admitted.push('second'));
    const third = limiter.acquire().then(() => admitted.push('third'));
    controller.abort(new Error('run cancelled'));
    await expect(second).rejects.toBeInstanceOf(CancelledError);
    await time.run(Promise.all([first, third]));
    expect(admitted).toEqual(['first', 'third']);
    expect(time.now()).toBe(100);
  });

  it('rejects with CancelledError when aborted while waiting for the next window', async () => {
    const time = virtualClock();
    const limiter = new StoreRateLimiter(new MemoryRateLimitStore(time.clock), 'k', { windowMs: 100, timing: time.timing });
    await time.run(limiter.acquire());
    const controller = new AbortController();
    const waiting = limiter.acquire(controller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(CancelledError);
  });

  it('sends nothing when the store cannot answer: a retryable SOURCE_FAILED', async () => {
    const broken: RateLimitStore = {
      consume: async () => {
        throw new Error('Connection is closed.');
      },
      reset: async () => undefined,
    };
    const failure = await new StoreRateLimiter(broken, 'source-requests:sec.gov', { windowMs: 100 }).acquire().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ConsultantError);
    expect(failure).toMatchObject({ code: 'SOURCE_FAILED', retryable: true, message: expect.stringContaining('Connection is closed.') });
  });
});
