import type { PricePoint } from './yahoo-responses.js';

export interface PeriodReturn {
  /** `1M`, `3M`, `6M`, `1Y`, or `period` for the whole history. */
  label: string;
  /** Per cent, e.g. 12.5 for +12.5 %. */
  percent: number;
  from: string;
  to: string;
}

export interface PriceStatistics {
  observations: number;
  from: string;
  to: string;
  /** Trading periods per year implied by the bar spacing (252 daily, 52 weekly, 12 monthly). */
  periodsPerYear: number;
  returns: PeriodReturn[];
  /** Standard deviation of log returns, annualised, per cent. */
  annualisedVolatilityPercent?: number;
  /** Largest fall from a running peak, per cent (negative or zero). */
  maxDrawdownPercent: number;
}

const DAY_MS = 86_400_000;
const WINDOWS: readonly { label: string; days: number }[] = [
  { label: '1M', days: 30 },
  { label: '3M', days: 91 },
  { label: '6M', days: 182 },
  { label: '1Y', days: 365 },
];

function priceOf(point: PricePoint): number {
  return point.adjustedClose ?? point.close;
}

function periodsPerYear(points: readonly PricePoint[]): number {
  const gaps: number[] = [];
  for (let index = 1; index < points.length; index += 1) {
    gaps.push((Date.parse((points[index] as PricePoint).time) - Date.parse((points[index - 1] as PricePoint).time)) / DAY_MS);
  }
  const sorted = gaps.sort((left, right) => left - right);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 1;
  if (median >= 25) return 12;
  if (median >= 5) return 52;
  if (median >= 0.9) return 252;
  // Intraday bars: scale by the bars in a trading day of 6.5 hours.
  return Math.round(252 * ((6.5 * 60) / Math.max(1, median * 24 * 60)));
}

/**
 * Returns, volatility and drawdown from a price history, computed in code (adjusted closes
 * when present, so splits and dividends do not read as crashes). Undefined for fewer than two
 * positive prices. A window is reported only when the history covers it.
 */
export function priceStatistics(history: readonly PricePoint[]): PriceStatistics | undefined {
  const points = history.filter((point) => priceOf(point) > 0);
  const first = points[0];
  const last = points[points.length - 1];
  if (first === undefined || last === undefined || points.length < 2) return undefined;
  const lastTime = Date.parse(last.time);
  const returns: PeriodReturn[] = [];
  for (const window of WINDOWS) {
    const start = lastTime - window.days * DAY_MS;
    if (Date.parse(first.time) > start + 5 * DAY_MS) continue;
    const base = [...points].reverse().find((point) => Date.parse(point.time) <= start) ?? first;
    returns.push({ label: window.label, percent: (priceOf(last) / priceOf(base) - 1) * 100, from: base.time, to: last.time });
  }
  returns.push({ label: 'period', percent: (priceOf(last) / priceOf(first) - 1) * 100, from: first.time, to: last.time });

  const logReturns: number[] = [];
  for (let index = 1; index < points.length; index += 1) logReturns.push(Math.log(priceOf(points[index] as PricePoint) / priceOf(points[index - 1] as PricePoint)));
  const perYear = periodsPerYear(points);
  let volatility: number | undefined;
  if (logReturns.length >= 2) {
    const mean = logReturns.reduce((sum, value) => sum + value, 0) / logReturns.length;
    const variance = logReturns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (logReturns.length - 1);
    volatility = Math.sqrt(variance) * Math.sqrt(perYear) * 100;
  }
  let peak = priceOf(first);
  let drawdown = 0;
  for (const point of points) {
    peak = Math.max(peak, priceOf(point));
    drawdown = Math.min(drawdown, (priceOf(point) / peak - 1) * 100);
  }
  const statistics: PriceStatistics = { observations: points.length, from: first.time, to: last.time, periodsPerYear: perYear, returns, maxDrawdownPercent: drawdown };
  if (volatility !== undefined) statistics.annualisedVolatilityPercent = volatility;
  return statistics;
}
