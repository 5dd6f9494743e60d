import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryRateLimitStore } from '../core/memory/memory-rate-limit-store.js';
import type { RateLimitStore } from '../core/ports/rate-limit-store.js';
import { ADMISSION_SKEW_ALLOWANCE_MS, PUBLISHED_RATE_LIMITS, sharedWindowMs } from '../sources/http/published-rate-limits.js';
import { processRateLimiter } from '../sources/http/rate-limiter.js';
import { virtualClock } from '../../test/fixtures/sources/virtual-clock.js';
import { busiestWindow } from '../../test/fixtures/sources/windows.js';
import { distributedSourceLimiters, sharedSourceKey } from './source-rate-limiters.js';

const SEC_LIMIT = PUBLISHED_RATE_LIMITS.get('sec.gov')?.requestsPerSecond ?? Number.NaN;

/** Keys of the store that were consumed, in order. */
function recording(store: RateLimitStore): RateLimitStore & { keys: string[] } {
  const keys: string[] = [];
  return { keys, consume: (key, ...rest) => (keys.push(key), store.consume(key, ...rest)), reset: (key) => store.reset(key) };
}

/**
 * A burst of SEC lookups split over `processes` limiters sharing one store, each at SEC's
 * highest configurable rate; request `index` arrives `arrivals[index]` ms in (default 0). Gives
 * the time each request was admitted.
 */
async function secBurst(processes: number, requests: number, arrivals: readonly number[] = []) {
  const time = virtualClock();
  const store = new MemoryRateLimitStore(time.clock);
  const limiters = Array.from({ length: processes }, () => distributedSourceLimiters(store, { timing: time.timing })('sec.gov', 10));
  const admitted: number[] = [];
  await time.run(
    Promise.all(
      Array.from({ length: requests }, async (_, index) => {
        const arrival = arrivals[index] ?? 0;
        if (arrival > 0) await time.timing.sleep(arrival);
        await limiters[index % processes]?.acquire();
        admitted.push(time.now());
      }),
    ),
  );
  return admitted;
}

describe('distributedSourceLimiters (shared through the rate-limit store)', () => {
  it('keeps SEC under its published 10 per second across processes that each may make 10', async () => {
    const admitted = await secBurst(4, 100);
    expect(admitted).toHaveLength(100);
    // On the store's clock at most 9 in any second: one request of headroom for start lag.
    expect(busiestWindow(admitted)).toBeLessThanOrEqual(SEC_LIMIT - 1);
    // And still close to the limit: about 8 per second, not one process's share of it.
    const windowMs = sharedWindowMs(SEC_LIMIT);
    expect(Math.max(...admitted)).toBeLessThanOrEqual(100 * windowMs);
  });

  it('stays at or under 10 per second as SEC sees it, however requests arrive and however late each starts (up to the allowance)', async () => {
    const requests = 40;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: requests, maxLength: requests }),
        fc.array(fc.integer({ min: 0, max: ADMISSION_SKEW_ALLOWANCE_MS }), { minLength: requests, maxLength: requests }),
        async (arrivals, lags) => {
          const admitted = await secBurst(3, requests, arrivals);
          expect(busiestWindow(admitted)).toBeLessThanOrEqual(SEC_LIMIT - 1);
          expect(busiestWindow(admitted.map((at, index) => at + (lags[index] ?? 0)))).toBeLessThanOrEqual(SEC_LIMIT);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('chooses a window no sliding second can fit 11 admissions into, even with the full lag', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 50 }), fc.integer({ min: 0, max: 500 }), (limit, skew) => {
        const windowMs = sharedWindowMs(limit, skew);
        // limit + 1 admissions in distinct windows span more than (limit - 1) windows.
        return (limit - 1) * windowMs - skew >= 1000;
      }),
    );
    expect(sharedWindowMs(10)).toBe(123);
  });

  it('still honours a lower configured rate in each process', async () => {
    const time = virtualClock();
    const limiter = distributedSourceLimiters(new MemoryRateLimitStore(time.clock), { timing: time.timing })('sec.gov', 2);
    const admitted: number[] = [];
    await time.run(
      (async () => {
        for (let index = 0; index < 6; index += 1) {
          await limiter.acquire();
          admitted.push(time.now());
        }
      })(),
    );
    expect(busiestWindow(admitted)).toBe(2);
  });

  it('gives every client of an upstream in the process one limiter, at the strictest rate asked', () => {
    const limiterFor = distributedSourceLimiters(new MemoryRateLimitStore());
    expect(limiterFor('sec.gov', 8)).toBe(limiterFor('sec.gov', 10));
  });

  it('counts SEC under one store key and leaves upstreams without a published limit to the process', async () => {
    const store = recording(new MemoryRateLimitStore());
    const limiterFor = distributedSourceLimiters(store);
    await limiterFor('sec.gov', 8).acquire();
    const wikipedia = limiterFor('wikipedia.org', 5);
    expect(wikipedia).toBe(processRateLimiter('wikipedia.org', 5));
    await wikipedia.acquire();
    expect(store.keys).toEqual([sharedSourceKey('sec.gov')]);
  });
});
