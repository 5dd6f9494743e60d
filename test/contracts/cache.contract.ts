import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cache } from '../../src/core/ports/cache.js';
import type { StoreHarness } from './run-store.contract.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function defineCacheContract(name: string, factory: () => Promise<StoreHarness<Cache>>): void {
  describe(`Cache contract: ${name}`, () => {
    let harness: StoreHarness<Cache>;
    beforeEach(async () => {
      harness = await factory();
    });
    afterEach(async () => {
      await harness.close();
    });

    it('round-trips JSON values and overwrites', async () => {
      const cache = harness.store;
      const value = { text: 'ünïcødé 日本 ✓', list: [1, 2.5, null, true], nested: { deep: ['x'] } };
      expect(await cache.get('missing')).toBeUndefined();
      await cache.set('key', value, 60_000);
      expect(await cache.get('key')).toEqual(value);
      await cache.set('key', 'second', 60_000);
      expect(await cache.get('key')).toBe('second');
      await cache.set('zero', 0, 60_000);
      expect(await cache.get('zero')).toBe(0);
      await cache.set('null', null, 60_000);
      expect(await cache.get('null')).toBeNull();
    });

    it('expires entries after their time to live and deletes on demand', async () => {
      const cache = harness.store;
      await cache.set('short', 'value', 60);
      await cache.set('long', 'value', 60_000);
      expect(await cache.get('short')).toBe('value');
      await sleep(120);
      expect(await cache.get('short')).toBeUndefined();
      expect(await cache.get('long')).toBe('value');
      await cache.delete('long');
      expect(await cache.get('long')).toBeUndefined();
      await cache.delete('never-set');
      await cache.set('no-ttl', 'value', 0);
      expect(await cache.get('no-ttl')).toBeUndefined();
    });
  });
}
