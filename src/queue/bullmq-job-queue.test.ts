import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toBullmqPriority } from './bullmq-job-queue.js';

describe('run priority → BullMQ priority', () => {
  it('keeps the order (higher runs first becomes lower number first) within BullMQ’s range', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5_000_000, max: 5_000_000 }), fc.integer({ min: -5_000_000, max: 5_000_000 }), (a, b) => {
        const [bullA, bullB] = [toBullmqPriority(a), toBullmqPriority(b)];
        for (const value of [bullA, bullB]) {
          // 0 would mean "no priority", which BullMQ runs before every prioritized job.
          expect(value).toBeGreaterThanOrEqual(1);
          expect(value).toBeLessThanOrEqual(2_097_151);
        }
        if (a > b) expect(bullA).toBeLessThanOrEqual(bullB);
      }),
    );
    expect(toBullmqPriority(10)).toBeLessThan(toBullmqPriority(5));
    expect(toBullmqPriority(0)).toBeLessThan(toBullmqPriority(-1));
  });
});
