import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, sharedFixture } from '../../../test/support/shared-fixtures.js';
import { makeEvidence } from '../../reports/model/evidence.js';
import { BlueOceanResult, PestelResult, PorterResult, SwotResult } from '../../reports/model/frameworks.js';
import { QualityReview, Synthesis } from '../../reports/model/report.js';
import { PESTEL_FACTORS, SWOT_QUADRANTS } from '../../reports/model/frameworks.js';
import { documentsToEvidence, loadDocuments } from '../../sources/documents/index.js';
import type { AnalysisBrief } from '../analyst.js';
import { extractBlueOcean, extractMarketSignals, extractPestel, extractPorter, extractSwot, extractSynthesis, MarketOverview, reviewQuality } from './index.js';
import { hasVerb, shapeOf, wordsOf } from './sentence-shape.js';
import { citedIds } from './test-fixtures.js';

/**
 * A real filing (Apple's 2024 10-K, recorded in ../shared/fixtures/real) cut into excerpts the
 * way a document connector would: prose the lexicons were not written against.
 */
function appleBrief(): AnalysisBrief {
  const html = readFileSync(sharedFixture('sec-edgar', 'filings', 'AAPL-10-K-2024-11-01.html'), 'utf8');
  const text = html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<\/(p|div|tr|li|h\d)>/gi, '\n\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#160;|&nbsp;/g, ' ')
    .replace(/&#8217;/g, '’')
    .replace(/&amp;/g, '&');
  const start = text.indexOf('Item 1.');
  const end = text.indexOf('Item 1B.', text.indexOf('Item 1A.', text.search(/Item 1A\.\s*Risk Factors/i) + 100));
  const section = text.slice(start, end > start ? end : start + 90_000);
  const excerpts: string[] = [];
  for (let offset = 0; offset < section.length && excerpts.length < 40; offset += 3800) excerpts.push(section.slice(offset, offset + 3800));
  const evidence = excerpts.map((excerpt, position) => makeEvidence({ kind: 'filing', title: 'Apple Inc. 10-K 2024', locator: `aapl-10k-2024#part-${position}`, excerpt }, new Date(0)));
  return { company: { name: 'Apple Inc.', ticker: 'AAPL' }, depth: 'standard', focusTerms: [], evidence, metrics: [] };
}

describe.skipIf(!hasSharedFixtures())('extractive analyst on a real 10-K', () => {
  it('finds the filing’s supply and competition risks and stays schema-valid', () => {
    const brief = appleBrief();
    expect(brief.evidence.length).toBeGreaterThan(10);
    const porter = PorterResult.parse(extractPorter(brief));
    const frameworks = { porter, swot: SwotResult.parse(extractSwot(brief)), pestel: PestelResult.parse(extractPestel(brief)), blue_ocean: BlueOceanResult.parse(extractBlueOcean(brief)) };
    const synthesis = Synthesis.parse(extractSynthesis(brief, frameworks));
    const quality = QualityReview.parse(reviewQuality(brief, frameworks, synthesis));
    const market = MarketOverview.parse(extractMarketSignals(brief));

    const supplier = porter.forces.find((force) => force.force === 'supplier_power');
    expect(supplier?.rating).toBeGreaterThanOrEqual(4);
    expect(supplier?.drivers.some((driver) => /single or limited sources|single-source/i.test(driver.text))).toBe(true);
    const rivalry = porter.forces.find((force) => force.force === 'competitive_rivalry');
    expect(rivalry?.rating).toBeGreaterThanOrEqual(4);
    expect(rivalry?.drivers.every((driver) => /compet|market share|pric/i.test(driver.text))).toBe(true);

    const names = market.competitors.map((competitor) => competitor.name);
    expect(names.some((name) => /^(Apple|Company|Certain|Additionally)/.test(name))).toBe(false);
    expect(synthesis.executiveSummary).toContain('Apple Inc.');
    const known = new Set(brief.evidence.map((evidence) => evidence.id));
    expect(citedIds({ frameworks, synthesis, market }).every((id) => known.has(id))).toBe(true);
    expect(quality.scores.evidence).toBeGreaterThanOrEqual(90);
  });
});

describe.skipIf(!hasSharedFixtures())('extractive analyst on a real 10-K read by the document loader', () => {
  it('quotes statements only, names no products or agencies as competitors and writes short actions', async () => {
    // Items 1 and 1A sit in the first megabyte; parsing the whole 2.6 MB filing would only slow the suite.
    const directory = mkdtempSync(join(tmpdir(), 'consultantos-tsla-'));
    let evidence: AnalysisBrief['evidence'];
    try {
      writeFileSync(join(directory, 'TSLA-10-K-2025.html'), readFileSync(sharedFixture('sec-edgar', 'filings', 'TSLA-10-K-2025-01-30.html'), 'utf8').slice(0, 1_200_000));
      evidence = documentsToEvidence(await loadDocuments([join(directory, 'TSLA-10-K-2025.html')]), { retrievedAt: new Date(0) }).slice(0, 200);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
    const brief: AnalysisBrief = { company: { name: 'Tesla, Inc.', ticker: 'TSLA' }, depth: 'standard', focusTerms: [], evidence, metrics: [] };
    const porter = PorterResult.parse(extractPorter(brief));
    const frameworks = { porter, swot: SwotResult.parse(extractSwot(brief)), pestel: PestelResult.parse(extractPestel(brief)), blue_ocean: BlueOceanResult.parse(extractBlueOcean(brief)) };
    const synthesis = Synthesis.parse(extractSynthesis(brief, frameworks));
    QualityReview.parse(reviewQuality(brief, frameworks, synthesis));
    const market = MarketOverview.parse(extractMarketSignals(brief));

    expect(porter.forces.find((force) => force.force === 'supplier_power')?.rating).toBeGreaterThanOrEqual(4);
    expect(porter.forces.find((force) => force.force === 'competitive_rivalry')?.rating).toBeGreaterThanOrEqual(4);
    const items = [...SWOT_QUADRANTS.flatMap((quadrant) => frameworks.swot[quadrant]), ...PESTEL_FACTORS.flatMap((factor) => frameworks.pestel[factor])];
    expect(items.length).toBeGreaterThan(10);
    for (const item of items) {
      expect(shapeOf(item.text), item.text).toBe('sentence');
      expect(wordsOf(item.text).length >= 6 && hasVerb(item.text), item.text).toBe(true);
    }
    // Results commentary ("… increased $571 million … in the year ended …") is not the environment.
    expect(PESTEL_FACTORS.flatMap((factor) => frameworks.pestel[factor]).filter((item) => /year ended/.test(item.text))).toEqual([]);
    expect(market.competitors.map((competitor) => competitor.name).filter((name) => /Model [A-Z0-9]|SUVs|NLRB|Labor|God|Cortex|Russian/.test(name))).toEqual([]);
    for (const recommendation of synthesis.recommendations) {
      expect(recommendation.text.length).toBeLessThanOrEqual(220);
      expect(recommendation.text).not.toMatch(/[“”…]/);
    }
    expect(synthesis.executiveSummary).not.toContain('…');
  }, 60_000);
});
