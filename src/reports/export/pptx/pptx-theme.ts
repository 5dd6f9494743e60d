import { truncateText, xmlSafeText } from '../xml-text.js';

export const SLIDE_COLORS = {
  ink: '1B2430',
  muted: '5A6575',
  accent: '173F6B',
  accentLight: '8FBCE8',
  wash: 'F3F5F8',
  white: 'FFFFFF',
  positive: '2D7A4B',
  negative: 'B03A3A',
  warning: 'A86A12',
  info: '2A64A8',
  neutral: '667080',
} as const;

export const QUADRANT_FILLS = {
  positive: 'E1F1E7',
  negative: 'F8E3E3',
  warning: 'FBEFD9',
  info: 'E3ECF8',
} as const;

export const FONT_FACE = 'Calibri';

/**
 * Slides summarise: long text is cut at a word boundary with an ellipsis (the full text is in
 * the PDF and DOCX), and everything is cleaned of characters XML cannot carry.
 */
export function slideText(value: string, maximum: number): string {
  const flat = xmlSafeText(value).replace(/\s+/g, ' ').trim();
  if (Array.from(flat).length <= maximum) return flat;
  const cut = truncateText(flat, maximum);
  const space = cut.lastIndexOf(' ');
  return space > maximum * 0.6 ? `${cut.slice(0, space)}…` : cut;
}
