import { ExternalHyperlink, InternalHyperlink, TextRun } from 'docx';
import type { ParagraphChild } from 'docx';
import type { Inline, Tone } from '../../render/document-model.js';
import { safeHttpUrl } from '../../render/safe-url.js';
import { citationText } from '../inline-text.js';
import { xmlSafeText } from '../xml-text.js';

/** The PDF's palette, as Word wants it: hex without `#`. */
export const DOCX_COLORS = {
  ink: '1B2430',
  muted: '5A6575',
  accent: '173F6B',
  accentSoft: 'E7EEF6',
  rule: 'D8DEE6',
  info: '2A64A8',
  negative: 'B03A3A',
  white: 'FFFFFF',
} as const;

export const DOCX_TONES: Record<Tone, { color: string; fill: string }> = {
  positive: { color: '2D7A4B', fill: 'E1F1E7' },
  negative: { color: 'B03A3A', fill: 'F8E3E3' },
  critical: { color: 'B03A3A', fill: 'F8E3E3' },
  high: { color: 'B03A3A', fill: 'F8E3E3' },
  warning: { color: 'A86A12', fill: 'FBEFD9' },
  medium: { color: 'A86A12', fill: 'FBEFD9' },
  info: { color: '2A64A8', fill: 'E3ECF8' },
  neutral: { color: '667080', fill: 'ECEFF3' },
  low: { color: '667080', fill: 'ECEFF3' },
};

/** Word bookmark names: a letter first, then letters, digits and underscores. */
export function evidenceBookmark(number: number): string {
  return `evidence_${number}`;
}

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  color?: string;
  size?: number;
}

/** Text runs for one string; line breaks inside report text become Word line breaks. */
export function textRuns(value: string, style: RunStyle = {}): TextRun[] {
  const lines = xmlSafeText(value).replace(/\r\n?/g, '\n').split('\n');
  return lines.map((line, index) => new TextRun({ text: line, ...style, ...(index > 0 ? { break: 1 } : {}) }));
}

function meterText(value: number, maximum: number, label: string): string {
  const cells = Math.min(maximum, 10);
  const filled = Math.max(0, Math.min(cells, Math.round((value / maximum) * cells)));
  return `${'■'.repeat(filled)}${'□'.repeat(cells - filled)} ${label}`;
}

/** Inlines as runs; citation markers link to their appendix entries. */
export function inlineRuns(inlines: readonly Inline[], base: RunStyle = {}): ParagraphChild[] {
  const children: ParagraphChild[] = [];
  let previous = '';
  for (const inline of inlines) {
    if (inline.kind === 'citations') {
      for (const reference of inline.references) {
        const run = new TextRun({ text: xmlSafeText(citationText(reference)), color: reference.kind === 'evidence' ? DOCX_COLORS.info : DOCX_COLORS.negative, ...(base.size ? { size: base.size } : {}) });
        children.push(reference.kind === 'evidence' ? new InternalHyperlink({ anchor: evidenceBookmark(reference.number), children: [run] }) : run);
      }
      previous = ']';
      continue;
    }
    let value: string;
    let style: RunStyle = base;
    switch (inline.kind) {
      case 'text':
        value = inline.text;
        break;
      case 'strong':
        value = inline.text;
        style = { ...base, bold: true };
        break;
      case 'badge':
        value = inline.text;
        style = { ...base, bold: true, color: DOCX_TONES[inline.tone].color };
        break;
      case 'meter':
        value = meterText(inline.value, inline.maximum, inline.label);
        style = { ...base, color: DOCX_COLORS.accent };
        break;
    }
    if (value.length === 0) continue;
    const separator = previous.length === 0 || /\s$/.test(previous) ? '' : ' ';
    children.push(...textRuns(separator + value, style));
    previous = value;
  }
  return children;
}

/** A URL is a live link only when it is plain http(s); anything else stays visible text. */
export function urlRuns(url: string, size: number): ParagraphChild[] {
  const href = safeHttpUrl(url);
  if (href === undefined) return textRuns(`${url} (not linked)`, { color: DOCX_COLORS.negative, size });
  return [new ExternalHyperlink({ link: href, children: textRuns(url, { color: DOCX_COLORS.info, size, }).map((run) => run) })];
}
