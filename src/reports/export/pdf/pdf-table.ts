import type { Block, TableCell, Tone } from '../../render/document-model.js';
import { cellItems, cellText, soleMeter } from '../inline-text.js';
import type { FontStyle } from './pdf-fonts.js';
import type { PdfLayout } from './pdf-layout.js';
import { COLORS, SIZES } from './pdf-theme.js';

type TableBlock = Extract<Block, { kind: 'table' }>;

type PreparedCell =
  | { kind: 'text'; text: string; style: FontStyle; align: 'left' | 'right' | 'center' }
  | { kind: 'meter'; value: number; maximum: number; label: string }
  | { kind: 'badge'; text: string; tone: Tone };

const PADDING_X = 5;
const PADDING_Y = 4;
const METER_COLUMN_WIDTH = 84;
const MINIMUM_COLUMN_WIDTH = 34;
const LINE_GAP = 1;

function prepareCell(cell: TableCell | undefined, align: 'left' | 'right' | 'center'): PreparedCell {
  const meter = soleMeter(cell);
  if (meter !== undefined) return { kind: 'meter', value: meter.value, maximum: meter.maximum, label: meter.label };
  if (cell !== undefined && Array.isArray(cell) && cell.length === 1 && cell[0]!.kind === 'badge') {
    return { kind: 'badge', text: cell[0]!.text, tone: cell[0]!.tone };
  }
  const first = cell === undefined ? undefined : cellItems(cell)[0]?.[0];
  return { kind: 'text', text: cellText(cell), style: first?.kind === 'strong' ? 'bold' : 'regular', align };
}

/**
 * Draws a table that may run over many pages: rows never straddle a page break (the header
 * repeats on the next page), and a single row taller than a page, such as a 5,000-character
 * cell, is split at a word boundary and continued.
 */
export function drawTable(layout: PdfLayout, block: TableBlock): void {
  const { doc } = layout;
  const aligns = block.columns.map((column) => column.align ?? 'left');
  const rows = block.rows.map((row) => block.columns.map((_, index) => prepareCell(row[index], aligns[index]!)));
  const widths = columnWidths(layout, block, rows);
  const header = block.columns.map((column): PreparedCell => ({ kind: 'text', text: column.title, style: 'bold', align: column.align ?? 'left' }));

  if (block.caption !== undefined) {
    layout.ensureSpace(60);
    layout.plain(block.caption, { style: 'italic', size: SIZES.small, color: COLORS.muted });
    doc.y -= 3;
  }
  const headerHeight = rowHeight(layout, header, widths);
  layout.ensureSpace(headerHeight + 24);
  drawRow(layout, header, widths, headerHeight, COLORS.accentSoft, true);

  rows.forEach((row, rowIndex) => {
    let pending = row;
    const fill = rowIndex % 2 === 1 ? COLORS.stripe : undefined;
    for (;;) {
      const height = rowHeight(layout, pending, widths);
      if (doc.y + height <= layout.bottom) {
        drawRow(layout, pending, widths, height, fill, false);
        return;
      }
      const available = layout.bottom - doc.y;
      // Move the whole row to the next page when it fits there, or when too little is left here.
      if (height <= layout.bottom - layout.top - headerHeight || available < 60) {
        layout.newPage();
        drawRow(layout, header, widths, headerHeight, COLORS.accentSoft, true);
        if (height <= layout.bottom - doc.y) continue;
      }
      const [head, rest] = splitRow(layout, pending, widths, layout.bottom - doc.y);
      drawRow(layout, head, widths, layout.bottom - doc.y, fill, false);
      layout.newPage();
      drawRow(layout, header, widths, headerHeight, COLORS.accentSoft, true);
      pending = rest;
    }
  });
  doc.x = layout.left;
  layout.space(8);
}

function naturalWeight(rows: PreparedCell[][], column: number): number {
  const lengths = rows.map((row) => {
    const cell = row[column]!;
    return cell.kind === 'text' ? Math.max(...cell.text.split('\n').map((line) => line.length)) : 8;
  });
  if (lengths.length === 0) return 8;
  const longest = Math.max(...lengths);
  const average = lengths.reduce((sum, length) => sum + length, 0) / lengths.length;
  return Math.max(4, Math.min(60, 0.5 * longest + 0.5 * average));
}

function widestWord(layout: PdfLayout, value: string, style: FontStyle): number {
  return Math.max(0, ...layout.clean(value).split(/\s+/).map((word) => layout.textWidth(word, style, SIZES.table)));
}

function singleLineWidth(layout: PdfLayout, value: string, style: FontStyle): number {
  return Math.max(0, ...layout.clean(value).split('\n').map((line) => layout.textWidth(line, style, SIZES.table)));
}

/**
 * Score and badge columns get what they need; columns whose longest entry is short get one
 * line each; the rest share the remaining width by how much text they hold, never narrower
 * than their longest word (so "Competitive" does not break mid-word).
 */
function columnWidths(layout: PdfLayout, block: TableBlock, rows: PreparedCell[][]): number[] {
  const total = layout.width;
  const shortLimit = total * 0.2;
  const fixed = block.columns.map((column, index) => {
    const cells = rows.map((row) => row[index]!);
    const titleWidth = widestWord(layout, column.title, 'bold') + 2 * PADDING_X;
    if (cells.length > 0 && cells.every((cell) => cell.kind === 'meter')) return Math.max(METER_COLUMN_WIDTH, titleWidth);
    if (cells.length > 0 && cells.every((cell) => cell.kind === 'badge')) {
      const widest = Math.max(...cells.map((cell) => (cell.kind === 'badge' ? layout.textWidth(layout.clean(cell.text), 'bold', SIZES.small - 0.5) : 0)));
      return Math.max(widest + 12 + 2 * PADDING_X, titleWidth);
    }
    const line = Math.max(titleWidth, ...cells.map((cell) => (cell.kind === 'text' ? singleLineWidth(layout, cell.text, cell.style) + 2 * PADDING_X + 1 : 0)));
    return line <= shortLimit ? line : undefined;
  });
  const minimums = block.columns.map((column, index) => {
    const words = rows.map((row) => row[index]!).map((cell) => (cell.kind === 'text' ? widestWord(layout, cell.text, cell.style) : 0));
    return Math.min(total * 0.3, Math.max(MINIMUM_COLUMN_WIDTH, widestWord(layout, column.title, 'bold'), ...words) + 2 * PADDING_X + 1);
  });
  const weights = fixed.map((width, index) => (width === undefined ? naturalWeight(rows, index) : 0));
  const fixedTotal = fixed.reduce<number>((sum, width) => sum + (width ?? 0), 0);
  const weightTotal = weights.reduce((sum, weight) => sum + weight, 0) || 1;
  const remaining = Math.max(0, total - fixedTotal);
  const widths = fixed.map((width, index) => width ?? Math.max(minimums[index]!, (remaining * weights[index]!) / weightTotal));
  const sum = widths.reduce((accumulated, width) => accumulated + width, 0);
  // Only a table with too much fixed content is squeezed; otherwise flexible columns absorb slack.
  if (sum > total) return widths.map((width) => (width * total) / sum);
  const flexibleTotal = widths.reduce((accumulated, width, index) => accumulated + (fixed[index] === undefined ? width : 0), 0);
  if (flexibleTotal === 0) return widths.map((width) => (width * total) / sum);
  return widths.map((width, index) => (fixed[index] === undefined ? width + ((total - sum) * width) / flexibleTotal : width));
}

function cellHeight(layout: PdfLayout, cell: PreparedCell, width: number): number {
  if (cell.kind !== 'text') return 12 + 2 * PADDING_Y;
  if (cell.text.length === 0) return 2 * PADDING_Y;
  return layout.measure(cell.text, cell.style, SIZES.table, width - 2 * PADDING_X, LINE_GAP) + 2 * PADDING_Y;
}

function rowHeight(layout: PdfLayout, row: PreparedCell[], widths: number[]): number {
  return Math.max(...row.map((cell, index) => cellHeight(layout, cell, widths[index]!)));
}

function drawRow(layout: PdfLayout, row: PreparedCell[], widths: number[], height: number, fill: string | undefined, header: boolean): void {
  const { doc } = layout;
  const y = doc.y;
  if (fill !== undefined) doc.rect(layout.left, y, layout.width, height).fill(fill);
  let x = layout.left;
  row.forEach((cell, index) => {
    const width = widths[index]!;
    if (cell.kind === 'meter') {
      layout.meter(x + PADDING_X, y + PADDING_Y, cell.value, cell.maximum, cell.label, { width: Math.min(40, width - 44) });
    } else if (cell.kind === 'badge') {
      layout.badge(x + PADDING_X, y + PADDING_Y, cell.text, cell.tone);
    } else if (cell.text.length > 0) {
      layout.font(cell.style, SIZES.table, header ? COLORS.accent : COLORS.ink);
      doc.text(layout.clean(cell.text), x + PADDING_X, y + PADDING_Y, { width: width - 2 * PADDING_X, lineGap: LINE_GAP, align: cell.align });
    }
    x += width;
  });
  const bottom = y + height;
  doc.moveTo(layout.left, bottom).lineTo(layout.left + layout.width, bottom).lineWidth(header ? 1.2 : 0.5).strokeColor(COLORS.rule).stroke();
  doc.x = layout.left;
  doc.y = bottom;
}

/** Splits each text cell so the first part fits `height`; other cells stay with the first part. */
function splitRow(layout: PdfLayout, row: PreparedCell[], widths: number[], height: number): [PreparedCell[], PreparedCell[]] {
  const head: PreparedCell[] = [];
  const rest: PreparedCell[] = [];
  row.forEach((cell, index) => {
    if (cell.kind !== 'text') {
      head.push(cell);
      rest.push({ kind: 'text', text: '', style: 'regular', align: 'left' });
      return;
    }
    const width = widths[index]! - 2 * PADDING_X;
    const [fits, remainder] = fitText(layout, cell.text, cell.style, width, height - 2 * PADDING_Y);
    head.push({ ...cell, text: fits });
    rest.push({ ...cell, text: remainder });
  });
  return [head, rest];
}

/** The longest prefix of `value` (cut at a space where possible) that fits the given box. */
export function fitText(layout: PdfLayout, value: string, style: FontStyle, width: number, height: number): [string, string] {
  const characters = Array.from(value);
  const fits = (count: number) => layout.measure(characters.slice(0, count).join(''), style, SIZES.table, width, LINE_GAP) <= height;
  if (fits(characters.length)) return [value, ''];
  let low = 0;
  let high = characters.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (fits(middle)) low = middle;
    else high = middle - 1;
  }
  // Always make progress, even when not one character fits.
  const prefix = characters.slice(0, Math.max(low, 1)).join('');
  const space = prefix.search(/\s\S*$/);
  const cut = space > prefix.length * 0.6 ? space : prefix.length;
  return [value.slice(0, cut).trimEnd(), value.slice(cut).trimStart()];
}
