import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceStore } from '../../src/core/ports/evidence-store.js';
import { makeEvidence } from '../../src/reports/model/evidence.js';
import type { StoreHarness } from './run-store.contract.js';

const evidence = (index: number, text = `Passage ${index} — ünïcødé 日本 ✓`) =>
  makeEvidence({ kind: 'document', title: `Doc ${index}`, excerpt: text, locator: `doc.md#p${index}`, attributes: { index, flag: true, none: null } }, new Date('2026-01-01T00:00:00Z'));

export function defineEvidenceStoreContract(name: string, factory: () => Promise<StoreHarness<EvidenceStore>>): void {
  describe(`EvidenceStore contract: ${name}`, () => {
    let harness: StoreHarness<EvidenceStore>;
    beforeEach(async () => {
      harness = await factory();
    });
    afterEach(async () => {
      await harness.close();
    });

    it('registers evidence per run, in order, idempotently', async () => {
      const store = harness.store;
      const items = [evidence(1), evidence(2), evidence(3)];
      await store.putEvidence('run_a', 'tenant-a', items.slice(0, 2));
      await store.putEvidence('run_a', 'tenant-a', items);
      await store.putEvidence('run_a', 'tenant-a', [items[0]!]);
      const listed = await store.listEvidence('run_a');
      expect(listed.map((item) => item.id)).toEqual(items.map((item) => item.id));
      expect(listed[0]).toEqual(items[0]);
      expect(await store.listEvidence('run_b')).toEqual([]);
    });

    it('keeps runs apart and returns subsets', async () => {
      const store = harness.store;
      await store.putEvidence('run_a', 'tenant-a', [evidence(1), evidence(2)]);
      await store.putEvidence('run_b', 'tenant-a', [evidence(2), evidence(9)]);
      const subset = await store.getEvidence('run_a', [evidence(2).id, evidence(9).id, 'ev_0000000000000000']);
      expect(subset.map((item) => item.id)).toEqual([evidence(2).id]);
      expect((await store.listEvidence('run_b')).map((item) => item.id)).toEqual([evidence(2).id, evidence(9).id]);
      expect(await store.getEvidence('run_a', [])).toEqual([]);
    });

    it('stores large registries', async () => {
      const store = harness.store;
      const many = Array.from({ length: 600 }, (_, index) => evidence(index, `Long passage ${index} ${'x'.repeat(2000)}`));
      await store.putEvidence('run_big', 'tenant-a', many);
      const listed = await store.listEvidence('run_big');
      expect(listed).toHaveLength(600);
      expect(listed[599]!.excerpt).toBe(many[599]!.excerpt);
      expect(await store.getEvidence('run_big', many.slice(100, 550).map((item) => item.id))).toHaveLength(450);
    });
  });
}
