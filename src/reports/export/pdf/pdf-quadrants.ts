import type { Quadrant } from '../../render/document-model.js';
import { inlinesText } from '../inline-text.js';
import type { PdfLayout } from './pdf-layout.js';
import { COLORS, SIZES, TONE_BACKGROUNDS, TONE_COLORS } from './pdf-theme.js';

const GUTTER = 10;
const PADDING = 8;
const TITLE_HEIGHT = 16;

function quadrantHeight(layout: PdfLayout, quadrant: Quadrant, width: number): number {
  const texts = quadrant.items.length === 0 ? [quadrant.emptyText] : quadrant.items.map((item) => inlinesText(item));
  const textWidth = width - 2 * PADDING - 8;
  return TITLE_HEIGHT + PADDING * 2 + texts.reduce((sum, value) => sum + layout.measure(value, 'regular', SIZES.small + 0.5, textWidth) + 3, 0);
}

/**
 * A 2×2 grid (SWOT, ERRC). A row of two boxes must fit on one page; when content is too long
 * for that, the quadrants are drawn one after another as headed lists instead.
 */
export function drawQuadrants(layout: PdfLayout, quadrants: readonly Quadrant[]): void {
  const width = (layout.width - GUTTER) / 2;
  const pageHeight = layout.bottom - layout.top;
  for (let start = 0; start < quadrants.length; start += 2) {
    const pair = quadrants.slice(start, start + 2);
    const height = Math.max(...pair.map((quadrant) => quadrantHeight(layout, quadrant, width)));
    if (height > pageHeight * 0.9) {
      for (const quadrant of pair) stackedQuadrant(layout, quadrant);
      continue;
    }
    layout.ensureSpace(height + GUTTER);
    const top = layout.doc.y;
    pair.forEach((quadrant, index) => drawBox(layout, quadrant, layout.left + index * (width + GUTTER), top, width, height));
    layout.doc.x = layout.left;
    layout.doc.y = top + height + GUTTER;
  }
}

function drawBox(layout: PdfLayout, quadrant: Quadrant, x: number, y: number, width: number, height: number): void {
  const { doc } = layout;
  doc.rect(x, y, width, height).fill(TONE_BACKGROUNDS[quadrant.tone]);
  doc.rect(x, y, width, 3).fill(TONE_COLORS[quadrant.tone]);
  layout.font('bold', SIZES.body, TONE_COLORS[quadrant.tone]);
  doc.text(layout.clean(quadrant.title.toUpperCase()), x + PADDING, y + PADDING, { width: width - 2 * PADDING, characterSpacing: 0.5, lineBreak: false });
  doc.y = y + PADDING + TITLE_HEIGHT;
  if (quadrant.items.length === 0) {
    layout.plain(quadrant.emptyText, { x: x + PADDING, width: width - 2 * PADDING, size: SIZES.small + 0.5, color: COLORS.muted, style: 'italic' });
    return;
  }
  for (const item of quadrant.items) {
    const itemTop = doc.y;
    layout.font('regular', SIZES.small + 0.5, TONE_COLORS[quadrant.tone]);
    doc.text('•', x + PADDING, itemTop, { lineBreak: false });
    doc.y = itemTop;
    layout.paragraph(item, { x: x + PADDING + 8, width: width - 2 * PADDING - 8, size: SIZES.small + 0.5 });
    doc.y -= 2;
  }
}

function stackedQuadrant(layout: PdfLayout, quadrant: Quadrant): void {
  layout.ensureSpace(50);
  layout.font('bold', SIZES.body, TONE_COLORS[quadrant.tone]);
  layout.doc.text(layout.clean(quadrant.title.toUpperCase()), layout.left, layout.doc.y, { width: layout.width, characterSpacing: 0.5 });
  layout.doc.y += 3;
  if (quadrant.items.length === 0) layout.plain(quadrant.emptyText, { color: COLORS.muted, style: 'italic' });
  else layout.list(quadrant.items, false);
}
