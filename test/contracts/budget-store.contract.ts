import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BudgetStore, ReserveRequest } from '../../src/core/ports/budget-store.js';
import type { StoreHarness } from './run-store.contract.js';

let counter = 0;
const uniqueKey = (): string => `run:contract-${process.pid}-${Date.now()}-${(counter += 1)}`;

function request(key: string, overrides: Partial<ReserveRequest> = {}): ReserveRequest {
  return {
    key,
    reservationId: `res-${(counter += 1)}`,
    amount: { tokens: 100, costUsd: 0.01 },
    limits: { maxTokens: 1_000, maxCostUsd: 1 },
    warnFraction: 0.8,
    ttlMs: 60_000,
    ...overrides,
  };
}

/**
 * Conformance suite of the BudgetStore port. Expiry is exercised in real time with a TTL that has
 * always passed by the next call, so the suite needs no clock of the store's.
 */
export function defineBudgetStoreContract(name: string, factory: () => Promise<StoreHarness<BudgetStore>>): void {
  describe(`BudgetStore contract: ${name}`, () => {
    let harness: StoreHarness<BudgetStore>;
    beforeEach(async () => {
      harness = await factory();
    });
    afterEach(async () => {
      await harness.close();
    });

    it('admits reservations up to the cap, refuses the rest without counting them', async () => {
      const store = harness.store;
      const key = uniqueKey();
      const decisions = [];
      for (let index = 0; index < 12; index += 1) decisions.push(await store.reserve(request(key)));
      expect(decisions.map((decision) => decision.allowed)).toEqual([...Array<boolean>(10).fill(true), false, false]);
      const refused = decisions[10]!;
      expect(refused.allowed === false && refused.exceeded).toBe('tokens');
      expect((await store.get(key)).reserved).toEqual({ tokens: 1_000, costUsd: 0.1 });
      expect((await store.get(key)).spent).toEqual({ tokens: 0, costUsd: 0 });
    });

    it('refuses on the cost cap, and an unknown key is an empty budget', async () => {
      const store = harness.store;
      const key = uniqueKey();
      expect(await store.get(key)).toEqual({ key, spent: { tokens: 0, costUsd: 0 }, reserved: { tokens: 0, costUsd: 0 }, warned: false });
      const decision = await store.reserve(request(key, { amount: { tokens: 1, costUsd: 0.6 }, limits: { maxCostUsd: 0.5 } }));
      expect(decision.allowed === false && decision.exceeded).toBe('cost');
      expect((await store.reserve(request(key, { amount: { tokens: 1, costUsd: 0.5 }, limits: { maxCostUsd: 0.5 } }))).allowed).toBe(true);
    });

    it('settles a reservation into actual spend, once, and releases with zero', async () => {
      const store = harness.store;
      const key = uniqueKey();
      const first = request(key, { amount: { tokens: 500, costUsd: 0.5 } });
      const second = request(key, { amount: { tokens: 400, costUsd: 0.4 } });
      expect((await store.reserve(first)).allowed).toBe(true);
      expect((await store.reserve(second)).allowed).toBe(true);
      const settled = await store.settle(key, first.reservationId, { tokens: 120, costUsd: 0.000123 });
      expect(settled.spent).toEqual({ tokens: 120, costUsd: 0.000123 });
      expect(settled.reserved).toEqual({ tokens: 400, costUsd: 0.4 });
      // A retried settle changes nothing.
      expect(await store.settle(key, first.reservationId, { tokens: 120, costUsd: 0.000123 })).toEqual(settled);
      const released = await store.settle(key, second.reservationId, { tokens: 0, costUsd: 0 });
      expect(released.reserved).toEqual({ tokens: 0, costUsd: 0 });
      expect(released.spent.tokens).toBe(120);
      // Freed room is usable again.
      expect((await store.reserve(request(key, { amount: { tokens: 880, costUsd: 0.1 } }))).allowed).toBe(true);
      expect((await store.reserve(request(key, { amount: { tokens: 1, costUsd: 0 } }))).allowed).toBe(false);
    });

    it('rounds costs up to whole micro-dollars, so sums are exact', async () => {
      const store = harness.store;
      const key = uniqueKey();
      for (let index = 0; index < 10; index += 1) {
        const reservation = request(key, { amount: { tokens: 1, costUsd: 0.1 } });
        await store.reserve(reservation);
        await store.settle(key, reservation.reservationId, { tokens: 1, costUsd: 0.0000001 });
      }
      expect((await store.get(key)).spent).toEqual({ tokens: 10, costUsd: 0.00001 });
    });

    it('raises the warning once, on the reservation that crosses the fraction', async () => {
      const store = harness.store;
      const key = uniqueKey();
      const warnings = [];
      for (let index = 0; index < 10; index += 1) {
        const decision = await store.reserve(request(key, { amount: { tokens: 100, costUsd: 0 } }));
        warnings.push(decision.allowed && decision.warning);
      }
      expect(warnings).toEqual([false, false, false, false, false, false, false, true, false, false]);
      expect((await store.get(key)).warned).toBe(true);
    });

    it('never lets 50 concurrent reservers pass a cap together', async () => {
      const store = harness.store;
      const key = uniqueKey();
      const decisions = await Promise.all(Array.from({ length: 50 }, () => store.reserve(request(key, { amount: { tokens: 70, costUsd: 0.07 } }))));
      const allowed = decisions.filter((decision) => decision.allowed);
      expect(allowed).toHaveLength(14);
      expect(decisions.filter((decision) => decision.allowed && decision.warning)).toHaveLength(1);
      const state = await store.get(key);
      expect(state.reserved.tokens).toBe(980);
      expect(state.reserved.tokens).toBeLessThanOrEqual(1_000);
    });

    it('keeps budgets apart and treats a repeated reservation id as one', async () => {
      const store = harness.store;
      const [left, right] = [uniqueKey(), uniqueKey()];
      const reservation = request(left, { amount: { tokens: 600, costUsd: 0 } });
      expect((await store.reserve(reservation)).allowed).toBe(true);
      expect((await store.reserve(reservation)).allowed).toBe(true);
      expect((await store.get(left)).reserved.tokens).toBe(600);
      expect((await store.reserve(request(right, { amount: { tokens: 900, costUsd: 0 } }))).allowed).toBe(true);
    });

    it('releases reservations whose holder never settled them, and still records a late settle', async () => {
      const store = harness.store;
      const key = uniqueKey();
      // A live reservation holds its room…
      const live = request(key, { amount: { tokens: 900, costUsd: 0 }, ttlMs: 600_000 });
      expect((await store.reserve(live)).allowed).toBe(true);
      expect((await store.reserve(request(key, { amount: { tokens: 200, costUsd: 0 } }))).allowed).toBe(false);
      await store.settle(key, live.reservationId, { tokens: 0, costUsd: 0 });
      // …an expired one does not.
      const stale = request(key, { amount: { tokens: 900, costUsd: 0 }, ttlMs: 1 });
      expect((await store.reserve(stale)).allowed).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect((await store.get(key)).reserved.tokens).toBe(0);
      expect((await store.reserve(request(key, { amount: { tokens: 200, costUsd: 0 } }))).allowed).toBe(true);
      const late = await store.settle(key, stale.reservationId, { tokens: 300, costUsd: 0 });
      expect(late.spent.tokens).toBe(300);
      expect(late.reserved.tokens).toBe(200);
    });
  });
}
