import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/core/ids.js';
import type { ReportStore } from '../../src/core/ports/report-store.js';
import type { ReportDraft } from '../../src/reports/model/report.js';
import { buildSampleReport } from '../support/sample-report.js';
import type { StoreHarness } from './run-store.contract.js';

/** A draft for `company`, created at `createdAt`, with only the given frameworks. */
function draft(company: string, createdAt: string, options: { tenantId?: string; frameworks?: Array<'porter' | 'swot' | 'pestel' | 'blue_ocean'>; status?: 'succeeded' | 'partial'; runId?: string } = {}): ReportDraft {
  const { version: _version, ...base } = buildSampleReport();
  const frameworks = options.frameworks ?? ['porter', 'swot', 'pestel', 'blue_ocean'];
  const chosen = Object.fromEntries(Object.entries(base.frameworks).filter(([name]) => frameworks.includes(name as never)));
  return {
    ...base,
    id: newId('rep'),
    runId: options.runId ?? newId('run'),
    tenantId: options.tenantId ?? 'tenant-a',
    createdAt,
    status: options.status ?? 'succeeded',
    company: { ...base.company, name: company },
    frameworks: chosen,
  };
}

const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 0, minutes)).toISOString();

export function defineReportStoreContract(name: string, factory: () => Promise<StoreHarness<ReportStore>>): void {
  describe(`ReportStore contract: ${name}`, () => {
    let harness: StoreHarness<ReportStore>;
    let store: ReportStore;
    beforeEach(async () => {
      harness = await factory();
      store = harness.store;
    });
    afterEach(async () => {
      await harness.close();
    });

    it('versions reports per company and tenant, and round-trips them whole', async () => {
      const first = await store.saveReport(draft('Acme Corp', at(1)));
      const second = await store.saveReport(draft('ACME corp.', at(2)));
      const other = await store.saveReport(draft('Zenith', at(3)));
      const otherTenant = await store.saveReport(draft('Acme Corp', at(4), { tenantId: 'tenant-b' }));
      expect([first.version, second.version, other.version, otherTenant.version]).toEqual([1, 2, 1, 1]);
      const loaded = await store.getReport('tenant-a', first.id);
      expect(loaded).toEqual(first);
      expect(loaded?.synthesis).toEqual(buildSampleReport().synthesis);
      expect(await store.getReport('tenant-b', first.id)).toBeUndefined();
      expect(await store.getReportByRun('tenant-a', second.runId)).toEqual(second);
      expect(await store.getReportByRun('tenant-b', second.runId)).toBeUndefined();
      expect((await store.listVersions('tenant-a', 'acme corp')).map((summary) => summary.version)).toEqual([1, 2]);
    });

    it('is idempotent per run', async () => {
      const runId = newId('run');
      const first = await store.saveReport(draft('Acme', at(1), { runId }));
      const again = await store.saveReport(draft('Acme', at(2), { runId }));
      expect(again.id).toBe(first.id);
      expect((await store.listVersions('tenant-a', 'Acme'))).toHaveLength(1);
    });

    it('assigns distinct versions to concurrent saves', async () => {
      const saved = await Promise.all(Array.from({ length: 8 }, (_, index) => store.saveReport(draft('Busy Co', at(index)))));
      expect(saved.map((report) => report.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('filters, sorts and paginates summaries completely', async () => {
      await store.saveReport(draft('Alpha', at(1), { frameworks: ['swot'] }));
      await store.saveReport(draft('Beta', at(2), { frameworks: ['porter', 'pestel'], status: 'partial' }));
      await store.saveReport(draft('Gamma', at(3)));
      await store.saveReport(draft('Alpha', at(4), { frameworks: ['blue_ocean'] }));
      await store.saveReport(draft('Delta', at(4)));
      await store.saveReport(draft('Hidden', at(5), { tenantId: 'tenant-b' }));
      const all = await store.listReports('tenant-a', { limit: 50 });
      expect(all.items.map((item) => item.createdAt)).toEqual([at(4), at(4), at(3), at(2), at(1)]);
      expect(all.items.every((item) => item.tenantId === 'tenant-a')).toBe(true);
      expect((await store.listReports('tenant-a', { limit: 50, company: 'alpha' })).items.map((item) => item.version)).toEqual([2, 1]);
      expect((await store.listReports('tenant-a', { limit: 50, framework: 'pestel' })).items.map((item) => item.companyName).sort()).toEqual(['Beta', 'Delta', 'Gamma']);
      expect((await store.listReports('tenant-a', { limit: 50, status: 'partial' })).items.map((item) => item.companyName)).toEqual(['Beta']);
      expect((await store.listReports('tenant-a', { limit: 50, createdAfter: at(2), createdBefore: at(4) })).items.map((item) => item.companyName).sort()).toEqual(['Beta', 'Gamma']);
      expect((await store.listReports('tenant-a', { limit: 50, sort: 'company' })).items.map((item) => item.companyName)).toEqual(['Alpha', 'Alpha', 'Beta', 'Delta', 'Gamma']);
      for (const sort of ['createdAt', '-createdAt', 'company', '-company'] as const) {
        const seen: string[] = [];
        let cursor: string | undefined;
        for (let page = 0; page < 10; page += 1) {
          const result = await store.listReports('tenant-a', { limit: 2, sort, ...(cursor ? { cursor } : {}) });
          seen.push(...result.items.map((item) => item.id));
          if (!result.nextCursor) break;
          cursor = result.nextCursor;
        }
        expect(new Set(seen).size, sort).toBe(5);
        expect(seen).toHaveLength(5);
      }
      const summary = all.items.find((item) => item.companyName === 'Beta')!;
      expect(summary).toMatchObject({ status: 'partial', frameworks: ['porter', 'pestel'], companyKey: 'beta' });
    });

    it('deletes only within the tenant', async () => {
      const report = await store.saveReport(draft('Acme', at(1)));
      expect(await store.deleteReport('tenant-b', report.id)).toBe(false);
      expect(await store.getReport('tenant-a', report.id)).toBeDefined();
      expect(await store.deleteReport('tenant-a', report.id)).toBe(true);
      expect(await store.getReport('tenant-a', report.id)).toBeUndefined();
      expect(await store.deleteReport('tenant-a', report.id)).toBe(false);
    });
  });
}
