import PDFDocument from 'pdfkit';
import type { Report } from '../../model/report.js';
import { buildReportDocument } from '../../render/build-document.js';
import type { Block, ReportDocument, Section } from '../../render/document-model.js';
import { CHAPTER_SECTION_IDS } from '../chapters.js';
import { metricCharts, pestelImpacts, porterBars, strategyCanvas } from '../chart-data.js';
import { drawImpactBars, drawMetricChart, drawRatingBars, drawStrategyCanvas } from './pdf-charts.js';
import { drawCover } from './pdf-cover.js';
import { drawEvidenceList } from './pdf-evidence.js';
import { DrawableText, FONT_NAMES, loadFonts, MISSING_GLYPH_MARKER, shareParsedFonts } from './pdf-fonts.js';
import { PdfLayout } from './pdf-layout.js';
import { drawQuadrants } from './pdf-quadrants.js';
import { drawTable } from './pdf-table.js';
import { COLORS, PAGE, SIZES } from './pdf-theme.js';


interface ContentsEntry {
  id: string;
  title: string;
  depth: number;
  pageIndex: number;
}

/**
 * Renders a stored report as a PDF deliverable. The result is pdfkit's document, a Readable
 * stream that has already been ended: pipe it to a response or a file. Pages are buffered
 * until the end (the table of contents and "page n of N" need the final page count), so the
 * stream starts flowing once the whole document is laid out.
 */
export function createPdfStream(report: Report): PDFKit.PDFDocument {
  const fonts = loadFonts();
  const document = buildReportDocument(report);
  const created = new Date(report.createdAt);
  const doc = new PDFDocument({
    size: PAGE.size,
    margins: PAGE.margin,
    bufferPages: true,
    autoFirstPage: true,
    displayTitle: true,
    lang: document.language,
    info: {
      Title: `${document.title} — ${document.subtitle}`,
      Author: 'ConsultantOS',
      Subject: 'Strategy analysis',
      Creator: 'ConsultantOS',
      Producer: 'ConsultantOS (pdfkit)',
      // The report's own time, not the rendering time: the same report renders alike.
      ...(Number.isNaN(created.getTime()) ? {} : { CreationDate: created, ModDate: created }),
    },
  });
  doc.registerFont(FONT_NAMES.regular, fonts.files.regular);
  doc.registerFont(FONT_NAMES.bold, fonts.files.bold);
  doc.registerFont(FONT_NAMES.italic, fonts.files.italic);
  shareParsedFonts(doc, fonts);
  const drawable = new DrawableText(fonts.coverage);
  const layout = new PdfLayout(doc, drawable);

  drawCover(layout, document);
  layout.newPage();
  const contentsPage = layout.pageIndex;
  layout.newPage();
  const contents: ContentsEntry[] = [];
  let first = true;
  for (const section of document.sections) {
    drawSection(layout, report, section, 1, contents, first);
    first = false;
  }
  drawContents(layout, document, contents, contentsPage);
  drawPageFurniture(layout, document, drawable.replacedCharacters > 0);
  doc.end();
  return doc;
}

/** The same PDF collected into one Buffer. */
export function renderPdf(report: Report): Promise<Buffer> {
  const stream = createPdfStream(report);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function drawSection(layout: PdfLayout, report: Report, section: Section, depth: number, contents: ContentsEntry[], first: boolean): void {
  if (CHAPTER_SECTION_IDS.has(section.id) && !first && layout.doc.y > layout.top + 1) layout.newPage();
  if (first) layout.doc.y = layout.top;
  layout.heading(depth, section.title);
  contents.push({ id: section.id, title: section.title, depth, pageIndex: layout.pageIndex });
  layout.doc.addNamedDestination(section.id);
  section.blocks.forEach((block, index) => {
    drawBlock(layout, block, depth);
    // Charts follow the framework's summary paragraph, before its tables and grids.
    if (index === 0) drawCharts(layout, report, section.id);
  });
  if (section.blocks.length === 0) drawCharts(layout, report, section.id);
  for (const subsection of section.subsections) drawSection(layout, report, subsection, depth + 1, contents, false);
}

function drawCharts(layout: PdfLayout, report: Report, sectionId: string): void {
  const { porter, pestel, blue_ocean: blueOcean } = report.frameworks;
  switch (sectionId) {
    case 'framework-porter':
      if (porter !== undefined) drawRatingBars(layout, 'Force ratings (1 = weak, 5 = strong)', porterBars(porter), 5);
      break;
    case 'framework-pestel':
      if (pestel !== undefined) drawImpactBars(layout, pestelImpacts(pestel));
      break;
    case 'framework-blue-ocean':
      if (blueOcean !== undefined) drawStrategyCanvas(layout, strategyCanvas(blueOcean));
      break;
    case 'financial-metrics':
      for (const chart of metricCharts(report.financials)) drawMetricChart(layout, chart);
      break;
  }
}

function drawBlock(layout: PdfLayout, block: Block, depth: number): void {
  switch (block.kind) {
    case 'paragraph':
      layout.paragraph(block.content);
      return;
    case 'list':
      layout.list(block.items, block.ordered);
      return;
    case 'table':
      drawTable(layout, block);
      return;
    case 'definitions':
      for (const item of block.items) layout.paragraph([{ kind: 'strong', text: `${item.term}:` }, ...item.value]);
      return;
    case 'quadrants':
      drawQuadrants(layout, block.quadrants);
      return;
    case 'quote':
      layout.quote(block.label, block.text);
      return;
    case 'notice':
      layout.notice(block.tone, block.content);
      return;
    case 'evidence-list':
      drawEvidenceList(layout, block.entries);
      return;
  }
  void depth;
}

function drawContents(layout: PdfLayout, document: ReportDocument, contents: ContentsEntry[], pageIndex: number): void {
  const { doc } = layout;
  doc.switchToPage(pageIndex);
  doc.y = layout.top;
  layout.heading(1, 'Contents');
  const outline = new Map<number, PDFKit.PDFOutline>();
  for (const entry of contents) {
    if (doc.y > layout.bottom - 20) break;
    const indent = (entry.depth - 1) * 16;
    const y = doc.y;
    const style = entry.depth === 1 ? 'bold' : 'regular';
    layout.font(style, entry.depth === 1 ? SIZES.body + 0.5 : SIZES.body, entry.depth === 1 ? COLORS.ink : COLORS.muted);
    const title = layout.clean(entry.title);
    const pageLabel = String(entry.pageIndex + 1);
    const titleWidth = Math.min(doc.widthOfString(title), layout.width - indent - 60);
    doc.text(title, layout.left + indent, y, { width: layout.width - indent - 50, lineBreak: false, ellipsis: true, goTo: entry.id });
    doc.text(pageLabel, layout.left, y, { width: layout.width, align: 'right', lineBreak: false, goTo: entry.id });
    const dotsStart = layout.left + indent + titleWidth + 6;
    const dotsEnd = layout.left + layout.width - doc.widthOfString(pageLabel) - 6;
    if (dotsEnd > dotsStart) doc.moveTo(dotsStart, y + 8).lineTo(dotsEnd, y + 8).lineWidth(0.6).dash(1, { space: 2.5 }).strokeColor(COLORS.rule).stroke().undash();
    doc.y = y + (entry.depth === 1 ? 17 : 14.5);
    const parent = entry.depth === 1 ? doc.outline : outline.get(entry.depth - 1) ?? doc.outline;
    // pdfkit's outline items open the page that is current when they are added.
    doc.switchToPage(entry.pageIndex);
    outline.set(entry.depth, parent.addItem(entry.title));
    doc.switchToPage(pageIndex);
  }
  void document;
}

function drawPageFurniture(layout: PdfLayout, document: ReportDocument, replacedGlyphs: boolean): void {
  const { doc } = layout;
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let index = range.start; index < range.start + total; index += 1) {
    doc.switchToPage(index);
    // Writing below the bottom margin would otherwise add a page.
    const margins = { ...doc.page.margins };
    doc.page.margins = { ...margins, top: 0, bottom: 0 };
    if (index > range.start) {
      layout.font('regular', SIZES.small - 0.5, COLORS.muted);
      doc.text(layout.clean(document.title), margins.left, 34, { width: layout.width * 0.7, height: 10, ellipsis: true });
      doc.text('Strategy analysis', margins.left, 34, { width: layout.width, align: 'right', lineBreak: false });
      doc.moveTo(margins.left, 48).lineTo(doc.page.width - margins.right, 48).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
      const footerY = doc.page.height - margins.bottom + 24;
      layout.font('regular', SIZES.small - 1.5, COLORS.muted);
      doc.text(layout.clean(document.footer), margins.left, footerY, { width: layout.width * 0.8, height: 10, ellipsis: true });
      layout.font('regular', SIZES.small - 0.5, COLORS.muted);
      doc.text(`Page ${index + 1} of ${total}`, margins.left, footerY, { width: layout.width, align: 'right', lineBreak: false });
    }
    if (replacedGlyphs && index === range.start + 1) {
      layout.font('italic', SIZES.small - 0.5, COLORS.muted);
      doc.text(
        `Characters the embedded font cannot draw (such as Chinese, Japanese or Korean text and emoji) are shown as ${MISSING_GLYPH_MARKER}. The DOCX, XLSX, HTML and Markdown exports keep the original text.`,
        margins.left,
        doc.page.height - margins.bottom - 18,
        { width: layout.width },
      );
    }
    doc.page.margins = margins;
  }
}
