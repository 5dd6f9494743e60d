import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '../../core/memory/memory-rate-limit-store.js';
import { CancelledError } from '../../core/errors.js';
import { IntervalRateLimiter, processRateLimiter, StoreRateLimiter } from './rate-limiter.js';
import type { Timing } from './rate-limiter.js';
import { busiestWindow } from '../../../test/fixtures/sources/windows.js';

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
  it('admits one request per window, so a sliding second holds at most rate + 1', async () => {
    let now = 0;
    const store = new MemoryRateLimitStore({ now: () => new Date(now) });
    const timing: Timing = { now: () => now, sleep: async (ms) => { now += ms; } };
    const limiter = new StoreRateLimiter(store, 'sec.gov', 8, timing);
    const starts: number[] = [];
    for (let index = 0; index < 60; index += 1) {
      await limiter.acquire();
      starts.push(now);
    }
    expect(busiestWindow(starts)).toBeLessThanOrEqual(9);
    expect(new Set(starts).size).toBe(60);
  });
});
