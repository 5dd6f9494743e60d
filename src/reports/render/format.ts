import type { FinancialMetric } from '../model/financials.js';

/**
 * Plain-text formatting shared by every renderer. Numbers are formatted by hand rather than
 * with `Intl`, so an export is byte-identical whatever locale or ICU build the process has.
 */

export function formatInteger(value: number): string {
  return formatDecimal(value, 0);
}

/** Fixed decimals with thousands separators; `-0` prints as `0`. */
export function formatDecimal(value: number, fractionDigits: number): string {
  if (!Number.isFinite(value)) return String(value);
  const fixed = Math.abs(value).toFixed(fractionDigits);
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const negative = value < 0 && Number(fixed) !== 0;
  return `${negative ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/** At most `fractionDigits` decimals, trailing zeros trimmed: 9.00 prints as 9, 9.50 as 9.5. */
export function formatCompactDecimal(value: number, fractionDigits: number): string {
  const text = formatDecimal(value, fractionDigits);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

const MAGNITUDES: ReadonlyArray<readonly [number, string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
];

/** `$1.28B`, `-$4.2M`, `$950,000`: how a deliverable shows money. */
export function formatMoney(value: number): string {
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  for (const [size, suffix] of MAGNITUDES) {
    if (magnitude >= size) return `${sign}$${formatCompactDecimal(magnitude / size, 2)}${suffix}`;
  }
  return `${sign}$${formatCompactDecimal(magnitude, 2)}`;
}

/** Model costs are often fractions of a cent, so they keep four decimals below one dollar. */
export function formatCost(value: number): string {
  return `$${formatDecimal(value, value < 1 ? 4 : 2)}`;
}

/**
 * Metric units as the financial agent stores them: `percent` values are already percentages
 * (9.5 means 9.5%), `ratio` and `multiple` are plain numbers.
 */
export function formatMetricValue(value: number, unit: FinancialMetric['unit']): string {
  switch (unit) {
    case 'USD':
      return formatMoney(value);
    case 'percent':
      return `${formatCompactDecimal(value, 2)}%`;
    case 'ratio':
      return formatCompactDecimal(value, 2);
    case 'multiple':
      return `${formatCompactDecimal(value, 2)}×`;
    case 'shares':
      return `${formatInteger(value)} shares`;
  }
}

/** Reported facts keep every digit: they are the provenance a reader checks against the filing. */
export function formatFactValue(value: number, unit: string): string {
  const digits = Number.isInteger(value) ? 0 : 4;
  const number = digits === 0 ? formatInteger(value) : formatCompactDecimal(value, digits);
  if (unit === 'USD') return value < 0 ? `-$${number.slice(1)}` : `$${number}`;
  return `${number} ${unit}`;
}

const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The calendar date of an ISO timestamp, or the text unchanged when it is not one. */
export function formatDate(value: string): string {
  const match = ISO_DATE.exec(value.trim());
  return match?.[1] ?? value;
}

/** An ISO timestamp shown to the second in UTC, as stored, without a time-zone conversion. */
export function formatTimestamp(value: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(value.trim());
  return match ? `${match[1]} ${match[2]} UTC` : value;
}

export function formatDuration(milliseconds: number): string {
  if (milliseconds < 1_000) return `${formatInteger(milliseconds)} ms`;
  const totalSeconds = Math.round(milliseconds / 100) / 10;
  if (totalSeconds < 60) return `${formatCompactDecimal(totalSeconds, 1)} s`;
  const roundedSeconds = Math.round(totalSeconds);
  const hours = Math.floor(roundedSeconds / 3_600);
  const minutes = Math.floor((roundedSeconds % 3_600) / 60);
  const seconds = roundedSeconds % 60;
  const parts = hours > 0 ? [`${hours} h`, `${minutes} min`] : [`${minutes} min`];
  if (seconds > 0 && hours === 0) parts.push(`${seconds} s`);
  return parts.join(' ');
}

/** Free-form source attributes as one line, `sentiment: negative; ticker: LRCC`, in stored order. */
export function formatAttributes(attributes: Record<string, string | number | boolean | null> | undefined): string | undefined {
  const entries = Object.entries(attributes ?? {});
  if (entries.length === 0) return undefined;
  return entries.map(([key, value]) => `${key}: ${value === null ? '—' : String(value)}`).join('; ');
}

export function capitalize(text: string): string {
  return text.length === 0 ? text : `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

/** `threat_of_new_entrants` → `Threat of new entrants`, for keys without a curated title. */
export function humanize(key: string): string {
  return capitalize(key.replace(/[_-]+/g, ' ').trim());
}
