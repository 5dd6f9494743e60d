import type { FinancialMetric } from '../../reports/model/financials.js';
import type { CitedItem } from '../../reports/model/frameworks.js';
import { citedItem } from './items.js';

/**
 * SWOT entries from metrics computed in code. Metrics only become items when they cite
 * evidence the run retrieved: an uncited number would be dropped by the citation check anyway.
 */
export interface MetricFinding {
  quadrant: 'strengths' | 'weaknesses';
  item: CitedItem;
  metric: FinancialMetric;
}

function describe(metric: FinancialMetric): string {
  return `${metric.key} ${metric.label}`.toLowerCase().replace(/[^a-z0-9]+/g, ' ');
}

/** Growth rates and margins arrive as percent (12.5) or ratio (0.125); rules compare fractions. */
function asFraction(metric: FinancialMetric): number {
  return metric.unit === 'percent' ? metric.value / 100 : metric.value;
}

function isFractionLike(metric: FinancialMetric): boolean {
  return /margin|growth|rate|return|yield|change|cagr/.test(describe(metric));
}

function compact(value: number): string {
  const magnitude = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  if (magnitude >= 1e9) return `${sign}${(magnitude / 1e9).toFixed(1)}B`;
  if (magnitude >= 1e6) return `${sign}${(magnitude / 1e6).toFixed(1)}M`;
  if (magnitude >= 1e3) return `${sign}${(magnitude / 1e3).toFixed(1)}K`;
  return `${sign}${magnitude.toFixed(magnitude >= 100 ? 0 : 2)}`;
}

/** A figure as a reader expects it: $1.2B, 12.5%, 1.80×. */
export function formatMetric(metric: FinancialMetric): string {
  if (!Number.isFinite(metric.value)) return 'n/a';
  switch (metric.unit) {
    case 'USD': {
      const text = compact(metric.value);
      return text.startsWith('-') ? `-$${text.slice(1)}` : `$${text}`;
    }
    case 'percent':
      return `${metric.value.toFixed(1)}%`;
    case 'multiple':
      return `${metric.value.toFixed(2)}×`;
    case 'shares':
      return compact(metric.value);
    case 'ratio':
      return isFractionLike(metric) ? `${(metric.value * 100).toFixed(1)}%` : metric.value.toFixed(2);
  }
}

export function periodOf(metric: FinancialMetric): string {
  return metric.fiscalPeriod === 'FY' ? `FY${metric.fiscalYear}` : `${metric.fiscalPeriod} ${metric.fiscalYear}`;
}

/** The latest value of each metric key: annual and trailing figures beat quarters of the same year. */
export function latestMetrics(metrics: readonly FinancialMetric[]): FinancialMetric[] {
  const latest = new Map<string, FinancialMetric>();
  const periodRank = (metric: FinancialMetric): number => (metric.fiscalPeriod === 'FY' || metric.fiscalPeriod === 'TTM' ? 1 : 0);
  for (const metric of metrics) {
    if (!Number.isFinite(metric.value)) continue;
    const current = latest.get(metric.key);
    if (current === undefined || metric.fiscalYear > current.fiscalYear || (metric.fiscalYear === current.fiscalYear && periodRank(metric) > periodRank(current))) {
      latest.set(metric.key, metric);
    }
  }
  return [...latest.values()];
}

type Rule = (metric: FinancialMetric, name: string) => { quadrant: MetricFinding['quadrant']; text: string } | undefined;

const RULES: Rule[] = [
  (metric, name) => {
    if (!/revenue|sales/.test(name) || !/growth|change|yoy|cagr|increase/.test(name)) return undefined;
    const fraction = asFraction(metric);
    if (fraction === 0) return undefined;
    const verb = fraction > 0 ? 'grew' : 'fell';
    return { quadrant: fraction > 0 ? 'strengths' : 'weaknesses', text: `Revenue ${verb} ${formatMetric(metric)} in ${periodOf(metric)} (${metric.label}).` };
  },
  (metric, name) => {
    if (!/gross/.test(name) || !/margin/.test(name)) return undefined;
    const fraction = asFraction(metric);
    if (fraction >= 0.5) return { quadrant: 'strengths', text: `High gross margin of ${formatMetric(metric)} in ${periodOf(metric)} leaves room to invest and to absorb price pressure.` };
    if (fraction < 0.2) return { quadrant: 'weaknesses', text: `Thin gross margin of ${formatMetric(metric)} in ${periodOf(metric)} leaves little room for price pressure.` };
    return undefined;
  },
  (metric, name) => {
    if (!/operating/.test(name) || !/margin|income|profit|loss/.test(name)) return undefined;
    if (metric.value < 0) return { quadrant: 'weaknesses', text: `Operating loss: ${metric.label} was ${formatMetric(metric)} in ${periodOf(metric)}.` };
    if (/margin/.test(name) && asFraction(metric) >= 0.15) return { quadrant: 'strengths', text: `Operating margin of ${formatMetric(metric)} in ${periodOf(metric)} shows profitable operations.` };
    return undefined;
  },
  (metric, name) => {
    if (!/\bnet\b/.test(name) || !/margin|income|profit|loss/.test(name) || metric.value >= 0) return undefined;
    return { quadrant: 'weaknesses', text: `Net loss: ${metric.label} was ${formatMetric(metric)} in ${periodOf(metric)}.` };
  },
  (metric, name) => {
    if (!/free cash flow|\bfcf\b/.test(name) || metric.value === 0) return undefined;
    return metric.value < 0
      ? { quadrant: 'weaknesses', text: `Negative free cash flow of ${formatMetric(metric)} in ${periodOf(metric)} makes growth depend on outside funding.` }
      : { quadrant: 'strengths', text: `Positive free cash flow of ${formatMetric(metric)} in ${periodOf(metric)} can fund growth internally.` };
  },
  (metric, name) => {
    if (!/debt/.test(name) || !/equity/.test(name)) return undefined;
    if (metric.value < 0) return { quadrant: 'weaknesses', text: `Negative equity: debt to equity was ${formatMetric(metric)} in ${periodOf(metric)}.` };
    if (metric.value > 2) return { quadrant: 'weaknesses', text: `High leverage: debt to equity of ${formatMetric(metric)} in ${periodOf(metric)} leaves little financial flexibility.` };
    if (metric.value < 0.5) return { quadrant: 'strengths', text: `Low leverage: debt to equity of ${formatMetric(metric)} in ${periodOf(metric)} leaves borrowing capacity.` };
    return undefined;
  },
  (metric, name) => {
    if (!/current ratio/.test(name)) return undefined;
    if (metric.value < 1) return { quadrant: 'weaknesses', text: `Current ratio of ${formatMetric(metric)} in ${periodOf(metric)} is below 1: short-term liabilities exceed current assets.` };
    if (metric.value >= 1.5) return { quadrant: 'strengths', text: `Current ratio of ${formatMetric(metric)} in ${periodOf(metric)} shows comfortable liquidity.` };
    return undefined;
  },
];

export function metricFindings(metrics: readonly FinancialMetric[], known: ReadonlySet<string>): MetricFinding[] {
  const findings: MetricFinding[] = [];
  for (const metric of latestMetrics(metrics)) {
    const cited = metric.evidenceIds.filter((id) => known.has(id));
    if (cited.length === 0) continue;
    const name = describe(metric);
    for (const rule of RULES) {
      const outcome = rule(metric, name);
      if (outcome === undefined) continue;
      findings.push({ quadrant: outcome.quadrant, item: citedItem(outcome.text, cited, known), metric });
      break;
    }
  }
  return findings;
}
