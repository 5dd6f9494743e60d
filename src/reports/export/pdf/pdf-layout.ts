import type { Inline } from '../../render/document-model.js';
import { evidenceAnchor } from '../../render/section-titles.js';
import { citationText, inlineText } from '../inline-text.js';
import type { DrawableText, FontStyle } from './pdf-fonts.js';
import { FONT_NAMES } from './pdf-fonts.js';
import { COLORS, SIZES, TONE_BACKGROUNDS, TONE_COLORS } from './pdf-theme.js';
import type { Tone } from '../../render/document-model.js';

interface Segment {
  text: string;
  style: FontStyle;
  color: string;
  goTo?: string;
}

/**
 * The flowing-text primitives of the PDF: a cursor over pdfkit's document with headings,
 * paragraphs of mixed inlines, lists, notices and small graphics. Every string drawn passes
 * through `DrawableText`, so no report content can reach the page unfiltered.
 */
export class PdfLayout {
  constructor(
    readonly doc: PDFKit.PDFDocument,
    readonly drawable: DrawableText,
  ) {}

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  get top(): number {
    return this.doc.page.margins.top;
  }

  /** The zero-based index of the page being written. */
  get pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  private readonly advanceCache = new Map<string, number>();

  /**
   * Width of a single line from cached per-character advances: no kerning, but thousands of
   * times cheaper than a full layout, which matters when sizing table columns word by word.
   */
  textWidth(value: string, style: FontStyle, size: number): number {
    let total = 0;
    for (const character of value) {
      const key = `${style}\u0000${character}`;
      let advance = this.advanceCache.get(key);
      if (advance === undefined) {
        this.doc.font(FONT_NAMES[style]).fontSize(1000);
        advance = this.doc.widthOfString(character) / 1000;
        this.advanceCache.set(key, advance);
      }
      total += advance;
    }
    return total * size;
  }

  clean(value: string): string {
    return this.drawable.clean(value);
  }

  font(style: FontStyle, size: number, color: string = COLORS.ink): this {
    this.doc.font(FONT_NAMES[style]).fontSize(size).fillColor(color);
    return this;
  }

  measure(value: string, style: FontStyle, size: number, width: number, lineGap: number = SIZES.lineGap): number {
    this.font(style, size);
    return this.doc.heightOfString(this.clean(value), { width, lineGap });
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = this.left;
    this.doc.y = this.top;
  }

  /** Starts a new page unless `height` still fits below the cursor. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  space(height: number): void {
    this.doc.y = Math.min(this.doc.y + height, this.bottom);
  }

  heading(level: number, title: string): void {
    const size = SIZES.heading[Math.min(level, SIZES.heading.length - 1)]!;
    const color = level <= 1 ? COLORS.accent : COLORS.ink;
    // A heading never ends a page: keep room for it and a few lines of what follows.
    const height = this.measure(title, 'bold', size, this.width);
    this.ensureSpace(height + 60);
    this.space(level <= 1 ? 6 : 8);
    this.font('bold', size, color);
    this.doc.text(this.clean(title), this.left, this.doc.y, { width: this.width, lineGap: 1 });
    if (level <= 1) {
      const y = this.doc.y + 2;
      this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(1.5).strokeColor(COLORS.accent).stroke();
      this.doc.y = y + 8;
    } else {
      this.doc.y += 4;
    }
  }

  /** Mixed inlines as one flowing paragraph; citation markers link to the appendix. */
  paragraph(inlines: readonly Inline[], options: { x?: number; width?: number; size?: number; color?: string; style?: FontStyle } = {}): void {
    const segments = this.segments(inlines, options.style ?? 'regular', options.color ?? COLORS.ink);
    if (segments.length === 0) return;
    const x = options.x ?? this.left;
    const width = options.width ?? this.width - (x - this.left);
    const size = options.size ?? SIZES.body;
    this.ensureSpace(size * 2);
    segments.forEach((segment, index) => {
      this.font(segment.style, size, segment.color);
      const textOptions: PDFKit.Mixins.TextOptions = { width, lineGap: SIZES.lineGap, continued: index < segments.length - 1 };
      if (segment.goTo !== undefined) textOptions.goTo = segment.goTo;
      if (index === 0) this.doc.text(segment.text, x, this.doc.y, textOptions);
      else this.doc.text(segment.text, textOptions);
    });
    this.doc.x = this.left;
    this.space(5);
  }

  plain(value: string, options: { style?: FontStyle; size?: number; color?: string; x?: number; width?: number } = {}): void {
    this.paragraph([{ kind: 'text', text: value }], options);
  }

  list(items: readonly Inline[][], ordered: boolean, options: { x?: number; width?: number; size?: number } = {}): void {
    const x = options.x ?? this.left;
    const width = options.width ?? this.width - (x - this.left);
    const size = options.size ?? SIZES.body;
    const indent = ordered ? 18 : 12;
    items.forEach((item, index) => {
      this.ensureSpace(size * 2.5);
      const y = this.doc.y;
      this.font(ordered ? 'bold' : 'regular', size, COLORS.accent);
      this.doc.text(ordered ? `${index + 1}.` : '•', x, y, { width: indent, lineBreak: false });
      this.doc.y = y;
      this.paragraph(item, { x: x + indent, width: width - indent, size });
      this.doc.y -= 2;
    });
    this.space(4);
  }

  notice(tone: Tone, inlines: readonly Inline[]): void {
    const text = this.segments(inlines, 'regular', COLORS.ink).map((segment) => segment.text).join('');
    const height = this.measure(text, 'regular', SIZES.body, this.width - 24) + 14;
    this.ensureSpace(Math.min(height, 120));
    const y = this.doc.y;
    if (y + height <= this.bottom) {
      this.doc.rect(this.left, y, this.width, height).fill(TONE_BACKGROUNDS[tone]);
      this.doc.rect(this.left, y, 3, height).fill(TONE_COLORS[tone]);
    }
    this.doc.y = y + 7;
    this.paragraph(inlines, { x: this.left + 14, width: this.width - 24 });
    this.doc.y = Math.max(this.doc.y, y + height) + 4;
  }

  quote(label: string, value: string): void {
    this.font('bold', SIZES.small, COLORS.muted);
    this.ensureSpace(40);
    this.doc.text(this.clean(label.toUpperCase()), this.left + 12, this.doc.y, { width: this.width - 12, characterSpacing: 0.5 });
    const start = this.doc.y;
    this.plain(value, { style: 'italic', color: COLORS.muted, x: this.left + 12 });
    const end = this.doc.y - 5;
    if (end > start) this.doc.rect(this.left, start - 12, 2.5, end - start + 12).fill(COLORS.rule);
    this.space(2);
  }

  /** A horizontal score bar with its label, e.g. a rating of 4 out of 5. */
  meter(x: number, y: number, value: number, maximum: number, label: string, options: { width?: number; color?: string; track?: string; labelColor?: string } = {}): void {
    const width = options.width ?? 48;
    const ratio = maximum > 0 ? Math.max(0, Math.min(1, value / maximum)) : 0;
    this.doc.roundedRect(x, y + 2, width, 6, 2).fill(options.track ?? '#e3e8ef');
    if (ratio > 0) this.doc.roundedRect(x, y + 2, Math.max(2, width * ratio), 6, 2).fill(options.color ?? COLORS.accent);
    this.font('regular', SIZES.small, options.labelColor ?? COLORS.muted);
    this.doc.text(this.clean(label), x + width + 5, y, { lineBreak: false });
  }

  badge(x: number, y: number, value: string, tone: Tone): number {
    const text = this.clean(value);
    this.font('bold', SIZES.small - 0.5, TONE_COLORS[tone]);
    const width = this.doc.widthOfString(text) + 10;
    this.doc.roundedRect(x, y, width, 11, 5.5).fill(TONE_BACKGROUNDS[tone]);
    this.font('bold', SIZES.small - 0.5, TONE_COLORS[tone]);
    this.doc.text(text, x + 5, y + 2, { lineBreak: false });
    return width;
  }

  private segments(inlines: readonly Inline[], style: FontStyle, color: string): Segment[] {
    const segments: Segment[] = [];
    let previous = '';
    for (const inline of inlines) {
      if (inline.kind === 'citations') {
        for (const reference of inline.references) {
          const segment: Segment = { text: citationText(reference), style: 'regular', color: reference.kind === 'evidence' ? COLORS.info : COLORS.negative };
          if (reference.kind === 'evidence') segment.goTo = evidenceAnchor(reference.number);
          segment.text = this.clean(segment.text);
          segments.push(segment);
        }
        previous = 'x';
        continue;
      }
      const raw = this.clean(inlineText(inline));
      if (raw.length === 0) continue;
      const separator = previous.length === 0 || /\s$/.test(previous) ? '' : ' ';
      const segmentStyle: FontStyle = inline.kind === 'strong' || inline.kind === 'badge' ? 'bold' : style;
      const segmentColor = inline.kind === 'badge' ? TONE_COLORS[inline.tone] : color;
      segments.push({ text: separator + raw, style: segmentStyle, color: segmentColor });
      previous = raw;
    }
    return segments;
  }
}
