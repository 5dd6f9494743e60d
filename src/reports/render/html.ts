import type { Report } from '../model/report.js';
import { buildReportDocument } from './build-document.js';
import type { Block, CitationReference, EvidenceEntry, Inline, Quadrant, ReportDocument, Section, TableCell, TableColumn } from './document-model.js';
import { formatAttributes, formatDate, formatTimestamp } from './format.js';
import { contentHtml, escapeHtml } from './html-escape.js';
import { REPORT_CONTENT_SECURITY_POLICY, REPORT_STYLESHEET } from './html-style.js';
import { safeHttpUrl } from './safe-url.js';
import { evidenceAnchor } from './section-titles.js';

/**
 * Renders a stored report as one self-contained HTML document: inline CSS allowed by hash, no
 * scripts, no external resources. Every piece of report text passes through `escapeHtml`;
 * links are emitted only for http(s) URLs and for anchors inside the document.
 */
export function renderHtml(report: Report): string {
  return serializeHtml(buildReportDocument(report));
}

/** The element names this serialiser can emit; anything else in its output was injected. */
export const HTML_ELEMENTS = [
  'html', 'head', 'meta', 'title', 'style', 'body', 'div', 'header', 'nav', 'main', 'section', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'caption',
  'thead', 'tbody', 'tr', 'th', 'td', 'strong', 'span', 'a', 'bdi', 'blockquote', 'svg', 'rect',
] as const;

export function serializeHtml(document: ReportDocument): string {
  const language = escapeHtml(document.language);
  const contents = document.sections
    .map((section) => `<li><a href="#${escapeHtml(section.id)}">${contentHtml(section.title)}</a></li>`)
    .join('');
  return [
    '<!doctype html>',
    `<html lang="${language}" dir="ltr">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_CONTENT_SECURITY_POLICY)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="ConsultantOS">',
    `<title>${escapeHtml(`${document.title} — ${document.subtitle}`)}</title>`,
    `<style>${REPORT_STYLESHEET}</style>`,
    '</head>',
    '<body>',
    '<div class="page">',
    '<header class="cover">',
    `<p class="eyebrow" dir="auto">${contentHtml(document.subtitle)}</p>`,
    `<h1 dir="auto">${contentHtml(document.title)}</h1>`,
    ...document.cover.map((block) => renderBlock(block, 1)),
    '</header>',
    `<nav class="toc" aria-label="Contents"><p>Contents</p><ol>${contents}</ol></nav>`,
    '<main>',
    ...document.sections.map((section) => renderSection(section, 2)),
    '</main>',
    `<footer><p dir="auto">${contentHtml(document.footer)}</p></footer>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderSection(section: Section, level: number): string {
  const headingLevel = Math.min(level, 6);
  return [
    `<section id="${escapeHtml(section.id)}">`,
    `<h${headingLevel} dir="auto">${contentHtml(section.title)}</h${headingLevel}>`,
    ...section.blocks.map((block) => renderBlock(block, level)),
    ...section.subsections.map((subsection) => renderSection(subsection, level + 1)),
    '</section>',
  ].join('\n');
}

function renderCitation(reference: CitationReference): string {
  if (reference.kind === 'evidence') {
    return `<a href="#${evidenceAnchor(reference.number)}" title="${escapeHtml(reference.title)}">[${reference.number}]</a>`;
  }
  return `<span class="unverified" title="This id is not in the report's evidence">[unverified: ${contentHtml(reference.evidenceId)}]</span>`;
}

// Colours are attributes rather than CSS so the bars survive a stylesheet-less viewer.
const METER_WIDTH = 64;
const METER_HEIGHT = 8;

function renderMeter(value: number, maximum: number, label: string): string {
  const ratio = maximum > 0 ? Math.max(0, Math.min(1, value / maximum)) : 0;
  const filled = Math.round(ratio * METER_WIDTH * 10) / 10;
  const svg =
    `<svg width="${METER_WIDTH}" height="${METER_HEIGHT}" viewBox="0 0 ${METER_WIDTH} ${METER_HEIGHT}" role="img" aria-label="${escapeHtml(`${label}`)}">` +
    `<rect width="${METER_WIDTH}" height="${METER_HEIGHT}" rx="2" fill="#e3e8ef"></rect>` +
    `<rect width="${filled}" height="${METER_HEIGHT}" rx="2" fill="#173f6b"></rect></svg>`;
  return `<span class="meter">${svg}<span class="meter-label">${escapeHtml(label)}</span></span>`;
}

function renderInline(inline: Inline): string {
  switch (inline.kind) {
    case 'text':
      return contentHtml(inline.text);
    case 'strong':
      return `<strong>${contentHtml(inline.text)}</strong>`;
    case 'badge':
      return `<span class="badge tone-${inline.tone}">${contentHtml(inline.text)}</span>`;
    case 'citations':
      return `<span class="citations">${inline.references.map(renderCitation).join('')}</span>`;
    case 'meter':
      return renderMeter(inline.value, inline.maximum, inline.label);
  }
}

function renderInlines(inlines: readonly Inline[]): string {
  // Citation markers hug the text they support; other inlines are separated by a space.
  let output = '';
  for (const inline of inlines) {
    const rendered = renderInline(inline);
    if (rendered.length === 0) continue;
    const separator = output.length === 0 || inline.kind === 'citations' || /\s$/.test(output) ? '' : ' ';
    output += separator + rendered;
  }
  return output;
}

function alignClass(column: TableColumn | undefined): string {
  return column?.align === undefined || column.align === 'left' ? '' : ` class="align-${column.align}"`;
}

function renderCell(cell: TableCell): string {
  if (Array.isArray(cell)) return renderInlines(cell);
  if (cell.items.length === 1) return renderInlines(cell.items[0]!);
  return `<ul class="cell-list">${cell.items.map((item) => `<li dir="auto">${renderInlines(item)}</li>`).join('')}</ul>`;
}

function renderTable(block: Extract<Block, { kind: 'table' }>): string {
  const head = block.columns.map((column) => `<th scope="col"${alignClass(column)}>${escapeHtml(column.title)}</th>`).join('');
  const rows = block.rows
    .map((row) => {
      const cells = block.columns.map((column, index) => {
        const cell = row[index];
        return `<td dir="auto"${alignClass(column)}>${cell === undefined ? '' : renderCell(cell)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const caption = block.caption === undefined ? '' : `<caption>${escapeHtml(block.caption)}</caption>`;
  return `<div class="table-wrap"><table>${caption}<thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function renderList(items: readonly Inline[][], ordered: boolean): string {
  const tag = ordered ? 'ol' : 'ul';
  return `<${tag}>${items.map((item) => `<li dir="auto">${renderInlines(item)}</li>`).join('\n')}</${tag}>`;
}

function renderQuadrant(quadrant: Quadrant, level: number): string {
  const heading = Math.min(level + 1, 6);
  const body = quadrant.items.length === 0 ? `<p>${escapeHtml(quadrant.emptyText)}</p>` : renderList(quadrant.items, false);
  return `<section class="quadrant quadrant-${quadrant.tone}"><h${heading}>${escapeHtml(quadrant.title)}</h${heading}>${body}</section>`;
}

function definition(term: string, valueHtml: string): string {
  return `<div><dt>${escapeHtml(term)}</dt><dd dir="auto">${valueHtml}</dd></div>`;
}

function renderEvidenceEntry(entry: EvidenceEntry): string {
  const { evidence } = entry;
  const meta = [evidence.kind, evidence.publisher, evidence.publishedAt === undefined ? undefined : formatDate(evidence.publishedAt)]
    .filter((part) => part !== undefined && part.length > 0)
    .map((part) => contentHtml(part!))
    .join(' · ');
  const details: string[] = [];
  if (evidence.url !== undefined) {
    const href = safeHttpUrl(evidence.url);
    details.push(
      definition(
        'URL',
        href === undefined
          ? `<span class="unsafe-url">${contentHtml(evidence.url)}</span> (not linked)`
          : `<a href="${escapeHtml(href)}" rel="noopener noreferrer" target="_blank">${contentHtml(evidence.url)}</a>`,
      ),
    );
  }
  details.push(definition('Locator', contentHtml(evidence.locator)));
  const attributes = formatAttributes(evidence.attributes);
  if (attributes !== undefined) details.push(definition('Attributes', contentHtml(attributes)));
  details.push(definition('Evidence id', `${contentHtml(evidence.id)}, retrieved ${escapeHtml(formatTimestamp(evidence.retrievedAt))}`));
  const excerpt = evidence.excerpt.trim().length === 0 ? '' : `<blockquote dir="auto">${escapeHtml(evidence.excerpt)}</blockquote>`;
  const notCited = entry.cited ? '' : ' <span class="not-cited">(not cited)</span>';
  return [
    `<li id="${evidenceAnchor(entry.number)}">`,
    `<span class="evidence-number">[${entry.number}]</span>`,
    `<p class="evidence-title" dir="auto">${contentHtml(evidence.title)}${notCited}</p>`,
    `<p class="evidence-meta">${meta}</p>`,
    `<dl class="definitions">${details.join('')}</dl>`,
    excerpt,
    '</li>',
  ].join('');
}

function renderBlock(block: Block, level: number): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p dir="auto">${renderInlines(block.content)}</p>`;
    case 'list':
      return renderList(block.items, block.ordered);
    case 'table':
      return renderTable(block);
    case 'definitions':
      return `<dl class="definitions">${block.items.map((item) => definition(item.term, renderInlines(item.value))).join('')}</dl>`;
    case 'quadrants':
      return `<div class="quadrants">${block.quadrants.map((quadrant) => renderQuadrant(quadrant, level)).join('\n')}</div>`;
    case 'quote':
      // The quote body is not wrapped in <bdi> so `dir="auto"` can right-align a quote written
      // in a right-to-left language.
      return `<blockquote><p class="quote-label">${escapeHtml(block.label)}</p><p dir="auto">${escapeHtml(block.text)}</p></blockquote>`;
    case 'notice':
      return `<div class="notice notice-${block.tone}" role="note"><p dir="auto">${renderInlines(block.content)}</p></div>`;
    case 'evidence-list':
      return `<ol class="evidence">\n${block.entries.map(renderEvidenceEntry).join('\n')}\n</ol>`;
  }
}
