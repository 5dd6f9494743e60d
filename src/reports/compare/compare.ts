import { ERRC_ACTIONS, FRAMEWORK_NAMES, PESTEL_FACTORS, PORTER_FORCE_TITLES, PORTER_FORCES, SWOT_QUADRANTS } from '../model/frameworks.js';
import type { CitedItem } from '../model/frameworks.js';
import { QualityDimension } from '../model/report.js';
import type { Report } from '../model/report.js';
import type { CanvasChange, ComparedReport, ItemChanges, MetricChange, NumberChange, RatingChange, RecommendationChange, ReportComparison, ValueChange } from './comparison-model.js';
import { normalizeText } from './normalize-text.js';

function reference(report: Report): ComparedReport {
  return { id: report.id, version: report.version, companyName: report.company.name, createdAt: report.createdAt, status: report.status };
}

/** First occurrence per normalised key, in order. */
function byKey<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const identity = key(item);
    if (!map.has(identity)) map.set(identity, item);
  }
  return map;
}

function itemChanges(left: readonly string[], right: readonly string[]): ItemChanges {
  const leftKeys = byKey(left, normalizeText);
  const rightKeys = byKey(right, normalizeText);
  return {
    added: [...rightKeys].filter(([key]) => !leftKeys.has(key)).map(([, text]) => text),
    removed: [...leftKeys].filter(([key]) => !rightKeys.has(key)).map(([, text]) => text),
  };
}

/**
 * The label shown for a matched pair whose wording differs slightly: chosen the same way
 * whichever side is left, so the comparison stays exactly invertible.
 */
function either(left: string | undefined, right: string | undefined): string {
  if (left === undefined) return right ?? '';
  if (right === undefined) return left;
  return left <= right ? left : right;
}

const texts = (items: readonly CitedItem[] | undefined): string[] => (items ?? []).map((item) => item.text);

function numberChange(from: number, to: number): NumberChange | undefined {
  return from === to ? undefined : { from, to, delta: to - from };
}

function valueChange(from: number | undefined, to: number | undefined): ValueChange | undefined {
  if (from === undefined && to === undefined) return undefined;
  if (from === undefined) return { to: to! };
  if (to === undefined) return { from };
  return numberChange(from, to);
}

function porterChanges(left: Report, right: Report): ReportComparison['porter'] {
  const leftForces = new Map((left.frameworks.porter?.forces ?? []).map((force) => [force.force, force.rating]));
  const rightForces = new Map((right.frameworks.porter?.forces ?? []).map((force) => [force.force, force.rating]));
  const forces: RatingChange[] = [];
  for (const force of PORTER_FORCES) {
    const change = valueChange(leftForces.get(force), rightForces.get(force));
    if (change !== undefined) forces.push({ force, title: PORTER_FORCE_TITLES[force], ...change });
  }
  const attractiveness = valueChange(left.frameworks.porter?.industryAttractiveness, right.frameworks.porter?.industryAttractiveness);
  return attractiveness === undefined ? { forces } : { forces, industryAttractiveness: attractiveness };
}

function canvasChanges(left: Report, right: Report): CanvasChange[] {
  const leftFactors = byKey(left.frameworks.blue_ocean?.strategyCanvas ?? [], (factor) => normalizeText(factor.factor));
  const rightFactors = byKey(right.frameworks.blue_ocean?.strategyCanvas ?? [], (factor) => normalizeText(factor.factor));
  const keys = [...new Set([...leftFactors.keys(), ...rightFactors.keys()])].sort();
  const changes: CanvasChange[] = [];
  for (const key of keys) {
    const from = leftFactors.get(key);
    const to = rightFactors.get(key);
    const company = valueChange(from?.company, to?.company);
    const competitors = valueChange(from?.competitors, to?.competitors);
    if (company === undefined && competitors === undefined) continue;
    changes.push({ factor: either(from?.factor, to?.factor), ...(company === undefined ? {} : { company }), ...(competitors === undefined ? {} : { competitors }) });
  }
  return changes;
}

function metricKey(metric: { key: string; fiscalYear: number; fiscalPeriod: string }): string {
  return `${metric.key}\u0000${String(metric.fiscalYear).padStart(6, '0')}\u0000${metric.fiscalPeriod}`;
}

function metricChanges(left: Report, right: Report): MetricChange[] {
  const leftMetrics = byKey(left.financials?.metrics ?? [], metricKey);
  const rightMetrics = byKey(right.financials?.metrics ?? [], metricKey);
  const keys = [...new Set([...leftMetrics.keys(), ...rightMetrics.keys()])].sort();
  const changes: MetricChange[] = [];
  for (const key of keys) {
    const from = leftMetrics.get(key);
    const to = rightMetrics.get(key);
    const change = valueChange(from?.value, to?.value);
    if (change === undefined) continue;
    const metric = (to ?? from)!;
    changes.push({ key: metric.key, label: either(from?.label, to?.label), unit: either(from?.unit, to?.unit), fiscalYear: metric.fiscalYear, fiscalPeriod: metric.fiscalPeriod, ...change });
  }
  return changes;
}

function recommendationChanges(left: Report, right: Report): ReportComparison['recommendations'] {
  const leftItems = byKey(left.synthesis.recommendations, (item) => normalizeText(item.text));
  const rightItems = byKey(right.synthesis.recommendations, (item) => normalizeText(item.text));
  const changed: RecommendationChange[] = [];
  for (const key of [...leftItems.keys()].filter((candidate) => rightItems.has(candidate)).sort()) {
    const from = leftItems.get(key)!;
    const to = rightItems.get(key)!;
    if (from.priority !== to.priority || from.horizon !== to.horizon) {
      changed.push({ text: either(from.text, to.text), from: { priority: from.priority, horizon: from.horizon }, to: { priority: to.priority, horizon: to.horizon } });
    }
  }
  return { ...itemChanges(texts(left.synthesis.recommendations), texts(right.synthesis.recommendations)), changed };
}

function qualityChanges(left: Report, right: Report): ReportComparison['quality'] {
  const scores: ReportComparison['quality']['scores'] = {};
  for (const dimension of QualityDimension.options) {
    const change = numberChange(left.quality.scores[dimension], right.quality.scores[dimension]);
    if (change !== undefined) scores[dimension] = change;
  }
  const issue = (value: Report['quality']['issues'][number]) => `${value.severity}: ${value.dimension}: ${value.section}: ${value.message}`;
  const overall = numberChange(left.quality.overall, right.quality.overall);
  return { ...(overall === undefined ? {} : { overall }), scores, issues: itemChanges(left.quality.issues.map(issue), right.quality.issues.map(issue)) };
}

function confidenceChanges(left: Report, right: Report): ReportComparison['confidence'] {
  const gap = (value: Report['confidence']['dataGaps'][number]) => `${value.source}: ${value.reason} (${value.impact} impact)`;
  const score = numberChange(left.confidence.score, right.confidence.score);
  return {
    ...(score === undefined ? {} : { score }),
    ...(left.confidence.level === right.confidence.level ? {} : { level: { from: left.confidence.level, to: right.confidence.level } }),
    dataGaps: itemChanges(left.confidence.dataGaps.map(gap), right.confidence.dataGaps.map(gap)),
  };
}

/**
 * What changed from `left` (usually the older version) to `right`: Porter ratings per force,
 * SWOT, PESTEL and ERRC items added or removed (matched by normalised text), strategy canvas and
 * metric deltas per key and fiscal year, confidence, quality and recommendation changes.
 * Pure and deterministic: `compare(a, a)` is empty and `compare(b, a)` is `invertComparison(compare(a, b))`.
 */
export function compareReports(left: Report, right: Report): ReportComparison {
  const frameworks = {
    added: FRAMEWORK_NAMES.filter((name) => left.frameworks[name] === undefined && right.frameworks[name] !== undefined),
    removed: FRAMEWORK_NAMES.filter((name) => left.frameworks[name] !== undefined && right.frameworks[name] === undefined),
  };
  const swot = Object.fromEntries(SWOT_QUADRANTS.map((name) => [name, itemChanges(texts(left.frameworks.swot?.[name]), texts(right.frameworks.swot?.[name]))])) as ReportComparison['swot'];
  const pestel = Object.fromEntries(PESTEL_FACTORS.map((name) => [name, itemChanges(texts(left.frameworks.pestel?.[name]), texts(right.frameworks.pestel?.[name]))])) as ReportComparison['pestel'];
  const errc = Object.fromEntries(ERRC_ACTIONS.map((name) => [name, itemChanges(texts(left.frameworks.blue_ocean?.[name]), texts(right.frameworks.blue_ocean?.[name]))])) as ReportComparison['blueOcean']['errc'];
  return {
    left: reference(left),
    right: reference(right),
    sameCompany: normalizeText(left.company.name) === normalizeText(right.company.name),
    frameworks,
    porter: porterChanges(left, right),
    swot,
    pestel,
    blueOcean: { errc, canvas: canvasChanges(left, right) },
    metrics: metricChanges(left, right),
    confidence: confidenceChanges(left, right),
    quality: qualityChanges(left, right),
    recommendations: recommendationChanges(left, right),
    keyFindings: itemChanges(texts(left.synthesis.keyFindings), texts(right.synthesis.keyFindings)),
    risks: itemChanges(texts(left.synthesis.risks), texts(right.synthesis.risks)),
  };
}

export { compareReports as compare };
