import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RateLimitStore } from '../../src/core/ports/rate-limit-store.js';
import type { StoreHarness } from './run-store.contract.js';

export function defineRateLimitStoreContract(name: string, factory: () => Promise<StoreHarness<RateLimitStore>>): void {
  describe(`RateLimitStore contract: ${name}`, () => {
    let harness: StoreHarness<RateLimitStore>;
    beforeEach(async () => {
      harness = await factory();
    });
    afterEach(async () => {
      await harness.close();
    });

    it('allows up to the limit in a window and refuses the rest without counting them', async () => {
      const store = harness.store;
      const key = `contract:${Math.random()}`;
      const decisions = [];
      for (let index = 0; index < 7; index += 1) decisions.push(await store.consume(key, 1, 5, 60_000));
      expect(decisions.map((decision) => decision.allowed)).toEqual([true, true, true, true, true, false, false]);
      expect(decisions[4]).toMatchObject({ remaining: 0, limit: 5 });
      expect(decisions[6]!.resetMs).toBeGreaterThan(0);
      expect(decisions[6]!.resetMs).toBeLessThanOrEqual(60_000);
      expect((await store.consume(key, 3, 10, 60_000)).allowed).toBe(true);
    });

    it('never lets concurrent consumers exceed the limit', async () => {
      const store = harness.store;
      const key = `contract:${Math.random()}`;
      const results = await Promise.all(Array.from({ length: 50 }, () => store.consume(key, 2, 30, 60_000)));
      expect(results.filter((decision) => decision.allowed)).toHaveLength(15);
    });

    it('starts a new window and forgets on reset', async () => {
      const store = harness.store;
      const key = `contract:${Math.random()}`;
      expect((await store.consume(key, 1, 1, 200)).allowed).toBe(true);
      expect((await store.consume(key, 1, 1, 200)).allowed).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await store.consume(key, 1, 1, 200)).allowed).toBe(true);
      await store.reset(key);
      expect((await store.consume(key, 1, 1, 200)).allowed).toBe(true);
    });
  });
}
