import type { Tone } from '../../render/document-model.js';

/** The deliverable's look: the HTML export's palette, on A4 with generous margins. */
export const COLORS = {
  ink: '#1b2430',
  muted: '#5a6575',
  rule: '#d8dee6',
  wash: '#f3f5f8',
  stripe: '#fafbfc',
  accent: '#173f6b',
  accentSoft: '#e7eef6',
  accentLight: '#8fbce8',
  positive: '#2d7a4b',
  negative: '#b03a3a',
  warning: '#a86a12',
  info: '#2a64a8',
  neutral: '#667080',
  white: '#ffffff',
} as const;

export const TONE_COLORS: Record<Tone, string> = {
  positive: COLORS.positive,
  negative: COLORS.negative,
  critical: COLORS.negative,
  high: COLORS.negative,
  warning: COLORS.warning,
  medium: COLORS.warning,
  info: COLORS.info,
  neutral: COLORS.neutral,
  low: COLORS.neutral,
};

export const TONE_BACKGROUNDS: Record<Tone, string> = {
  positive: '#e1f1e7',
  negative: '#f8e3e3',
  critical: '#f8e3e3',
  high: '#f8e3e3',
  warning: '#fbefd9',
  medium: '#fbefd9',
  info: '#e3ecf8',
  neutral: '#eceff3',
  low: '#eceff3',
};

export const PAGE = {
  size: 'A4',
  margin: { top: 70, bottom: 62, left: 56, right: 56 },
} as const;

export const SIZES = {
  body: 9.5,
  small: 8,
  table: 8.2,
  title: 30,
  heading: [0, 17, 13, 10.5, 9.5, 9.5, 9.5] as const,
  lineGap: 2,
} as const;
