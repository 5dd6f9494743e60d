import type { Block, ReportDocument } from '../../render/document-model.js';
import { inlinesText } from '../inline-text.js';
import type { PdfLayout } from './pdf-layout.js';
import { COLORS, SIZES } from './pdf-theme.js';

const BAND_HEIGHT = 330;

/** The title page: a full-width band with the company, then the report's key facts in a grid. */
export function drawCover(layout: PdfLayout, document: ReportDocument): void {
  const { doc } = layout;
  doc.rect(0, 0, doc.page.width, BAND_HEIGHT).fill(COLORS.accent);
  layout.font('bold', SIZES.small, COLORS.accentLight);
  doc.text('CONSULTANTOS · STRATEGY REPORT', layout.left, 70, { width: layout.width, characterSpacing: 1.2 });
  doc.y += 18;
  layout.font('bold', SIZES.title, COLORS.white);
  const title = layout.clean(document.title);
  // A title longer than the band shrinks rather than running into the facts below.
  let size: number = SIZES.title;
  while (size > 12 && layout.measure(document.title, 'bold', size, layout.width) > BAND_HEIGHT - 190) size -= 2;
  layout.font('bold', size, COLORS.white);
  doc.text(title, layout.left, doc.y, { width: layout.width, lineGap: 2, height: BAND_HEIGHT - 170, ellipsis: true });
  doc.y += 10;
  layout.font('regular', SIZES.body + 2, '#dbe6f3');
  doc.text(layout.clean(document.subtitle), layout.left, doc.y, { width: layout.width, height: 60, ellipsis: true });
  doc.y = BAND_HEIGHT + 28;
  for (const block of document.cover) drawCoverBlock(layout, block);
  layout.font('regular', SIZES.small - 0.5, COLORS.muted);
  doc.text(layout.clean(document.footer), layout.left, layout.bottom - 10, { width: layout.width, lineBreak: false, ellipsis: true });
}

function drawCoverBlock(layout: PdfLayout, block: Block): void {
  const { doc } = layout;
  if (block.kind === 'definitions') {
    const columns = 3;
    const columnWidth = layout.width / columns;
    let rowHeight = 0;
    block.items.forEach((item, index) => {
      const column = index % columns;
      if (column === 0 && index > 0) {
        doc.y += rowHeight + 12;
        rowHeight = 0;
      }
      const x = layout.left + column * columnWidth;
      const y = doc.y;
      layout.font('bold', SIZES.small - 1, COLORS.muted);
      doc.text(layout.clean(item.term.toUpperCase()), x, y, { width: columnWidth - 12, characterSpacing: 0.6, lineBreak: false });
      const meter = item.value.find((inline) => inline.kind === 'meter');
      const badge = item.value.find((inline) => inline.kind === 'badge');
      let valueX = x;
      if (badge !== undefined && badge.kind === 'badge') valueX += layout.badge(x, y + 12, badge.text, badge.tone) + 6;
      if (meter !== undefined && meter.kind === 'meter') {
        layout.meter(valueX, y + 12, meter.value, meter.maximum, meter.label, { width: 50 });
      } else if (badge === undefined) {
        layout.font('bold', SIZES.body, COLORS.ink);
        doc.text(layout.clean(inlinesText(item.value)), x, y + 12, { width: columnWidth - 12, height: 36, ellipsis: true });
      }
      rowHeight = Math.max(rowHeight, doc.y - y, 24);
      doc.y = y;
    });
    doc.y += rowHeight + 20;
    doc.x = layout.left;
    return;
  }
  if (block.kind === 'notice') {
    layout.notice(block.tone, block.content);
    return;
  }
  if (block.kind === 'paragraph') {
    const text = inlinesText(block.content);
    layout.font('regular', SIZES.body + 0.5, COLORS.ink);
    // A very long description flows onto the next page rather than being cut.
    doc.text(layout.clean(text), layout.left, doc.y, { width: layout.width, lineGap: 3 });
    doc.y += 10;
  }
}
