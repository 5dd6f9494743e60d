import type { EvidenceEntry } from '../../render/document-model.js';
import { formatAttributes, formatDate, formatTimestamp } from '../../render/format.js';
import { safeHttpUrl } from '../../render/safe-url.js';
import { evidenceAnchor } from '../../render/section-titles.js';
import type { PdfLayout } from './pdf-layout.js';
import { COLORS, SIZES } from './pdf-theme.js';

const NUMBER_WIDTH = 30;

/**
 * The numbered evidence appendix every `[n]` links to: title, source, date and URL first (what
 * a reader checks), then locator, id and excerpt. Only http(s) URLs become links.
 */
export function drawEvidenceList(layout: PdfLayout, entries: readonly EvidenceEntry[]): void {
  const { doc } = layout;
  const x = layout.left + NUMBER_WIDTH;
  const width = layout.width - NUMBER_WIDTH;
  for (const entry of entries) {
    const { evidence } = entry;
    layout.ensureSpace(56);
    const top = doc.y;
    doc.addNamedDestination(evidenceAnchor(entry.number), 'XYZ', layout.left, Math.max(0, top - 6), null);
    layout.font('bold', SIZES.body, COLORS.accent);
    doc.text(`[${entry.number}]`, layout.left, top, { width: NUMBER_WIDTH, lineBreak: false });
    doc.y = top;
    layout.plain(entry.cited ? evidence.title : `${evidence.title} (not cited)`, { style: 'bold', x, width });
    doc.y -= 3;
    const source = [evidence.kind, evidence.publisher, evidence.publishedAt === undefined ? undefined : formatDate(evidence.publishedAt)]
      .filter((part): part is string => part !== undefined && part.length > 0)
      .join(' · ');
    layout.plain(source, { x, width, size: SIZES.small, color: COLORS.muted });
    doc.y -= 3;
    if (evidence.url !== undefined) {
      const href = safeHttpUrl(evidence.url);
      layout.font('regular', SIZES.small, href === undefined ? COLORS.negative : COLORS.info);
      const label = href === undefined ? `${layout.clean(evidence.url)} (not linked)` : layout.clean(evidence.url);
      doc.text(label, x, doc.y, { width, lineGap: 1, ...(href === undefined ? {} : { link: href }) });
      doc.y += 1;
    }
    const details = [`Locator: ${evidence.locator}`];
    const attributes = formatAttributes(evidence.attributes);
    if (attributes !== undefined) details.push(`Attributes: ${attributes}`);
    details.push(`Evidence id: ${evidence.id}, retrieved ${formatTimestamp(evidence.retrievedAt)}`);
    layout.plain(details.join('\n'), { x, width, size: SIZES.small - 0.5, color: COLORS.muted });
    doc.y -= 3;
    if (evidence.excerpt.trim().length > 0) layout.plain(`“${evidence.excerpt.trim()}”`, { x, width, size: SIZES.small, style: 'italic', color: COLORS.ink });
    const end = doc.y;
    doc.moveTo(layout.left, end).lineTo(layout.left + layout.width, end).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
    doc.y = end + 6;
  }
}
