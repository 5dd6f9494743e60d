import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FinancialMetric } from '../../src/reports/model/financials.js';
import type { Report } from '../../src/reports/model/report.js';
import { parseReportJson, renderExport, REPORT_EXPORT_FORMATS } from '../../src/reports/render/index.js';
import { formatFactValue, formatMetricValue } from '../../src/reports/render/format.js';
import { unlimited } from '../../src/sources/http/rate-limiter.js';
import { runAnalysis, testApplication } from '../support/analysis-harness.js';
import { collapseWhitespace, expectPdfCarriesReport, popplerAvailable, pptxSlideTexts, xmlText, zipEntries } from '../support/export-readers.js';
import { expectedReportContent } from '../support/sample-report.js';
import { hasSharedFixtures } from '../support/shared-fixtures.js';
import { fakeNetwork } from '../fixtures/sources/recorded-fetch.js';
import { secRoutes } from '../fixtures/sources/recorded-sec.js';

/**
 * Issue 7: every export format, rendered from a report built out of real recorded SEC
 * responses (Snowflake's companyfacts), not only from the invented sample and the example.
 * The report is built as `recorded-sources.test.ts` builds it; here it is rendered and read back.
 */
const poppler = popplerAvailable();

describe.skipIf(!hasSharedFixtures())('exports of a report built from recorded SEC responses (Snowflake)', () => {
  let harness: Awaited<ReturnType<typeof testApplication>>;
  let report: Report;
  let revenue: FinancialMetric;

  beforeAll(async () => {
    const sources = { fetch: fakeNetwork(secRoutes()).fetch, limiterFor: () => unlimited };
    const environment = {
      CONSULTANTOS_OFFLINE: '0',
      CONSULTANTOS_SEC_USER_AGENT: 'ConsultantOS tests tests@example.com',
      CONSULTANTOS_SOURCES_DISABLED: 'trends',
    };
    harness = await testApplication(environment, { sources });
    const outcome = await runAnalysis(harness.app, { company: 'Snowflake', frameworks: ['swot', 'porter'], depth: 'standard' });
    expect(['succeeded', 'partial']).toContain(outcome.status);
    report = outcome.report!;
    expect(report.company).toMatchObject({ name: 'Snowflake', ticker: 'SNOW' });
    revenue = report.financials!.metrics.find((metric) => metric.key === 'revenue' && metric.fiscalYear === 2025)!;
    expect(revenue.facts[0]?.concept).toBe('us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax');
  }, 90_000);

  afterAll(async () => {
    await harness?.dispose();
  });

  it.skipIf(!poppler)('PDF: every section heading, recommendation and cited evidence title; a sane page count', async () => {
    const text = expectPdfCarriesReport((await renderExport(report, 'pdf')) as Buffer, report, { min: 5, max: 80 });
    expect(text).toContain(formatMetricValue(revenue.value, revenue.unit));
  }, 60_000);

  it('DOCX: section headings, recommendations and cited titles parse back from the document XML', async () => {
    const entries = await zipEntries((await renderExport(report, 'docx')) as Buffer);
    const text = xmlText(entries.get('word/document.xml')!);
    const expected = expectedReportContent(report);
    for (const heading of expected.headings) expect(text, heading).toContain(heading);
    for (const recommendation of expected.recommendations) expect(text, recommendation).toContain(collapseWhitespace(recommendation));
    for (const title of expected.citedEvidenceTitles) expect(text, title).toContain(collapseWhitespace(title));
  }, 60_000);

  it('XLSX: the metrics sheet holds the computed values with their filed provenance, and no cell is a formula', async () => {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await renderExport(report, 'xlsx')) as unknown as ExcelJS.Buffer);
    const names = workbook.worksheets.map((sheet) => sheet.name);
    expect(names).toEqual(expect.arrayContaining(['Summary', 'Porter', 'SWOT', 'Financial facts', 'Financial metrics', 'Quality', 'Evidence']));
    expect(names).not.toContain('PESTEL');
    const sheet = workbook.getWorksheet('Financial metrics')!;
    expect(sheet.rowCount - 1).toBe(report.financials!.metrics.length);
    const rows = new Map<string, ExcelJS.Row>();
    sheet.eachRow((row, number) => {
      if (number > 1) rows.set(`${String(row.getCell(1).value)}|${String(row.getCell(5).value)}|${String(row.getCell(6).value)}`, row);
    });
    for (const metric of report.financials!.metrics) {
      const row = rows.get(`${metric.key}|${metric.fiscalYear}|${metric.fiscalPeriod}`);
      expect(row, `${metric.key} ${metric.fiscalYear}`).toBeDefined();
      expect(row!.getCell(3).value).toBe(metric.value);
      expect(row!.getCell(4).value).toBe(metric.unit);
      const provenance = String(row!.getCell(8).value);
      for (const fact of metric.facts) expect(provenance).toContain(`${fact.concept}, ${fact.fiscalPeriod} ${fact.fiscalYear}, ${fact.accession}: ${fact.value}`);
    }
    // FY2025 revenue: the value Snowflake filed, under its real accession number.
    const revenueRow = rows.get(`revenue|2025|${revenue.fiscalPeriod}`)!;
    expect(revenueRow.getCell(3).value).toBe(revenue.facts[0]!.value);
    expect(String(revenueRow.getCell(8).value)).toMatch(/RevenueFromContractWithCustomerExcludingAssessedTax, FY 2025, 0001640147-\d{2}-\d{6}: \d+/);
    expect(workbook.getWorksheet('Financial facts')!.rowCount - 1).toBe(report.financials!.facts.length);
    expect(workbook.getWorksheet('Evidence')!.rowCount - 1).toBe(report.evidence.length);
    let cells = 0;
    workbook.eachSheet((each) =>
      each.eachRow((row) =>
        row.eachCell((cell) => {
          cells += 1;
          expect(cell.formula, `${each.name}!${cell.address}`).toBeUndefined();
          expect(cell.type, `${each.name}!${cell.address}`).not.toBe(ExcelJS.ValueType.Formula);
        }),
      ),
    );
    expect(cells).toBeGreaterThan(100);
  }, 60_000);

  it('PPTX: parses, names the company and lists the recommendations', async () => {
    const texts = pptxSlideTexts(await zipEntries((await renderExport(report, 'pptx')) as Buffer));
    // Title, executive brief, Porter, SWOT, recommendations.
    expect(texts).toHaveLength(5);
    expect(texts[0]).toContain('Snowflake (SNOW)');
    const slide = texts.at(-1)!;
    expect(slide).toContain('Recommendations');
    // The deck shortens long text to fit a slide: the opening words must be there.
    for (const recommendation of report.synthesis.recommendations.slice(0, 8)) {
      expect(slide, recommendation.text).toContain(collapseWhitespace(recommendation.text).split(' ').slice(0, 6).join(' '));
    }
  }, 60_000);

  it('Markdown, HTML and JSON: the company and the FY2025 revenue; HTML carries no script', async () => {
    const shown = formatMetricValue(revenue.value, revenue.unit);
    const filed = formatFactValue(revenue.facts[0]!.value, 'USD');
    const markdown = (await renderExport(report, 'md')).toString();
    const html = (await renderExport(report, 'html')).toString();
    for (const [format, text] of [['md', markdown], ['html', html]] as const) {
      expect(text, format).toContain('Snowflake');
      expect(text, format).toContain(shown);
      expect(text, format).toContain(filed);
    }
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    const parsed = parseReportJson((await renderExport(report, 'json')).toString());
    expect(parsed.company.name).toBe('Snowflake');
    expect(parsed.financials!.metrics.find((metric) => metric.key === 'revenue' && metric.fiscalYear === 2025)?.value).toBe(revenue.value);
    for (const format of REPORT_EXPORT_FORMATS) expect((await renderExport(report, format)).length, format).toBeGreaterThan(1_000);
  }, 60_000);
});
