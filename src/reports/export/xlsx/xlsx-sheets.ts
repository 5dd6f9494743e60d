import type { Workbook, Worksheet } from 'exceljs';
import { safeCell } from './spreadsheet-safety.js';

export interface ColumnSpec {
  header: string;
  width: number;
  /** Long prose wraps; identifiers and numbers stay on one line. */
  wrap?: boolean;
  numberFormat?: string;
}

const HEADER_FILL = 'FFE7EEF6';
const ACCENT = 'FF173F6B';

/** A sheet with a bold, frozen, filtered header row; every value goes through `safeCell`. */
export function tableSheet(workbook: Workbook, name: string, columns: readonly ColumnSpec[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>): Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ header: safeCell(column.header) as string, width: column.width }));
  const header = sheet.getRow(1);
  header.font = { bold: true, color: { argb: ACCENT } };
  header.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  header.alignment = { vertical: 'middle' };
  for (const row of rows) sheet.addRow(row.map(safeCell));
  columns.forEach((column, index) => {
    const sheetColumn = sheet.getColumn(index + 1);
    sheetColumn.alignment = { vertical: 'top', wrapText: column.wrap ?? false };
    if (column.numberFormat !== undefined) sheetColumn.numFmt = column.numberFormat;
  });
  if (rows.length > 0) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

/** Appends a titled key/value or table block below what a sheet already holds. */
export function appendBlock(sheet: Worksheet, title: string, rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null | undefined>>, headers?: readonly string[]): void {
  if (sheet.rowCount > 0) sheet.addRow([]);
  const titleRow = sheet.addRow([safeCell(title)]);
  titleRow.font = { bold: true, size: 12, color: { argb: ACCENT } };
  if (headers !== undefined) {
    const headerRow = sheet.addRow(headers.map(safeCell));
    headerRow.font = { bold: true, color: { argb: ACCENT } };
    headerRow.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
  }
  for (const row of rows) sheet.addRow(row.map(safeCell)).alignment = { vertical: 'top', wrapText: true };
}
