import type { Financials, FinancialMetric, MetricUnit } from '../model/financials.js';
import { PESTEL_FACTORS, PORTER_FORCE_TITLES } from '../model/frameworks.js';
import type { BlueOceanResult, PestelResult, PorterResult } from '../model/frameworks.js';

/**
 * The numbers behind every chart, taken from the report once so the PDF and the slide deck
 * draw the same figures.
 */

export interface BarDatum {
  label: string;
  value: number;
  /** `low | medium | high` for Porter forces; drives the bar colour. */
  level?: 'low' | 'medium' | 'high';
}

export function porterBars(result: PorterResult): BarDatum[] {
  return result.forces.map((force) => ({ label: PORTER_FORCE_TITLES[force.force], value: force.rating, level: force.level }));
}

export interface CanvasSeries {
  factors: string[];
  company: number[];
  competitors: number[];
}

export function strategyCanvas(result: BlueOceanResult): CanvasSeries {
  return {
    factors: result.strategyCanvas.map((factor) => factor.factor),
    company: result.strategyCanvas.map((factor) => factor.company),
    competitors: result.strategyCanvas.map((factor) => factor.competitors),
  };
}

export interface ImpactCounts {
  factor: string;
  positive: number;
  negative: number;
  neutral: number;
}

const PESTEL_LABELS: Record<(typeof PESTEL_FACTORS)[number], string> = {
  political: 'Political',
  economic: 'Economic',
  social: 'Social',
  technological: 'Technological',
  environmental: 'Environmental',
  legal: 'Legal',
};

export function pestelImpacts(result: PestelResult): ImpactCounts[] {
  return PESTEL_FACTORS.map((factor) => {
    const counts = { factor: PESTEL_LABELS[factor], positive: 0, negative: 0, neutral: 0 };
    for (const item of result[factor]) counts[item.impact] += 1;
    return counts;
  });
}

export interface MetricChart {
  title: string;
  unit: MetricUnit;
  /** Fiscal years, oldest first: one bar per metric per year. */
  years: number[];
  series: Array<{ key: string; label: string; values: Array<number | undefined> }>;
}

const UNIT_TITLES: Record<MetricUnit, string> = {
  USD: 'Amounts (USD)',
  percent: 'Growth and margins (%)',
  ratio: 'Ratios',
  multiple: 'Multiples',
  shares: 'Share counts',
};

const MAXIMUM_SERIES_PER_CHART = 8;

/**
 * Annual (FY) metrics grouped by unit, so one chart never mixes dollars with percentages.
 * Quarterly and trailing figures stay in the tables; a chart of mixed periods would mislead.
 */
export function metricCharts(financials: Financials | undefined): MetricChart[] {
  if (financials === undefined) return [];
  const annual = financials.metrics.filter((metric) => metric.fiscalPeriod === 'FY' && Number.isFinite(metric.value));
  const charts: MetricChart[] = [];
  for (const unit of ['percent', 'USD', 'ratio', 'multiple'] as const) {
    const metrics = annual.filter((metric) => metric.unit === unit);
    if (metrics.length === 0) continue;
    const years = [...new Set(metrics.map((metric) => metric.fiscalYear))].sort((left, right) => left - right).slice(-5);
    const byKey = new Map<string, FinancialMetric[]>();
    for (const metric of metrics) byKey.set(metric.key, [...(byKey.get(metric.key) ?? []), metric]);
    const series = [...byKey.entries()].slice(0, MAXIMUM_SERIES_PER_CHART).map(([key, entries]) => ({
      key,
      label: entries[0]!.label,
      values: years.map((year) => entries.find((entry) => entry.fiscalYear === year)?.value),
    }));
    charts.push({ title: UNIT_TITLES[unit], unit, years, series });
  }
  return charts;
}
