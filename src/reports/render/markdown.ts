import type { Report } from '../model/report.js';
import { buildReportDocument } from './build-document.js';
import type { Block, CitationReference, EvidenceEntry, Inline, ReportDocument, Section, TableCell, TableColumn } from './document-model.js';
import { formatAttributes, formatDate } from './format.js';
import { escapeMarkdownText } from './markdown-escape.js';
import { safeHttpUrl } from './safe-url.js';

/**
 * Renders a stored report as GitHub-flavoured Markdown (CommonMark plus tables). All report
 * text goes through `escapeMarkdownText`; the only structure in the output is what this file
 * writes.
 */
export function renderMarkdown(report: Report): string {
  return serializeMarkdown(buildReportDocument(report));
}

export function serializeMarkdown(document: ReportDocument): string {
  const parts: string[] = [heading(1, document.title)];
  if (document.subtitle.length > 0) parts.push(`*${escapeMarkdownText(document.subtitle)}*`);
  parts.push(...document.cover.map((block) => renderBlock(block, 1)));
  for (const section of document.sections) parts.push(...renderSection(section, 2));
  parts.push('---', `*${escapeMarkdownText(document.footer)}*`);
  return `${parts.filter((part) => part.length > 0).join('\n\n')}\n`;
}

function heading(level: number, title: string): string {
  return `${'#'.repeat(Math.min(level, 6))} ${escapeMarkdownText(title)}`;
}

function renderSection(section: Section, level: number): string[] {
  return [
    heading(level, section.title),
    ...section.blocks.map((block) => renderBlock(block, level)),
    ...section.subsections.flatMap((subsection) => renderSection(subsection, level + 1)),
  ];
}

const METER_FILLED = '█';
const METER_EMPTY = '░';

function renderCitation(reference: CitationReference): string {
  // `[n]` stays unescaped for readability: it cannot become a link because the document never
  // contains a link reference definition (content brackets are always escaped) and a `(`
  // opening the following text is escaped too.
  if (reference.kind === 'evidence') return `[${reference.number}]`;
  return `[unverified: ${escapeMarkdownText(reference.evidenceId)}]`;
}

function renderInline(inline: Inline): string {
  switch (inline.kind) {
    case 'text':
      return escapeMarkdownText(inline.text);
    case 'strong': {
      const content = escapeMarkdownText(inline.text);
      return content.length === 0 ? '' : `**${content}**`;
    }
    case 'badge':
      return escapeMarkdownText(inline.text);
    case 'citations':
      return inline.references.map(renderCitation).join('');
    case 'meter': {
      const cells = Math.min(inline.maximum, 10);
      const filled = Math.max(0, Math.min(cells, Math.round((inline.value / inline.maximum) * cells)));
      return `${METER_FILLED.repeat(filled)}${METER_EMPTY.repeat(cells - filled)} ${escapeMarkdownText(inline.label)}`;
    }
  }
}

/** Joins inlines with single spaces, so `text [1]` and `Medium ███ 68/100` read naturally. */
export function renderInlines(inlines: readonly Inline[]): string {
  return inlines
    .map(renderInline)
    .filter((rendered) => rendered.length > 0)
    .join(' ');
}

function renderCell(cell: TableCell): string {
  if (Array.isArray(cell)) return renderInlines(cell);
  if (cell.items.length === 1) return renderInlines(cell.items[0]!);
  return cell.items.map((item) => `• ${renderInlines(item)}`).join(' ');
}

function delimiter(column: TableColumn): string {
  switch (column.align) {
    case 'right':
      return '---:';
    case 'center':
      return ':---:';
    default:
      return '---';
  }
}

function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function renderTable(block: Extract<Block, { kind: 'table' }>): string {
  const width = block.columns.length;
  const lines = [
    tableRow(block.columns.map((column) => escapeMarkdownText(column.title))),
    tableRow(block.columns.map(delimiter)),
    // A short row would be padded by GFM anyway; padding here keeps every row's count exact.
    ...block.rows.map((row) => tableRow(Array.from({ length: width }, (_, index) => (row[index] === undefined ? '' : renderCell(row[index]!))))),
  ];
  const table = lines.join('\n');
  return block.caption === undefined ? table : `*${escapeMarkdownText(block.caption)}*\n\n${table}`;
}

function renderList(items: readonly Inline[][], ordered: boolean): string {
  return items.map((item, index) => `${ordered ? `${index + 1}.` : '-'} ${renderInlines(item)}`).join('\n');
}

function renderEvidenceEntry(entry: EvidenceEntry): string {
  const { evidence } = entry;
  const marker = `${entry.number}.`;
  const indent = ' '.repeat(marker.length + 1);
  const source = [evidence.kind, evidence.publisher, evidence.publishedAt === undefined ? undefined : formatDate(evidence.publishedAt)]
    .filter((part) => part !== undefined && part.length > 0)
    .map((part) => escapeMarkdownText(part!))
    .join(' · ');
  const lines = [`${marker} **${escapeMarkdownText(evidence.title)}**${entry.cited ? '' : ' (not cited)'}`, `${indent}- Source: ${source}`];
  if (evidence.url !== undefined) {
    const href = safeHttpUrl(evidence.url);
    lines.push(href === undefined ? `${indent}- URL (not linked): ${escapeMarkdownText(evidence.url)}` : `${indent}- URL: <${href}>`);
  }
  lines.push(`${indent}- Locator: ${escapeMarkdownText(evidence.locator)}`);
  const attributes = formatAttributes(evidence.attributes);
  if (attributes !== undefined) lines.push(`${indent}- Attributes: ${escapeMarkdownText(attributes)}`);
  lines.push(`${indent}- Evidence id: ${escapeMarkdownText(evidence.id)}, retrieved ${escapeMarkdownText(formatDate(evidence.retrievedAt))}`);
  if (evidence.excerpt.trim().length > 0) lines.push(`${indent}- Excerpt: “${escapeMarkdownText(evidence.excerpt)}”`);
  return lines.join('\n');
}

function renderBlock(block: Block, level: number): string {
  switch (block.kind) {
    case 'paragraph':
      return renderInlines(block.content);
    case 'list':
      return renderList(block.items, block.ordered);
    case 'table':
      return renderTable(block);
    case 'definitions':
      return block.items.map((item) => `- **${escapeMarkdownText(item.term)}:** ${renderInlines(item.value)}`).join('\n');
    case 'quadrants':
      return block.quadrants
        .map((quadrant) => {
          const body = quadrant.items.length === 0 ? escapeMarkdownText(quadrant.emptyText) : renderList(quadrant.items, false);
          return `${heading(level + 1, quadrant.title)}\n\n${body}`;
        })
        .join('\n\n');
    case 'quote':
      return `> **${escapeMarkdownText(block.label)}:** ${escapeMarkdownText(block.text)}`;
    case 'notice':
      return `> ${renderInlines(block.content)}`;
    case 'evidence-list':
      return block.entries.map(renderEvidenceEntry).join('\n');
  }
}
