import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EvidenceKind, makeEvidence } from '../../reports/model/evidence.js';
import type { FinancialMetric } from '../../reports/model/financials.js';
import { BlueOceanResult, PestelResult, PorterResult, SwotResult } from '../../reports/model/frameworks.js';
import { QualityReview, Synthesis } from '../../reports/model/report.js';
import type { AnalysisBrief } from '../analyst.js';
import { extractBlueOcean, extractMarketSignals, extractPestel, extractPorter, extractSwot, extractSynthesis, MarketOverview, reviewQuality } from './index.js';
import { citedIds, FIXTURE_DRAFTS } from './test-fixtures.js';

/** Words the lexicons react to, so random text also exercises classification, not only rejection. */
const VOCABULARY = [
  ...Object.values(FIXTURE_DRAFTS).flatMap((draft) => draft.excerpt.split(/\s+/)),
  'supplier', 'sole', 'source', 'competitor', 'rival', 'tariff', 'subsidy', 'cheaper', 'than', 'lags', 'twice', 'not', 'eliminates',
  'U.S.', 'Inc.', '3.5%', '$1.2bn', 'CAGR', '2024', 'Q3', '—', '…', '😀', 'Ünïcödé', '中文', 'العربية', '\u0000', '\u200b',
];

const textArbitrary = fc.oneof(
  fc.constant(''),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.array(fc.constantFrom(...VOCABULARY), { maxLength: 120 }).map((words) => words.join(' ')),
  fc
    .array(fc.tuple(fc.constantFrom('p', 'div', 'script', 'li', 'a href="x"', 'br/', '!--'), fc.constantFrom(...VOCABULARY)), { maxLength: 30 })
    .map((parts) => parts.map(([tag, word]) => `<${tag}>${word}</${tag.split(' ')[0]}> &amp; &#9731;`).join('')),
  fc.string({ unit: 'grapheme-ascii', minLength: 3000, maxLength: 4000 }),
  fc.constantFrom(...VOCABULARY).map((word) => `${word} `.repeat(900)),
);

const metricArbitrary = (ids: string[]): fc.Arbitrary<FinancialMetric> =>
  fc.record({
    key: fc.constantFrom('revenue_growth', 'operating_margin', 'free_cash_flow', 'debt_to_equity', 'gross_margin', 'current_ratio', 'net_income', 'weird'),
    label: fc.string({ maxLength: 40 }),
    value: fc.oneof(fc.double(), fc.integer({ min: -1e9, max: 1e9 })),
    unit: fc.constantFrom('USD', 'ratio', 'percent', 'shares', 'multiple'),
    fiscalYear: fc.integer({ min: 1990, max: 2030 }),
    fiscalPeriod: fc.constantFrom('FY', 'Q1', 'TTM'),
    formula: fc.constant('test'),
    facts: fc.constant([{ concept: 'c', fiscalYear: 2024, fiscalPeriod: 'FY', accession: 'a', value: 1 }]),
    evidenceIds: fc.subarray([...ids, 'ev_0000000000000000', 'not-an-id']),
  });

const briefArbitrary: fc.Arbitrary<AnalysisBrief> = fc
  .record({
    excerpts: fc.array(fc.tuple(textArbitrary, fc.constantFrom(...EvidenceKind.options)), { maxLength: 8 }),
    name: fc.oneof(fc.constant('Orchardly Systems'), fc.string({ minLength: 1, maxLength: 60 })),
    ticker: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
    industry: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
    depth: fc.constantFrom('quick', 'standard', 'deep'),
    focusTerms: fc.array(fc.oneof(fc.constantFrom(...VOCABULARY), fc.string({ maxLength: 20 })), { maxLength: 4 }),
    context: fc.option(fc.oneof(textArbitrary, fc.string({ maxLength: 80 })), { nil: undefined }),
  })
  .chain((draft) => {
    const evidence = draft.excerpts.map(([excerpt, kind], position) => makeEvidence({ kind, title: `t${position}`, locator: `l${position}`, excerpt }, new Date(0)));
    return fc.array(metricArbitrary(evidence.map((item) => item.id)), { maxLength: 5 }).map((metrics) => {
      const brief: AnalysisBrief = {
        company: { name: draft.name, ...(draft.ticker === undefined ? {} : { ticker: draft.ticker }), ...(draft.industry === undefined ? {} : { industry: draft.industry }) },
        depth: draft.depth,
        focusTerms: draft.focusTerms,
        evidence,
        metrics,
      };
      if (draft.context !== undefined) brief.context = draft.context;
      return brief;
    });
  });

describe('properties of the extractive analyst', () => {
  it('returns schema-valid output citing only known evidence, for any evidence, and never throws', () => {
    fc.assert(
      fc.property(briefArbitrary, (brief) => {
        const known = new Set(brief.evidence.map((evidence) => evidence.id));
        const frameworks = {
          porter: PorterResult.parse(extractPorter(brief)),
          swot: SwotResult.parse(extractSwot(brief)),
          pestel: PestelResult.parse(extractPestel(brief)),
          blue_ocean: BlueOceanResult.parse(extractBlueOcean(brief)),
        };
        const synthesis = Synthesis.parse(extractSynthesis(brief, frameworks));
        const quality = QualityReview.parse(reviewQuality(brief, frameworks, synthesis));
        const market = MarketOverview.parse(extractMarketSignals(brief));
        for (const output of [frameworks, synthesis, market]) {
          for (const id of citedIds(output)) expect(known.has(id)).toBe(true);
        }
        expect(Number.isFinite(quality.overall)).toBe(true);
        if (brief.context !== undefined && brief.context.trim().length > 0) expect(synthesis.contextResponse).toBeDefined();
      }),
      { numRuns: 80, seed: 20250301 },
    );
  });

  it('gives the same output for the same brief', () => {
    fc.assert(
      fc.property(briefArbitrary, (brief) => {
        const copy = structuredClone(brief);
        const run = (input: AnalysisBrief) => {
          const frameworks = { porter: extractPorter(input), swot: extractSwot(input), pestel: extractPestel(input), blue_ocean: extractBlueOcean(input) };
          const synthesis = extractSynthesis(input, frameworks);
          return JSON.stringify({ frameworks, synthesis, quality: reviewQuality(input, frameworks, synthesis), market: extractMarketSignals(input) });
        };
        expect(run(copy)).toBe(run(brief));
      }),
      { numRuns: 25, seed: 7 },
    );
  });
});
