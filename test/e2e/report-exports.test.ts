import ExcelJS from 'exceljs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareReports, isEmptyComparison } from '../../src/reports/compare/index.js';
import type { Report } from '../../src/reports/model/report.js';
import { companyKey } from '../../src/reports/model/report.js';
import { renderExport, REPORT_EXPORT_FORMATS } from '../../src/reports/render/index.js';
import { exampleRequest, EXAMPLE_DIR, runAnalysis, testApplication } from '../support/analysis-harness.js';
import { runCli } from '../support/cli-process.js';
import { expectPdfCarriesReport, popplerAvailable, xmlText, zipEntries } from '../support/export-readers.js';
import { expectedReportContent } from '../support/sample-report.js';

const poppler = popplerAvailable();

describe('exports of a report built by the offline example analysis', () => {
  let harness: Awaited<ReturnType<typeof testApplication>>;
  let report: Report;
  let second: Report;

  beforeAll(async () => {
    harness = await testApplication();
    const first = await runAnalysis(harness.app, exampleRequest());
    const again = await runAnalysis(harness.app, exampleRequest());
    report = first.report!;
    second = again.report!;
  }, 120_000);

  afterAll(async () => {
    await harness?.dispose();
  });

  it.skipIf(!poppler)('PDF: every heading, recommendation and cited evidence title; a sane page count', async () => {
    expectPdfCarriesReport((await renderExport(report, 'pdf')) as Buffer, report, { min: 8, max: 80 });
  }, 60_000);

  it('DOCX: headings, recommendations and cited titles parse back from the document XML', async () => {
    const entries = await zipEntries((await renderExport(report, 'docx')) as Buffer);
    const text = xmlText(entries.get('word/document.xml')!);
    const expected = expectedReportContent(report);
    for (const heading of expected.headings) expect(text, heading).toContain(heading);
    for (const recommendation of expected.recommendations) expect(text).toContain(recommendation.replace(/\s+/g, ' ').trim());
    for (const title of expected.citedEvidenceTitles) expect(text).toContain(title.replace(/\s+/g, ' ').trim());
  }, 60_000);

  it('XLSX: every sheet, the metrics with their provenance and no formula anywhere', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderExport(report, 'xlsx')) as unknown as ExcelJS.Buffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Porter', 'SWOT', 'PESTEL', 'Blue Ocean', 'Financial facts', 'Financial metrics', 'Quality', 'Evidence']);
    const metrics = workbook.getWorksheet('Financial metrics')!;
    expect(metrics.rowCount - 1).toBe(report.financials!.metrics.length);
    const revenue = report.financials!.metrics.find((metric) => metric.key === 'revenue' && metric.fiscalYear === 2024)!;
    let found = false;
    metrics.eachRow((row) => {
      if (row.getCell(1).value === 'revenue' && row.getCell(5).value === 2024) {
        found = true;
        expect(row.getCell(3).value).toBe(revenue.value);
        expect(String(row.getCell(8).value)).toContain(revenue.facts[0]!.accession);
      }
    });
    expect(found).toBe(true);
    workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeUndefined())));
    expect(workbook.getWorksheet('Evidence')!.rowCount - 1).toBe(report.evidence.length);
  }, 60_000);

  it('PPTX and the text formats render the same report', async () => {
    const pptx = await zipEntries((await renderExport(report, 'pptx')) as Buffer);
    const slides = [...pptx.keys()].filter((name) => /^ppt\/slides\/slide\d+\.xml$/.test(name));
    expect(slides).toHaveLength(7);
    for (const format of REPORT_EXPORT_FORMATS) {
      const output = await renderExport(report, format);
      expect(output.length, format).toBeGreaterThan(1_000);
    }
  }, 60_000);

  it('compares two versions of the company: same inputs, no changes', async () => {
    expect(second.version).toBe(report.version + 1);
    const versions = await harness.app.stores.reports.listVersions(harness.app.config.tenantId, companyKey(report.company.name));
    expect(versions.map((version) => version.id)).toEqual([report.id, second.id]);
    expect(isEmptyComparison(compareReports(report, second))).toBe(true);
    const changed = structuredClone(second);
    changed.frameworks.porter!.forces[0]!.rating = changed.frameworks.porter!.forces[0]!.rating === 5 ? 1 : 5;
    expect(compareReports(report, changed).porter.forces).toHaveLength(1);
  });
});

describe('consultantos reports export / compare', () => {
  // One analysis through the CLI keeps this affordable; version comparisons are covered above.
  it('writes binary formats and compares reports', async () => {
    const root = mkdtempSync(join(tmpdir(), 'consultantos-exports-cli-'));
    try {
      const dataDir = join(root, 'data');
      const analyze = (out: string) =>
        runCli(['--data-dir', dataDir, 'analyze', 'Halvern Agritech', '--docs', join(EXAMPLE_DIR, 'documents'), '--facts', join(EXAMPLE_DIR, 'companyfacts.json'), '--format', 'pdf', '--out', out, '--json']);
      const first = await analyze(join(root, 'first.pdf'));
      expect(first.code, first.stderr).toBe(0);
      const firstId = (JSON.parse(first.stdout) as { reportId: string }).reportId;
      expect(readFileSync(join(root, 'first.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');

      const exported = await runCli(['--data-dir', dataDir, 'reports', 'export', firstId, '--format', 'xlsx']);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stdout).toMatch(/halvern-agritech-v1\.xlsx/);

      const compared = await runCli(['--data-dir', dataDir, 'reports', 'compare', firstId, firstId, '--format', 'json']);
      expect(compared.code, compared.stderr).toBe(0);
      const comparison = JSON.parse(compared.stdout) as { left: { id: string }; right: { id: string }; metrics: unknown[]; porter: { forces: unknown[] } };
      expect([comparison.left.id, comparison.right.id]).toEqual([firstId, firstId]);
      expect(comparison.metrics).toEqual([]);
      expect(comparison.porter.forces).toEqual([]);

      const badFormat = await runCli(['--data-dir', dataDir, 'reports', 'export', firstId, '--format', 'exe']);
      expect(badFormat.code).toBe(2);
      expect(badFormat.stderr).toContain('pptx');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }, 300_000);
});
