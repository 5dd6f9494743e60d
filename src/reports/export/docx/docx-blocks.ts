import { AlignmentType, Bookmark, BorderStyle, Paragraph, ShadingType, Table, TableCell, TableRow, WidthType } from 'docx';
import type { FileChild, ParagraphChild } from 'docx';
import type { Block, EvidenceEntry, Inline, Quadrant, TableCell as DocumentCell } from '../../render/document-model.js';
import { formatAttributes, formatDate, formatTimestamp } from '../../render/format.js';
import { cellItems } from '../inline-text.js';
import { DOCX_COLORS, DOCX_TONES, evidenceBookmark, inlineRuns, textRuns, urlRuns } from './docx-inlines.js';

const SMALL = 17;
const TABLE_TEXT = 18;
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;
const RULE = { style: BorderStyle.SINGLE, size: 4, color: DOCX_COLORS.rule } as const;

/** Numbered lists restart at 1: each ordered list gets its own numbering instance. */
export class ListNumbering {
  private next = 0;
  instance(): number {
    this.next += 1;
    return this.next;
  }
}

export const ORDERED_LIST_REFERENCE = 'ordered-list';

function paragraphOf(inlines: readonly Inline[], options: { size?: number; bold?: boolean; spacingAfter?: number } = {}): Paragraph {
  return new Paragraph({
    children: inlineRuns(inlines, { ...(options.size ? { size: options.size } : {}), ...(options.bold ? { bold: true } : {}) }),
    spacing: { after: options.spacingAfter ?? 120 },
  });
}

function list(items: readonly Inline[][], ordered: boolean, numbering: ListNumbering, size?: number): Paragraph[] {
  const instance = ordered ? numbering.instance() : 0;
  return items.map(
    (item) =>
      new Paragraph({
        children: inlineRuns(item, size ? { size } : {}),
        ...(ordered ? { numbering: { reference: ORDERED_LIST_REFERENCE, level: 0, instance } } : { bullet: { level: 0 } }),
        spacing: { after: 60 },
      }),
  );
}

function cellParagraphs(cell: DocumentCell | undefined): Paragraph[] {
  if (cell === undefined) return [new Paragraph({ children: [] })];
  const items = cellItems(cell);
  const several = items.length > 1;
  return items.map((item) => new Paragraph({ children: inlineRuns(several ? [{ kind: 'text', text: '• ' }, ...item] : item, { size: TABLE_TEXT }), spacing: { after: 40 } }));
}

/** A4 minus the section's margins, in twips. */
const CONTENT_WIDTH_TWIPS = 11_906 - 2 * 1_134;

const TWIPS_PER_CHARACTER = 125;
const CELL_PADDING_TWIPS = 240;
const SHORT_COLUMN_CHARACTERS = 16;
/** Short columns never take more than this share of the width, so prose columns stay readable. */
const SHORT_COLUMNS_SHARE = 0.45;

function cellTextLength(cell: DocumentCell | undefined): { length: number; longestWord: number } {
  if (cell === undefined) return { length: 0, longestWord: 0 };
  const texts = cellItems(cell).map((item) =>
    item.map((inline) => ('text' in inline ? inline.text : inline.kind === 'meter' ? `${'■'.repeat(Math.min(inline.maximum, 10))} ${inline.label}` : '[00]')).join(' '),
  );
  return {
    length: Math.max(0, ...texts.map((value) => value.length)),
    longestWord: Math.max(0, ...texts.flatMap((value) => value.split(/\s+/)).map((word) => word.length)),
  };
}

/**
 * Column widths from the text each column holds (Word would otherwise split the page evenly):
 * short columns (ratings, badges, dates) fit on one line, long ones share the rest by how much
 * they hold, and none is narrower than its longest word.
 */
function columnWidths(block: Extract<Block, { kind: 'table' }>): number[] {
  const total = CONTENT_WIDTH_TWIPS;
  const columns = block.columns.map((column, index): { short: boolean; need: number; weight: number } => {
    const cells = block.rows.map((row) => cellTextLength(row[index]));
    const longest = Math.max(column.title.length, ...cells.map((cell) => cell.length));
    const longestWord = Math.max(...column.title.split(/\s+/).map((word) => word.length), ...cells.map((cell) => cell.longestWord));
    const average = cells.length === 0 ? longest : cells.reduce((sum, cell) => sum + cell.length, 0) / cells.length;
    const short = longest <= SHORT_COLUMN_CHARACTERS;
    const need = Math.min(total * 0.3, ((short ? longest : longestWord) + 1) * TWIPS_PER_CHARACTER + CELL_PADDING_TWIPS);
    return { short, need, weight: Math.max(6, Math.min(60, 0.5 * longest + 0.5 * average)) };
  });
  const neededByShort = columns.reduce((sum, column) => sum + (column.short ? column.need : 0), 0);
  const shortScale = Math.min(1, (total * SHORT_COLUMNS_SHARE) / (neededByShort || 1));
  for (const column of columns) if (column.short) column.need *= shortScale;
  const fixedTotal = neededByShort * shortScale;
  const weightTotal = columns.reduce((sum, column) => sum + (column.short ? 0 : column.weight), 0) || 1;
  const remaining = Math.max(0, total - fixedTotal);
  const widths = columns.map((column) => (column.short ? column.need : Math.max(column.need, (remaining * column.weight) / weightTotal)));
  const sum = widths.reduce((accumulated, width) => accumulated + width, 0);
  return widths.map((width) => Math.round((width * total) / sum));
}

function table(block: Extract<Block, { kind: 'table' }>): FileChild[] {
  const widths = columnWidths(block);
  const header = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: block.columns.map(
      (column, index) =>
        new TableCell({
          width: { size: widths[index]!, type: WidthType.DXA },
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: DOCX_COLORS.accentSoft },
          children: [new Paragraph({ children: textRuns(column.title, { bold: true, color: DOCX_COLORS.accent, size: TABLE_TEXT }), alignment: align(column.align) })],
        }),
    ),
  });
  const rows = block.rows.map(
    (row) =>
      new TableRow({
        children: block.columns.map((_, index) => new TableCell({ width: { size: widths[index]!, type: WidthType.DXA }, children: cellParagraphs(row[index]) })),
      }),
  );
  const children: FileChild[] = [];
  if (block.caption !== undefined) children.push(new Paragraph({ children: textRuns(block.caption, { italics: true, color: DOCX_COLORS.muted, size: SMALL }), keepNext: true }));
  children.push(
    new Table({
      rows: [header, ...rows],
      columnWidths: widths,
      width: { size: CONTENT_WIDTH_TWIPS, type: WidthType.DXA },
      borders: { top: RULE, bottom: RULE, left: NO_BORDER, right: NO_BORDER, insideHorizontal: RULE, insideVertical: NO_BORDER },
    }),
    new Paragraph({ children: [], spacing: { after: 120 } }),
  );
  return children;
}

function align(value: 'left' | 'right' | 'center' | undefined) {
  return value === 'right' ? AlignmentType.RIGHT : value === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT;
}

function quadrantCell(quadrant: Quadrant): TableCell {
  const tone = DOCX_TONES[quadrant.tone];
  const body =
    quadrant.items.length === 0
      ? [new Paragraph({ children: textRuns(quadrant.emptyText, { italics: true, color: DOCX_COLORS.muted, size: TABLE_TEXT }) })]
      : quadrant.items.map((item) => new Paragraph({ children: inlineRuns([{ kind: 'text', text: '• ' }, ...item], { size: TABLE_TEXT }), spacing: { after: 60 } }));
  return new TableCell({
    width: { size: 50, type: WidthType.PERCENTAGE },
    shading: { type: ShadingType.CLEAR, color: 'auto', fill: tone.fill },
    borders: { top: { style: BorderStyle.SINGLE, size: 18, color: tone.color }, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER },
    margins: { top: 100, bottom: 100, left: 120, right: 120 },
    children: [new Paragraph({ children: textRuns(quadrant.title.toUpperCase(), { bold: true, color: tone.color, size: TABLE_TEXT }), spacing: { after: 80 } }), ...body],
  });
}

/** A 2×2 grid (SWOT, ERRC) as a real table, so it stays editable. */
function quadrants(block: Extract<Block, { kind: 'quadrants' }>): FileChild[] {
  const rows: TableRow[] = [];
  for (let start = 0; start < block.quadrants.length; start += 2) {
    const pair = block.quadrants.slice(start, start + 2).map(quadrantCell);
    if (pair.length === 1) pair.push(new TableCell({ children: [new Paragraph({ children: [] })] }));
    rows.push(new TableRow({ children: pair }));
  }
  return [
    new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE }, borders: { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: { style: BorderStyle.SINGLE, size: 36, color: 'FFFFFF' }, insideVertical: { style: BorderStyle.SINGLE, size: 36, color: 'FFFFFF' } } }),
    new Paragraph({ children: [], spacing: { after: 120 } }),
  ];
}

function evidenceEntry(entry: EvidenceEntry): Paragraph[] {
  const { evidence } = entry;
  const title: ParagraphChild[] = [
    new Bookmark({ id: evidenceBookmark(entry.number), children: textRuns(`[${entry.number}] `, { bold: true, color: DOCX_COLORS.accent }) }),
    ...textRuns(entry.cited ? evidence.title : `${evidence.title} (not cited)`, { bold: true }),
  ];
  const source = [evidence.kind, evidence.publisher, evidence.publishedAt === undefined ? undefined : formatDate(evidence.publishedAt)].filter((part): part is string => part !== undefined && part.length > 0).join(' · ');
  const details = [`Locator: ${evidence.locator}`];
  const attributes = formatAttributes(evidence.attributes);
  if (attributes !== undefined) details.push(`Attributes: ${attributes}`);
  details.push(`Evidence id: ${evidence.id}, retrieved ${formatTimestamp(evidence.retrievedAt)}`);
  const indent = { left: 400 };
  const paragraphs = [
    new Paragraph({ children: title, keepNext: true, spacing: { before: 160, after: 40 } }),
    new Paragraph({ children: textRuns(source, { color: DOCX_COLORS.muted, size: SMALL }), indent, spacing: { after: 20 } }),
  ];
  if (evidence.url !== undefined) paragraphs.push(new Paragraph({ children: urlRuns(evidence.url, SMALL), indent, spacing: { after: 20 } }));
  paragraphs.push(new Paragraph({ children: textRuns(details.join('\n'), { color: DOCX_COLORS.muted, size: SMALL - 1 }), indent, spacing: { after: 20 } }));
  if (evidence.excerpt.trim().length > 0) paragraphs.push(new Paragraph({ children: textRuns(`“${evidence.excerpt.trim()}”`, { italics: true, size: SMALL }), indent, spacing: { after: 80 } }));
  return paragraphs;
}

export function blockChildren(block: Block, numbering: ListNumbering): FileChild[] {
  switch (block.kind) {
    case 'paragraph':
      return [paragraphOf(block.content)];
    case 'list':
      return list(block.items, block.ordered, numbering);
    case 'table':
      return table(block);
    case 'definitions':
      return block.items.map((item) => paragraphOf([{ kind: 'strong', text: `${item.term}:` }, ...item.value], { spacingAfter: 40 }));
    case 'quadrants':
      return quadrants(block);
    case 'quote':
      return [
        new Paragraph({ children: textRuns(block.label.toUpperCase(), { bold: true, color: DOCX_COLORS.muted, size: SMALL - 1 }), indent: { left: 360 }, keepNext: true }),
        new Paragraph({ children: textRuns(block.text, { italics: true, color: DOCX_COLORS.muted }), indent: { left: 360 }, border: { left: { style: BorderStyle.SINGLE, size: 12, color: DOCX_COLORS.rule, space: 8 } }, spacing: { after: 120 } }),
      ];
    case 'notice': {
      const tone = DOCX_TONES[block.tone];
      return [
        new Paragraph({
          children: inlineRuns(block.content),
          shading: { type: ShadingType.CLEAR, color: 'auto', fill: tone.fill },
          border: { left: { style: BorderStyle.SINGLE, size: 24, color: tone.color, space: 6 } },
          spacing: { before: 80, after: 160 },
        }),
      ];
    }
    case 'evidence-list':
      return block.entries.flatMap(evidenceEntry);
  }
}
