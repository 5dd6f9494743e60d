import { truncateText, xmlSafeText } from '../xml-text.js';

/**
 * Spreadsheet applications treat a cell that starts with one of these as a formula (or, for tab
 * and carriage return, as the start of one on paste), so report text such as
 * `=cmd|' /C calc'!A0` would run on the reader's machine. OWASP's "CSV injection" advice:
 * prefix such cells with a single quote so they stay text.
 */
const FORMULA_TRIGGER = /^[=+\-@\t\r]/;

/** Excel's hard limit on the characters in one cell. */
export const MAXIMUM_CELL_CHARACTERS = 32_767;

export function neutralizeFormula(value: string): string {
  return FORMULA_TRIGGER.test(value) ? `'${value}` : value;
}

export type SafeCellValue = string | number | boolean | null;

/** Every value written to the workbook passes here: text is cleaned, capped and neutralised. */
export function safeCell(value: string | number | boolean | null | undefined): SafeCellValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'boolean') return value;
  return neutralizeFormula(truncateText(xmlSafeText(value), MAXIMUM_CELL_CHARACTERS - 1));
}

export function isFormulaTrigger(value: string): boolean {
  return FORMULA_TRIGGER.test(value);
}
