import type { CanvasChange, ItemChanges, NumberChange, ReportComparison, ValueChange } from './comparison-model.js';

function items(changes: ItemChanges): ItemChanges {
  return { added: [...changes.removed], removed: [...changes.added] };
}

function number(change: NumberChange): NumberChange {
  return { from: change.to, to: change.from, delta: -change.delta };
}

function value(change: ValueChange): ValueChange {
  const inverted: ValueChange = {};
  if (change.to !== undefined) inverted.from = change.to;
  if (change.from !== undefined) inverted.to = change.from;
  if (change.delta !== undefined) inverted.delta = -change.delta;
  return inverted;
}

function mapValues<K extends string, V, R>(record: Record<K, V>, map: (entry: V) => R): Record<K, R> {
  return Object.fromEntries(Object.entries(record).map(([key, entry]) => [key, map(entry as V)])) as Record<K, R>;
}

function canvas(change: CanvasChange): CanvasChange {
  return { factor: change.factor, ...(change.company === undefined ? {} : { company: value(change.company) }), ...(change.competitors === undefined ? {} : { competitors: value(change.competitors) }) };
}

/** The comparison read the other way: sides swapped, added ↔ removed, deltas negated. */
export function invertComparison(comparison: ReportComparison): ReportComparison {
  const { porter, confidence, quality, recommendations } = comparison;
  return {
    left: comparison.right,
    right: comparison.left,
    sameCompany: comparison.sameCompany,
    frameworks: { added: [...comparison.frameworks.removed], removed: [...comparison.frameworks.added] },
    porter: {
      forces: porter.forces.map((force) => ({ force: force.force, title: force.title, ...value(force) })),
      ...(porter.industryAttractiveness === undefined ? {} : { industryAttractiveness: value(porter.industryAttractiveness) }),
    },
    swot: mapValues(comparison.swot, items),
    pestel: mapValues(comparison.pestel, items),
    blueOcean: { errc: mapValues(comparison.blueOcean.errc, items), canvas: comparison.blueOcean.canvas.map(canvas) },
    metrics: comparison.metrics.map((metric) => ({ key: metric.key, label: metric.label, unit: metric.unit, fiscalYear: metric.fiscalYear, fiscalPeriod: metric.fiscalPeriod, ...value(metric) })),
    confidence: {
      ...(confidence.score === undefined ? {} : { score: number(confidence.score) }),
      ...(confidence.level === undefined ? {} : { level: { from: confidence.level.to, to: confidence.level.from } }),
      dataGaps: items(confidence.dataGaps),
    },
    quality: {
      ...(quality.overall === undefined ? {} : { overall: number(quality.overall) }),
      scores: mapValues(quality.scores as Record<string, NumberChange>, number),
      issues: items(quality.issues),
    },
    recommendations: { ...items(recommendations), changed: recommendations.changed.map((change) => ({ text: change.text, from: change.to, to: change.from })) },
    keyFindings: items(comparison.keyFindings),
    risks: items(comparison.risks),
  };
}

/** Whether nothing changed between the two reports (which reports they are does not count). */
export function isEmptyComparison(comparison: ReportComparison): boolean {
  const lists: ItemChanges[] = [
    ...Object.values(comparison.swot),
    ...Object.values(comparison.pestel),
    ...Object.values(comparison.blueOcean.errc),
    comparison.confidence.dataGaps,
    comparison.quality.issues,
    comparison.recommendations,
    comparison.keyFindings,
    comparison.risks,
    { added: comparison.frameworks.added, removed: comparison.frameworks.removed },
  ];
  return (
    lists.every((list) => list.added.length === 0 && list.removed.length === 0) &&
    comparison.porter.forces.length === 0 &&
    comparison.porter.industryAttractiveness === undefined &&
    comparison.blueOcean.canvas.length === 0 &&
    comparison.metrics.length === 0 &&
    comparison.confidence.score === undefined &&
    comparison.confidence.level === undefined &&
    comparison.quality.overall === undefined &&
    Object.keys(comparison.quality.scores).length === 0 &&
    comparison.recommendations.changed.length === 0
  );
}
