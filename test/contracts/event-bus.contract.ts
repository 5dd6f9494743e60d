import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventBus } from '../../src/core/ports/event-bus.js';
import type { RunEvent } from '../../src/core/ports/run-store.js';
import type { StoreHarness } from './run-store.contract.js';

const event = (runId: string, seq: number): RunEvent => ({ runId, seq, type: 'step-progress', at: '2026-01-01T00:00:00.000Z', stepId: 's', data: { seq, text: 'ünïcødé' } });

async function eventually(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function defineEventBusContract(name: string, factory: () => Promise<StoreHarness<EventBus>>): void {
  describe(`EventBus contract: ${name}`, () => {
    let harness: StoreHarness<EventBus>;
    beforeEach(async () => {
      harness = await factory();
    });
    afterEach(async () => {
      await harness.close();
    });

    it('delivers a run’s events to its subscribers and to wildcard subscribers, in order', async () => {
      const bus = harness.store;
      const forA: RunEvent[] = [];
      const all: RunEvent[] = [];
      await bus.subscribe('run_a', (item) => forA.push(item));
      await bus.subscribe('*', (item) => all.push(item));
      for (let seq = 1; seq <= 5; seq += 1) await bus.publish(event('run_a', seq));
      await bus.publish(event('run_b', 1));
      await eventually(() => forA.length === 5 && all.length === 6);
      expect(forA.map((item) => item.seq)).toEqual([1, 2, 3, 4, 5]);
      expect(forA[0]).toEqual(event('run_a', 1));
      expect(all.filter((item) => item.runId === 'run_b')).toHaveLength(1);
    });

    it('stops delivering after unsubscribe and survives a throwing listener', async () => {
      const bus = harness.store;
      const received: number[] = [];
      await bus.subscribe('run_c', () => {
        throw new Error('listener bug');
      });
      const unsubscribe = await bus.subscribe('run_c', (item) => received.push(item.seq));
      await bus.publish(event('run_c', 1));
      await eventually(() => received.length === 1);
      await unsubscribe();
      await bus.publish(event('run_c', 2));
      const marker: number[] = [];
      await bus.subscribe('run_c', (item) => marker.push(item.seq));
      await bus.publish(event('run_c', 3));
      await eventually(() => marker.length === 1);
      expect(received).toEqual([1]);
    });
  });
}
