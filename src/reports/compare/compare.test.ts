import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildHostileReport, buildSampleReport, HOSTILE_TEXTS } from '../../../test/support/sample-report.js';
import { PORTER_FORCES } from '../model/frameworks.js';
import type { Report } from '../model/report.js';
import { compareReports } from './compare.js';
import { invertComparison, isEmptyComparison } from './invert-comparison.js';
import { normalizeText } from './normalize-text.js';
import { renderComparison } from './render-comparison.js';

const PHRASES = ['Pricing power is eroding.', 'A new loyalty tier launched.', 'Cold brew demand is rising.', 'Labour costs are up 6%.', 'pricing power is eroding'];

/** A variation of the sample report: ratings, list items, numbers and priorities all move. */
const reportVariant = fc
  .record({
    ratings: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 5, maxLength: 5 }),
    keepForces: fc.integer({ min: 1, max: 5 }),
    attractiveness: fc.integer({ min: 1, max: 5 }),
    strengths: fc.subarray(PHRASES),
    threats: fc.subarray(PHRASES),
    legal: fc.subarray(PHRASES),
    create: fc.subarray(PHRASES),
    canvasCompany: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 4, maxLength: 4 }),
    metricValues: fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 4, maxLength: 4 }),
    dropMetric: fc.boolean(),
    confidence: fc.integer({ min: 0, max: 100 }),
    level: fc.constantFrom('low', 'medium', 'high' as const),
    quality: fc.integer({ min: 0, max: 100 }),
    depth: fc.integer({ min: 0, max: 100 }),
    priority: fc.constantFrom('high', 'medium', 'low' as const),
    findings: fc.subarray(PHRASES, { minLength: 1 }),
    gaps: fc.subarray(PHRASES),
    withoutPestel: fc.boolean(),
  })
  .map((choice): Report => {
    const report = buildSampleReport();
    const porter = report.frameworks.porter!;
    porter.forces = porter.forces.slice(0, choice.keepForces).map((force, index) => ({ ...force, rating: choice.ratings[index]! }));
    porter.industryAttractiveness = choice.attractiveness;
    const cite = (text: string) => ({ text, evidenceIds: [] });
    report.frameworks.swot!.strengths = choice.strengths.map(cite);
    report.frameworks.swot!.threats = choice.threats.map(cite);
    report.frameworks.pestel!.legal = choice.legal.map((text) => ({ ...cite(text), impact: 'negative' as const }));
    report.frameworks.blue_ocean!.create = choice.create.map(cite);
    report.frameworks.blue_ocean!.strategyCanvas.forEach((factor, index) => (factor.company = choice.canvasCompany[index]!));
    report.financials!.metrics.forEach((metric, index) => (metric.value = choice.metricValues[index]!));
    if (choice.dropMetric) report.financials!.metrics.pop();
    if (choice.withoutPestel) delete report.frameworks.pestel;
    report.confidence = { ...report.confidence, score: choice.confidence, level: choice.level, dataGaps: choice.gaps.map((reason) => ({ source: 'news', reason, impact: 'low' as const })) };
    report.quality = { ...report.quality, overall: choice.quality, scores: { ...report.quality.scores, depth: choice.depth } };
    report.synthesis.recommendations[0]!.priority = choice.priority;
    report.synthesis.keyFindings = choice.findings.map(cite);
    return report;
  });

// Rendering is CPU-bound; shared CI machines can be slow, so allow more than the default.
describe('compareReports', { timeout: 120_000 }, () => {
  it('finds nothing between a report and itself', () => {
    fc.assert(
      fc.property(reportVariant, (report) => {
        expect(isEmptyComparison(compareReports(report, structuredClone(report)))).toBe(true);
      }),
    );
  });

  it('reversed is the inverse: added ↔ removed, deltas negated', () => {
    fc.assert(
      fc.property(reportVariant, reportVariant, (left, right) => {
        const forward = compareReports(left, right);
        expect(compareReports(right, left)).toEqual(invertComparison(forward));
        expect(invertComparison(invertComparison(forward))).toEqual(forward);
      }),
    );
  });

  it('reports rating changes, added and removed items and metric deltas', () => {
    const before = buildSampleReport({ version: 1 });
    const after = buildSampleReport({ version: 2 });
    after.frameworks.porter!.forces[0]!.rating = 5;
    after.frameworks.swot!.threats.push({ text: 'A national chain is entering the region.', evidenceIds: [] });
    after.frameworks.swot!.strengths.shift();
    // Re-worded only in case and punctuation: the same item.
    after.frameworks.swot!.weaknesses[0]!.text = after.frameworks.swot!.weaknesses[0]!.text.toUpperCase().replace(/\.$/, '');
    after.financials!.metrics[1]!.value = 12.24;
    after.confidence.score = 74;
    after.quality.overall = 80;
    after.synthesis.recommendations[2]!.priority = 'high';
    const comparison = compareReports(before, after);
    expect(comparison.porter.forces).toEqual([{ force: PORTER_FORCES[0], title: 'Competitive rivalry', from: 4, to: 5, delta: 1 }]);
    expect(comparison.swot.threats).toEqual({ added: ['A national chain is entering the region.'], removed: [] });
    expect(comparison.swot.strengths).toEqual({ added: [], removed: ['A loyalty programme covering 41% of transactions.'] });
    expect(comparison.swot.weaknesses).toEqual({ added: [], removed: [] });
    expect(comparison.metrics).toEqual([expect.objectContaining({ key: 'revenue_growth', fiscalYear: 2024, from: 9.74, to: 12.24, delta: 12.24 - 9.74 })]);
    expect(comparison.confidence.score).toEqual({ from: 68, to: 74, delta: 6 });
    expect(comparison.quality.overall).toEqual({ from: 82, to: 80, delta: -2 });
    expect(comparison.recommendations.changed).toEqual([expect.objectContaining({ from: { priority: 'medium', horizon: 'next' }, to: { priority: 'high', horizon: 'next' } })]);
    expect(isEmptyComparison(comparison)).toBe(false);
  });

  it('normalises case, spacing, punctuation and Unicode form', () => {
    expect(normalizeText('  Café,  PRICES—up! ')).toBe(normalizeText('cafe\u0301 prices up'));
  });
});

describe('renderComparison', () => {
  it('renders Markdown, HTML and JSON of the same changes', () => {
    const before = buildSampleReport({ version: 1 });
    const after = buildSampleReport({ version: 2 });
    after.frameworks.porter!.forces[2]!.rating = 2;
    const comparison = compareReports(before, after);
    const markdown = renderComparison(comparison, 'md');
    expect(markdown.split('\n')[0]).toBe('# Lumen Ridge Coffee Co.: what changed');
    expect(markdown).toContain('Supplier power');
    expect(markdown).toContain('-2');
    expect(renderComparison(comparison, 'html')).toMatch(/^<!doctype html>/);
    expect(JSON.parse(renderComparison(comparison, 'json'))).toEqual(JSON.parse(JSON.stringify(comparison)));
    expect(renderComparison(compareReports(before, before), 'md')).toContain('No changes');
  });

  it('escapes hostile items like the report renderers', () => {
    const comparison = compareReports(buildSampleReport(), buildHostileReport());
    const html = renderComparison(comparison, 'html');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;');
    const markdown = renderComparison(comparison, 'md');
    expect(markdown).not.toContain('<script>');
    expect(markdown).not.toMatch(/^# Injected heading/m);
    expect(JSON.parse(renderComparison(comparison, 'json')).swot.strengths.added).toContain(HOSTILE_TEXTS.imageHandler);
  });
});
