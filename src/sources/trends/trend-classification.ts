export type TrendDirection = 'growing' | 'stable' | 'declining';

export interface TrendClassification {
  direction: TrendDirection;
  /** Mean of the last third over the mean of the first third, minus one, per cent. */
  changePercent: number;
  firstMean: number;
  lastMean: number;
  points: number;
}

/** A change of at least this much (either way) between the first and last third is a trend. */
export const TREND_THRESHOLD_PERCENT = 15;

/**
 * Classifies a series of search interest as growing, stable or declining by comparing the
 * average of its last third with the average of its first third (thirds smooth out spikes and
 * seasonality better than two end points). Partial last periods should be removed first.
 * Undefined for fewer than three points.
 */
export function classifyTrend(values: readonly number[]): TrendClassification | undefined {
  if (values.length < 3) return undefined;
  const third = Math.max(1, Math.floor(values.length / 3));
  const mean = (slice: readonly number[]): number => slice.reduce((sum, value) => sum + value, 0) / slice.length;
  const firstMean = mean(values.slice(0, third));
  const lastMean = mean(values.slice(values.length - third));
  // An all-zero start would make any later interest an infinite rise: count it from one instead.
  const changePercent = ((lastMean - firstMean) / Math.max(firstMean, 1)) * 100;
  const direction: TrendDirection = changePercent >= TREND_THRESHOLD_PERCENT ? 'growing' : changePercent <= -TREND_THRESHOLD_PERCENT ? 'declining' : 'stable';
  return { direction, changePercent: Math.round(changePercent * 10) / 10, firstMean: Math.round(firstMean * 10) / 10, lastMean: Math.round(lastMean * 10) / 10, points: values.length };
}
