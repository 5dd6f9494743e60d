import { formatCompactDecimal, formatMetricValue } from '../../render/format.js';
import type { BarDatum, CanvasSeries, ImpactCounts, MetricChart } from '../chart-data.js';
import type { PdfLayout } from './pdf-layout.js';
import { COLORS, SIZES, TONE_COLORS } from './pdf-theme.js';

/** Charts drawn with pdfkit's vector primitives: crisp at any zoom, no rasterising. */

function chartTitle(layout: PdfLayout, title: string, height: number): number {
  layout.ensureSpace(height + 22);
  layout.font('bold', SIZES.small + 0.5, COLORS.muted);
  layout.doc.text(layout.clean(title.toUpperCase()), layout.left, layout.doc.y, { width: layout.width, characterSpacing: 0.4 });
  layout.doc.y += 4;
  return layout.doc.y;
}

function legend(layout: PdfLayout, x: number, y: number, entries: Array<{ label: string; color: string }>): void {
  let cursor = x;
  for (const entry of entries) {
    layout.doc.rect(cursor, y + 1.5, 8, 6).fill(entry.color);
    layout.font('regular', SIZES.small - 0.5, COLORS.muted);
    const label = layout.clean(entry.label);
    layout.doc.text(label, cursor + 11, y, { lineBreak: false });
    cursor += 11 + layout.doc.widthOfString(label) + 14;
  }
}

/** Porter: one horizontal bar per force on a 1–5 scale, coloured by intensity. */
export function drawRatingBars(layout: PdfLayout, title: string, bars: readonly BarDatum[], maximum: number): void {
  const rowHeight = 19;
  const height = bars.length * rowHeight + 18;
  const top = chartTitle(layout, title, height);
  const { doc } = layout;
  const labelWidth = 150;
  const plotLeft = layout.left + labelWidth;
  const plotWidth = layout.width - labelWidth - 40;
  for (let tick = 0; tick <= maximum; tick += 1) {
    const x = plotLeft + (plotWidth * tick) / maximum;
    doc.moveTo(x, top).lineTo(x, top + bars.length * rowHeight).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
    layout.font('regular', SIZES.small - 1, COLORS.muted);
    doc.text(String(tick), x - 10, top + bars.length * rowHeight + 3, { width: 20, align: 'center', lineBreak: false });
  }
  bars.forEach((bar, index) => {
    const y = top + index * rowHeight;
    layout.font('regular', SIZES.small + 0.5, COLORS.ink);
    doc.text(layout.clean(bar.label), layout.left, y + 4, { width: labelWidth - 8, height: rowHeight, ellipsis: true, lineBreak: false });
    const color = bar.level === undefined ? COLORS.accent : TONE_COLORS[bar.level];
    const width = (plotWidth * Math.max(0, Math.min(maximum, bar.value))) / maximum;
    doc.rect(plotLeft, y + 4, Math.max(1, width), rowHeight - 8).fill(color);
    layout.font('bold', SIZES.small, COLORS.ink);
    doc.text(`${formatCompactDecimal(bar.value, 1)}/${maximum}`, plotLeft + width + 4, y + 5, { lineBreak: false });
  });
  doc.x = layout.left;
  doc.y = top + height + 6;
}

/** Blue Ocean strategy canvas: the company's and competitors' offering levels, 0–10, as lines. */
export function drawStrategyCanvas(layout: PdfLayout, canvas: CanvasSeries): void {
  if (canvas.factors.length === 0) return;
  const plotHeight = 130;
  const labelHeight = 30;
  const height = plotHeight + labelHeight + 22;
  const top = chartTitle(layout, 'Strategy canvas', height);
  const { doc } = layout;
  const plotLeft = layout.left + 24;
  const plotWidth = layout.width - 30;
  const step = plotWidth / canvas.factors.length;
  const yOf = (value: number) => top + plotHeight - (plotHeight * Math.max(0, Math.min(10, value))) / 10;
  for (let level = 0; level <= 10; level += 2) {
    doc.moveTo(plotLeft, yOf(level)).lineTo(plotLeft + plotWidth, yOf(level)).lineWidth(0.4).strokeColor(COLORS.rule).stroke();
    layout.font('regular', SIZES.small - 1, COLORS.muted);
    doc.text(String(level), layout.left, yOf(level) - 3, { width: 18, align: 'right', lineBreak: false });
  }
  const series = [
    { values: canvas.competitors, color: COLORS.neutral, label: 'Competitors' },
    { values: canvas.company, color: COLORS.accent, label: 'Company' },
  ];
  for (const line of series) {
    const points = line.values.map((value, index) => [plotLeft + step * (index + 0.5), yOf(value)] as const);
    points.forEach(([x, y], index) => (index === 0 ? doc.moveTo(x, y) : doc.lineTo(x, y)));
    doc.lineWidth(2).strokeColor(line.color).stroke();
    for (const [x, y] of points) doc.circle(x, y, 2.8).fill(line.color);
  }
  canvas.factors.forEach((factor, index) => {
    layout.font('regular', SIZES.small - 1, COLORS.ink);
    doc.text(layout.clean(factor), plotLeft + step * index + 2, top + plotHeight + 5, { width: step - 4, height: labelHeight - 4, align: 'center', ellipsis: true });
  });
  legend(layout, plotLeft, top + plotHeight + labelHeight + 2, series.slice().reverse());
  doc.x = layout.left;
  doc.y = top + height;
}

/** PESTEL: positive, neutral and negative findings per factor as stacked bars. */
export function drawImpactBars(layout: PdfLayout, impacts: readonly ImpactCounts[]): void {
  const rowHeight = 15;
  const height = impacts.length * rowHeight + 18;
  const top = chartTitle(layout, 'Findings by factor and impact', height);
  const { doc } = layout;
  const labelWidth = 90;
  const plotLeft = layout.left + labelWidth;
  const plotWidth = layout.width - labelWidth - 20;
  const maximum = Math.max(1, ...impacts.map((row) => row.positive + row.negative + row.neutral));
  const parts = [
    { key: 'positive', color: COLORS.positive, label: 'Positive' },
    { key: 'neutral', color: COLORS.neutral, label: 'Neutral' },
    { key: 'negative', color: COLORS.negative, label: 'Negative' },
  ] as const;
  impacts.forEach((row, index) => {
    const y = top + index * rowHeight;
    layout.font('regular', SIZES.small, COLORS.ink);
    doc.text(layout.clean(row.factor), layout.left, y + 3, { width: labelWidth - 6, lineBreak: false });
    let x = plotLeft;
    for (const part of parts) {
      const width = (plotWidth * row[part.key]) / maximum;
      if (width > 0) doc.rect(x, y + 3, width, rowHeight - 6).fill(part.color);
      x += width;
    }
  });
  legend(layout, plotLeft, top + impacts.length * rowHeight + 4, parts.map((part) => ({ label: part.label, color: part.color })));
  doc.x = layout.left;
  doc.y = top + height + 4;
}

const YEAR_COLORS = [COLORS.accentLight, COLORS.info, COLORS.accent];

/**
 * Financial metrics: one horizontal bar per metric and fiscal year (the last three), on a
 * shared zero baseline so negative values read as negative, each labelled with its value.
 */
export function drawMetricChart(layout: PdfLayout, chart: MetricChart): void {
  const years = chart.years.slice(-3);
  const rows: Array<{ label: string; value: number; color: string }> = [];
  for (const series of chart.series) {
    years.forEach((year, index) => {
      const value = series.values[chart.years.indexOf(year)];
      if (value !== undefined && Number.isFinite(value)) rows.push({ label: `${series.label} · FY ${year}`, value, color: YEAR_COLORS[YEAR_COLORS.length - years.length + index]! });
    });
  }
  if (rows.length === 0) return;
  const rowHeight = 15;
  const height = rows.length * rowHeight + 6;
  const top = chartTitle(layout, chart.title, height);
  const { doc } = layout;
  const labelWidth = 170;
  const valueWidth = 60;
  const plotLeft = layout.left + labelWidth;
  const plotWidth = layout.width - labelWidth - valueWidth;
  const highest = Math.max(0, ...rows.map((row) => row.value));
  const lowest = Math.min(0, ...rows.map((row) => row.value));
  const span = highest - lowest || 1;
  const xOf = (value: number) => plotLeft + (plotWidth * (value - lowest)) / span;
  rows.forEach((row, index) => {
    const y = top + index * rowHeight;
    layout.font('regular', SIZES.small, COLORS.ink);
    doc.text(layout.clean(row.label), layout.left, y + 3, { width: labelWidth - 8, height: rowHeight, ellipsis: true, lineBreak: false });
    const start = Math.min(xOf(0), xOf(row.value));
    doc.rect(start, y + 2.5, Math.max(1, Math.abs(xOf(row.value) - xOf(0))), rowHeight - 5).fill(row.value < 0 ? COLORS.negative : row.color);
    layout.font('bold', SIZES.small, COLORS.ink);
    doc.text(layout.clean(formatMetricValue(row.value, chart.unit)), Math.max(xOf(row.value), xOf(0)) + 4, y + 3, { lineBreak: false });
  });
  doc.moveTo(xOf(0), top).lineTo(xOf(0), top + rows.length * rowHeight).lineWidth(0.8).strokeColor(COLORS.muted).stroke();
  doc.x = layout.left;
  doc.y = top + height + 6;
}
