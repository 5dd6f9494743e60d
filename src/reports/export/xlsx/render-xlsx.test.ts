import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildHostileReport, buildSampleReport, expectedReportContent, HOSTILE_TEXTS } from '../../../../test/support/sample-report.js';
import { renderXlsx } from './render-xlsx.js';
import { isFormulaTrigger, MAXIMUM_CELL_CHARACTERS, neutralizeFormula, safeCell } from './spreadsheet-safety.js';

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

function cells(workbook: ExcelJS.Workbook): ExcelJS.Cell[] {
  const all: ExcelJS.Cell[] = [];
  workbook.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => all.push(cell))));
  return all;
}

function sheetText(sheet: ExcelJS.Worksheet | undefined): string {
  const values: string[] = [];
  sheet?.eachRow((row) => row.eachCell((cell) => values.push(String(cell.value))));
  return values.join('\n');
}

// Rendering is CPU-bound; shared CI machines can be slow, so allow more than the default.
describe('renderXlsx', { timeout: 120_000 }, () => {
  it('has a summary, one sheet per framework, facts and metrics with provenance, and evidence', async () => {
    const report = buildSampleReport();
    const workbook = await load(await renderXlsx(report));
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(['Summary', 'Porter', 'SWOT', 'PESTEL', 'Blue Ocean', 'Financial facts', 'Financial metrics', 'Quality', 'Evidence']);
    const summary = sheetText(workbook.getWorksheet('Summary'));
    for (const recommendation of expectedReportContent(report).recommendations) expect(summary).toContain(recommendation);
    const facts = workbook.getWorksheet('Financial facts')!;
    expect(facts.getRow(1).values).toEqual(expect.arrayContaining(['Concept', 'Value', 'Accession', 'Filed', 'Form']));
    // Numbers stay numbers so an analyst can recompute.
    expect(facts.getRow(2).getCell(3).value).toBe(1_284_000_000);
    const metrics = sheetText(workbook.getWorksheet('Financial metrics'));
    expect(metrics).toContain('us-gaap:Revenues, FY 2023, 0009990001-24-000005: 1170000000');
    const evidence = sheetText(workbook.getWorksheet('Evidence'));
    for (const title of expectedReportContent(report).citedEvidenceTitles) expect(evidence).toContain(title);
    const porter = workbook.getWorksheet('Porter')!;
    expect(porter.getRow(2).getCell(2).value).toBe(4);
  });

  it('numbers citations like the document appendix', async () => {
    const workbook = await load(await renderXlsx(buildSampleReport()));
    const evidence = workbook.getWorksheet('Evidence')!;
    expect(evidence.getRow(2).getCell(1).value).toBe(1);
    expect(String(evidence.getRow(2).getCell(3).value)).toBe('Lumen Ridge Coffee Co. Form 10-K for fiscal 2024');
    expect(sheetText(workbook.getWorksheet('Summary'))).toContain('[1][2][3]');
  });

  it('neutralises every formula trigger in hostile content and writes no formula', async () => {
    const workbook = await load(await renderXlsx(buildHostileReport()));
    const all = cells(workbook);
    expect(all.length).toBeGreaterThan(200);
    for (const cell of all) {
      expect(cell.type, cell.address).not.toBe(ExcelJS.ValueType.Formula);
      expect(cell.formula, cell.address).toBeUndefined();
      if (typeof cell.value === 'string') expect(isFormulaTrigger(cell.value), `${cell.worksheet.name}!${cell.address}: ${cell.value.slice(0, 40)}`).toBe(false);
    }
    const strings = all.map((cell) => cell.value).filter((value): value is string => typeof value === 'string');
    expect(strings).toContain(`'${HOSTILE_TEXTS.formulaCommand}`);
    expect(strings).toContain(`'${HOSTILE_TEXTS.formulaPlus}`);
    expect(strings.some((value) => value.startsWith(`'${HOSTILE_TEXTS.formulaAt}`))).toBe(true);
    expect(strings.some((value) => value.includes(HOSTILE_TEXTS.cjk))).toBe(true);
    expect(strings.some((value) => value.includes(HOSTILE_TEXTS.long))).toBe(true);
  });
});

describe('spreadsheet safety', () => {
  it('prefixes exactly the cells a spreadsheet would treat as a formula', () => {
    for (const risky of ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx']) expect(neutralizeFormula(risky)).toBe(`'${risky}`);
    for (const harmless of ['1+1', 'a=b', ' =1', "'already", '']) expect(neutralizeFormula(harmless)).toBe(harmless);
  });

  it('keeps numbers, caps text at the cell limit and cleans XML-invalid characters', () => {
    expect(safeCell(-12.5)).toBe(-12.5);
    expect(safeCell(Number.NaN)).toBe('NaN');
    expect(safeCell(undefined)).toBeNull();
    expect((safeCell('x'.repeat(40_000)) as string).length).toBeLessThan(MAXIMUM_CELL_CHARACTERS);
    expect(safeCell('a\u0001b')).toBe('a\ufffdb');
    expect(safeCell('\u0001=x')).toBe('\ufffd=x');
  });
});
