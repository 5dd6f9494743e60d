import { FRAMEWORK_TITLES } from '../model/frameworks.js';
import type { MetricUnit } from '../model/financials.js';
import type { Block, Inline, ReportDocument, Section } from '../render/document-model.js';
import { badge, paragraph, section, strong, text } from '../render/document-model.js';
import { capitalize, formatDate, formatDecimal, formatMetricValue, humanize } from '../render/format.js';
import { serializeHtml } from '../render/html.js';
import { serializeMarkdown } from '../render/markdown.js';
import type { ItemChanges, ReportComparison, ValueChange } from './comparison-model.js';
import { isEmptyComparison } from './invert-comparison.js';

export const COMPARISON_FORMATS = ['md', 'html', 'json'] as const;
export type ComparisonFormat = (typeof COMPARISON_FORMATS)[number];

export function isComparisonFormat(value: string): value is ComparisonFormat {
  return (COMPARISON_FORMATS as readonly string[]).includes(value);
}

function signed(value: number, format: (value: number) => string = (number) => formatDecimal(number, Number.isInteger(number) ? 0 : 2)): string {
  return value > 0 ? `+${format(value)}` : format(value);
}

function valueCells(change: ValueChange, format: (value: number) => string): Inline[][] {
  return [
    [text(change.from === undefined ? '—' : format(change.from))],
    [text(change.to === undefined ? '—' : format(change.to))],
    [change.delta === undefined ? text(change.from === undefined ? 'new' : 'gone') : badge(signed(change.delta, format), change.delta > 0 ? 'positive' : 'negative')],
  ];
}

function itemBlocks(changes: ItemChanges): Block[] {
  const blocks: Block[] = [];
  if (changes.added.length > 0) blocks.push(paragraph(strong('Added')), { kind: 'list', ordered: false, items: changes.added.map((item) => [text(item)]) });
  if (changes.removed.length > 0) blocks.push(paragraph(strong('Removed')), { kind: 'list', ordered: false, items: changes.removed.map((item) => [text(item)]) });
  return blocks;
}

function groupedItems(id: string, title: string, groups: Record<string, ItemChanges>): Section | undefined {
  const subsections = Object.entries(groups)
    .filter(([, changes]) => changes.added.length + changes.removed.length > 0)
    .map(([name, changes]) => section(`${id}-${name}`, humanize(name), itemBlocks(changes)));
  return subsections.length === 0 ? undefined : section(id, title, [], subsections);
}

function changeTable(columns: string[], rows: Inline[][][]): Block {
  return { kind: 'table', columns: columns.map((title, index) => ({ title, ...(index > 0 ? { align: 'right' as const } : {}) })), rows };
}

function sections(comparison: ReportComparison): Section[] {
  const result: Array<Section | undefined> = [];
  const { frameworks, porter, blueOcean, confidence, quality, recommendations } = comparison;
  if (frameworks.added.length + frameworks.removed.length > 0) {
    const names = (list: typeof frameworks.added) => list.map((name) => FRAMEWORK_TITLES[name]).join(', ');
    result.push(section('frameworks', 'Frameworks', [
      ...(frameworks.added.length > 0 ? [paragraph(strong('Now included:'), text(names(frameworks.added)))] : []),
      ...(frameworks.removed.length > 0 ? [paragraph(strong('No longer included:'), text(names(frameworks.removed)))] : []),
    ]));
  }
  const integer = (value: number) => formatDecimal(value, Number.isInteger(value) ? 0 : 1);
  if (porter.forces.length > 0 || porter.industryAttractiveness !== undefined) {
    const rows = porter.forces.map((force) => [[strong(force.title)], ...valueCells(force, integer)]);
    if (porter.industryAttractiveness !== undefined) rows.push([[strong('Industry attractiveness')], ...valueCells(porter.industryAttractiveness, integer)]);
    result.push(section('porter', "Porter's Five Forces: ratings", [changeTable(['Force', 'Before', 'After', 'Change'], rows)]));
  }
  result.push(groupedItems('swot', 'SWOT', comparison.swot));
  result.push(groupedItems('pestel', 'PESTEL', comparison.pestel));
  const errc = groupedItems('blue-ocean', 'Blue Ocean: ERRC', comparison.blueOcean.errc);
  result.push(errc);
  if (blueOcean.canvas.length > 0) {
    const rows = blueOcean.canvas.flatMap((factor) => [
      ...(factor.company === undefined ? [] : [[[strong(factor.factor)], [text('Company')], ...valueCells(factor.company, integer)]]),
      ...(factor.competitors === undefined ? [] : [[[strong(factor.factor)], [text('Competitors')], ...valueCells(factor.competitors, integer)]]),
    ]);
    result.push(section('strategy-canvas', 'Blue Ocean: strategy canvas', [changeTable(['Factor', 'Offering of', 'Before', 'After', 'Change'], rows)]));
  }
  if (comparison.metrics.length > 0) {
    const rows = comparison.metrics.map((metric) => [[strong(metric.label)], [text(`${metric.fiscalPeriod} ${metric.fiscalYear}`)], ...valueCells(metric, (value) => formatMetricValue(value, metric.unit as MetricUnit))]);
    result.push(section('metrics', 'Financial metrics', [changeTable(['Metric', 'Period', 'Before', 'After', 'Change'], rows)]));
  }
  const scoreRows: Inline[][][] = [];
  if (confidence.score !== undefined) scoreRows.push([[strong('Confidence')], ...valueCells(confidence.score, integer)]);
  if (quality.overall !== undefined) scoreRows.push([[strong('Quality (overall)')], ...valueCells(quality.overall, integer)]);
  for (const [dimension, change] of Object.entries(quality.scores)) scoreRows.push([[text(`Quality: ${dimension}`)], ...valueCells(change, integer)]);
  const trust: Block[] = [];
  if (scoreRows.length > 0) trust.push(changeTable(['Measure', 'Before', 'After', 'Change'], scoreRows));
  if (confidence.level !== undefined) trust.push(paragraph(strong('Confidence level:'), text(`${capitalize(confidence.level.from)} → ${capitalize(confidence.level.to)}`)));
  const trustSubsections = [
    ...(confidence.dataGaps.added.length + confidence.dataGaps.removed.length > 0 ? [section('data-gaps', 'Data gaps', itemBlocks(confidence.dataGaps))] : []),
    ...(quality.issues.added.length + quality.issues.removed.length > 0 ? [section('quality-issues', 'Quality issues', itemBlocks(quality.issues))] : []),
  ];
  if (trust.length + trustSubsections.length > 0) result.push(section('confidence-quality', 'Confidence and quality', trust, trustSubsections));
  const recommendationBlocks = itemBlocks(recommendations);
  if (recommendations.changed.length > 0) {
    recommendationBlocks.push(paragraph(strong('Re-prioritised')), changeTable(['Recommendation', 'Before', 'After'], recommendations.changed.map((change) => [
      [text(change.text)],
      [text(`${capitalize(change.from.priority)}, ${change.from.horizon}`)],
      [text(`${capitalize(change.to.priority)}, ${change.to.horizon}`)],
    ])));
  }
  if (recommendationBlocks.length > 0) result.push(section('recommendations', 'Recommendations', recommendationBlocks));
  if (comparison.keyFindings.added.length + comparison.keyFindings.removed.length > 0) result.push(section('key-findings', 'Key findings', itemBlocks(comparison.keyFindings)));
  if (comparison.risks.added.length + comparison.risks.removed.length > 0) result.push(section('risks', 'Risks', itemBlocks(comparison.risks)));
  return result.filter((entry): entry is Section => entry !== undefined);
}

/** The comparison in the shared outline, so Markdown and HTML escape it like a report. */
export function buildComparisonDocument(comparison: ReportComparison): ReportDocument {
  const { left, right } = comparison;
  const side = (label: string, report: typeof left) => ({ term: label, value: [text(`${report.companyName}, version ${report.version} (${formatDate(report.createdAt)}, ${report.status}), ${report.id}`)] });
  const cover: Block[] = [{ kind: 'definitions', items: [side('Before', left), side('After', right)] }];
  if (!comparison.sameCompany) cover.push({ kind: 'notice', tone: 'warning', content: [text('These reports are about different companies.')] });
  const body = sections(comparison);
  return {
    language: 'en',
    title: `${right.companyName}: what changed`,
    subtitle: `Version ${left.version} → version ${right.version}`,
    cover,
    sections: isEmptyComparison(comparison) ? [section('no-changes', 'No changes', [paragraph(text('The two reports agree on every compared item.'))])] : body,
    footer: `ConsultantOS comparison of report ${left.id} with report ${right.id}`,
  };
}

export function renderComparison(comparison: ReportComparison, format: ComparisonFormat): string {
  switch (format) {
    case 'md':
      return serializeMarkdown(buildComparisonDocument(comparison));
    case 'html':
      return serializeHtml(buildComparisonDocument(comparison));
    case 'json':
      return `${JSON.stringify(comparison, null, 2)}\n`;
  }
}
