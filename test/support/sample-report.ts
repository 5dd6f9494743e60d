import { makeEvidence } from '../../src/reports/model/evidence.js';
import type { Evidence, EvidenceDraft } from '../../src/reports/model/evidence.js';
import type { FinancialFact, FinancialMetric } from '../../src/reports/model/financials.js';
import { FRAMEWORK_NAMES, FRAMEWORK_TITLES } from '../../src/reports/model/frameworks.js';
import type { CitedItem } from '../../src/reports/model/frameworks.js';
import { REPORT_SCHEMA_VERSION } from '../../src/reports/model/report.js';
import type { Report } from '../../src/reports/model/report.js';
import { REPORT_SECTIONS } from '../../src/reports/render/section-titles.js';

/**
 * Report fixtures shared by every renderer and store test. Lumen Ridge Coffee Co. is
 * fictional; the numbers are invented but internally consistent (metrics recompute from the
 * facts), so tests of derived numbers can rely on them.
 */

// A fixed retrieval time keeps evidence ids, hashes and rendered output identical run to run.
const RETRIEVED_AT = new Date('2025-03-03T09:30:00.000Z');

function evidence(draft: EvidenceDraft): Evidence {
  return makeEvidence(draft, RETRIEVED_AT);
}

function sampleEvidence() {
  return {
    annualReport: evidence({
      kind: 'filing', title: 'Lumen Ridge Coffee Co. Form 10-K for fiscal 2024',
      url: 'https://www.sec.gov/Archives/edgar/data/0009990001/000999000125000007/lrcc-20241231.htm',
      publisher: 'U.S. Securities and Exchange Commission', publishedAt: '2025-02-21',
      excerpt: 'Comparable store sales rose 6.1% as loyalty members, now 41% of transactions, visited more often. Green coffee costs increased 18% year over year.',
      locator: '10-K 2024, Item 7 Management’s Discussion and Analysis',
    }),
    revenueFact: evidence({
      kind: 'financial-fact', title: 'Revenues, fiscal 2024 (us-gaap:Revenues)', publisher: 'SEC XBRL company facts',
      excerpt: 'Revenues: 1,284,000,000 USD for the period ending 2024-12-31 (10-K, accession 0009990001-25-000007).',
      locator: 'us-gaap:Revenues/FY2024/0009990001-25-000007',
    }),
    incomeFact: evidence({
      kind: 'financial-fact', title: 'Operating income, fiscal 2024 (us-gaap:OperatingIncomeLoss)', publisher: 'SEC XBRL company facts',
      excerpt: 'OperatingIncomeLoss: 115,560,000 USD for the period ending 2024-12-31.',
      locator: 'us-gaap:OperatingIncomeLoss/FY2024/0009990001-25-000007',
    }),
    coffeePrices: evidence({
      kind: 'news', title: 'Arabica futures hit a 13-year high as Brazil harvest disappoints',
      url: 'https://news.example.com/markets/arabica-futures-2024',
      publisher: 'Commodity Ledger', publishedAt: '2024-11-14',
      excerpt: 'Arabica futures closed above $3.20 per pound, the highest level since 2011, after drought cut Brazil’s harvest estimates.',
      locator: 'paragraph 1-2',
      attributes: { sentiment: 'negative', ticker: null },
    }),
    delivery: evidence({
      kind: 'web', title: 'Delivery and mobile ordering now a third of specialty coffee sales',
      url: 'https://research.example.org/coffee/mobile-ordering-2024',
      publisher: 'Cup & Market Research', publishedAt: '2024-09-02',
      excerpt: 'Mobile order-ahead and delivery reached 33% of specialty coffee sales in 2024, up from 21% in 2021.',
      locator: 'section "Channel mix"',
    }),
    readyToDrink: evidence({
      kind: 'trend', title: 'Search interest in cold brew and ready-to-drink coffee, 2020–2024',
      url: 'https://trends.example.com/explore?q=cold+brew',
      publisher: 'Trend Index',
      excerpt: 'Interest in "cold brew" grew 48% over five years; "ready to drink coffee" grew 35%.',
      locator: 'query=cold brew,ready to drink coffee; geo=US',
    }),
    interview: evidence({
      kind: 'document', title: 'Store operations interview notes, February 2025',
      excerpt: 'Regional managers report 14% barista turnover and a six-week hiring time in coastal markets.',
      locator: 'documents/store-operations-interviews.md#3',
    }),
    profile: evidence({
      kind: 'wikipedia', title: 'Lumen Ridge Coffee Co.',
      url: 'https://en.wikipedia.org/wiki/Lumen_Ridge_Coffee_Co.',
      publisher: 'Wikipedia',
      excerpt: 'Lumen Ridge Coffee Co. is an American specialty coffee roaster and retailer founded in 2006 in Portland, Oregon.',
      locator: 'lead section',
    }),
    // Retrieved but never cited: the appendix must still list it.
    regulation: evidence({
      kind: 'news', title: 'EU deforestation regulation delayed to December 2025',
      url: 'https://news.example.com/policy/eudr-delay',
      publisher: 'Policy Wire', publishedAt: '2024-10-02',
      excerpt: 'Importers of coffee into the EU must prove deforestation-free supply chains from December 2025.',
      locator: 'paragraph 3',
    }),
  };
}

function item(text: string, ...sources: Evidence[]): CitedItem {
  return { text, evidenceIds: sources.map((source) => source.id) };
}

function sampleFacts(revenueId: string, incomeId: string): FinancialFact[] {
  const filing = { form: '10-K', accession: '0009990001-25-000007', filed: '2025-02-21', fiscalPeriod: 'FY' };
  const prior = { form: '10-K', accession: '0009990001-24-000005', filed: '2024-02-23', fiscalPeriod: 'FY' };
  return [
    { concept: 'us-gaap:Revenues', label: 'Revenues', value: 1_284_000_000, unit: 'USD', periodStart: '2024-01-01', periodEnd: '2024-12-31', fiscalYear: 2024, ...filing, evidenceId: revenueId },
    { concept: 'us-gaap:Revenues', label: 'Revenues', value: 1_170_000_000, unit: 'USD', periodStart: '2023-01-01', periodEnd: '2023-12-31', fiscalYear: 2023, ...prior },
    { concept: 'us-gaap:OperatingIncomeLoss', label: 'Operating income', value: 115_560_000, unit: 'USD', periodStart: '2024-01-01', periodEnd: '2024-12-31', fiscalYear: 2024, ...filing, evidenceId: incomeId },
    { concept: 'us-gaap:AssetsCurrent', label: 'Current assets', value: 312_000_000, unit: 'USD', periodEnd: '2024-12-31', fiscalYear: 2024, ...filing },
    { concept: 'us-gaap:LiabilitiesCurrent', label: 'Current liabilities', value: 240_000_000, unit: 'USD', periodEnd: '2024-12-31', fiscalYear: 2024, ...filing },
  ];
}

function sampleMetrics(revenueId: string, incomeId: string): FinancialMetric[] {
  const revenue2024 = { concept: 'us-gaap:Revenues', fiscalYear: 2024, fiscalPeriod: 'FY', accession: '0009990001-25-000007', value: 1_284_000_000 };
  const revenue2023 = { concept: 'us-gaap:Revenues', fiscalYear: 2023, fiscalPeriod: 'FY', accession: '0009990001-24-000005', value: 1_170_000_000 };
  const income2024 = { concept: 'us-gaap:OperatingIncomeLoss', fiscalYear: 2024, fiscalPeriod: 'FY', accession: '0009990001-25-000007', value: 115_560_000 };
  return [
    { key: 'revenue', label: 'Revenue', value: 1_284_000_000, unit: 'USD', fiscalYear: 2024, fiscalPeriod: 'FY', formula: 'Revenues', facts: [revenue2024], evidenceIds: [revenueId] },
    { key: 'revenue_growth', label: 'Revenue growth', value: 9.74, unit: 'percent', fiscalYear: 2024, fiscalPeriod: 'FY', formula: '(Revenues FY2024 − Revenues FY2023) ÷ Revenues FY2023', facts: [revenue2024, revenue2023], evidenceIds: [revenueId] },
    { key: 'operating_margin', label: 'Operating margin', value: 9, unit: 'percent', fiscalYear: 2024, fiscalPeriod: 'FY', formula: 'OperatingIncomeLoss ÷ Revenues', facts: [income2024, revenue2024], evidenceIds: [incomeId, revenueId] },
    {
      key: 'current_ratio', label: 'Current ratio', value: 1.3, unit: 'ratio', fiscalYear: 2024, fiscalPeriod: 'FY', formula: 'AssetsCurrent ÷ LiabilitiesCurrent',
      facts: [
        { concept: 'us-gaap:AssetsCurrent', fiscalYear: 2024, fiscalPeriod: 'FY', accession: '0009990001-25-000007', value: 312_000_000 },
        { concept: 'us-gaap:LiabilitiesCurrent', fiscalYear: 2024, fiscalPeriod: 'FY', accession: '0009990001-25-000007', value: 240_000_000 },
      ],
      evidenceIds: [],
    },
  ];
}

/**
 * A complete, schema-valid report: every section the renderers know is populated (four
 * frameworks, financials with provenance, synthesis with a context response, quality review,
 * confidence with data gaps, usage, timings, a mixed generator and a warning). Top-level
 * `overrides` replace whole fields; each call returns fresh objects, so callers may mutate.
 */
export function buildSampleReport(overrides: Partial<Report> = {}): Report {
  const source = sampleEvidence();
  const { annualReport, revenueFact, incomeFact, coffeePrices, delivery, readyToDrink, interview, profile } = source;
  const report: Report = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    id: 'rep_01JNB7Q3W4X5Y6Z7A8B9C0D1E2',
    runId: 'run_01JNB7Q0000000000000000000',
    tenantId: 'tenant_default',
    version: 3,
    status: 'succeeded',
    createdAt: '2025-03-03T09:42:17.000Z',
    company: {
      name: 'Lumen Ridge Coffee Co.',
      ticker: 'LRCC',
      cik: '0009990001',
      industry: 'Specialty coffee retail',
      description: 'A specialty coffee roaster with 640 company-operated cafés in the western United States and a packaged-coffee business.',
    },
    request: {
      company: 'Lumen Ridge Coffee Co.',
      industry: 'Specialty coffee retail',
      frameworks: ['porter', 'swot', 'pestel', 'blue_ocean'],
      depth: 'standard',
      context: 'Should we expand the ready-to-drink line or open 60 more cafés in 2025?',
      documents: ['documents/store-operations-interviews.md'],
    },
    evidence: Object.values(source),
    financials: {
      entityName: 'LUMEN RIDGE COFFEE CO',
      cik: '0009990001',
      currency: 'USD',
      facts: sampleFacts(revenueFact.id, incomeFact.id),
      metrics: sampleMetrics(revenueFact.id, incomeFact.id),
    },
    frameworks: {
      porter: {
        forces: [
          { force: 'competitive_rivalry', rating: 4, level: 'high', rationale: 'National chains and independents compete for the same morning visit, and price promotions are frequent.', drivers: [item('Loyalty members drive 41% of transactions, so rivals target them with app discounts.', annualReport)], evidenceIds: [annualReport.id] },
          { force: 'threat_of_new_entrants', rating: 2, level: 'low', rationale: 'Prime café sites and roasting scale take years to assemble.', drivers: [item('A 640-café footprint in the western United States is hard to replicate quickly.', profile)], evidenceIds: [profile.id] },
          { force: 'supplier_power', rating: 4, level: 'high', rationale: 'Green coffee is a volatile commodity with concentrated origins.', drivers: [item('Arabica futures reached a 13-year high after Brazil’s harvest fell short.', coffeePrices), item('Green coffee costs rose 18% year over year.', annualReport)], evidenceIds: [coffeePrices.id, annualReport.id] },
          { force: 'buyer_power', rating: 3, level: 'medium', rationale: 'Individual buyers are small, but switching costs are near zero.', drivers: [item('Mobile ordering makes price comparison instant.', delivery)], evidenceIds: [delivery.id] },
          { force: 'threat_of_substitutes', rating: 3, level: 'medium', rationale: 'Ready-to-drink and at-home coffee capture occasions cafés used to own.', drivers: [item('Interest in cold brew grew 48% in five years.', readyToDrink)], evidenceIds: [readyToDrink.id] },
        ],
        industryAttractiveness: 3,
        summary: 'A moderately attractive industry: supplier power and rivalry squeeze margins, while scale and sites deter entrants.',
      },
      swot: {
        strengths: [item('A loyalty programme covering 41% of transactions.', annualReport), item('Comparable store sales grew 6.1% in 2024.', annualReport)],
        weaknesses: [item('Barista turnover of 14% and six-week hiring times in coastal markets.', interview)],
        opportunities: [item('Ready-to-drink coffee demand is growing quickly.', readyToDrink), item('Mobile order-ahead is a third of category sales.', delivery)],
        threats: [item('Record green coffee prices compress margins.', coffeePrices)],
        summary: 'Strong brand loyalty and growth, exposed to commodity costs and labour constraints.',
      },
      pestel: {
        political: [{ ...item('Tariff changes on imported roasted coffee are under discussion.', coffeePrices), impact: 'negative' }],
        economic: [{ ...item('Arabica at a 13-year high raises cost of goods.', coffeePrices), impact: 'negative' }],
        social: [{ ...item('Consumers shift visits to mobile order-ahead.', delivery), impact: 'positive' }],
        technological: [{ ...item('Order-ahead apps enable personalised offers.', delivery), impact: 'positive' }],
        environmental: [{ ...item('Drought in Brazil shows climate exposure of supply.', coffeePrices), impact: 'negative' }],
        legal: [{ ...item('Labour rules in coastal states raise staffing costs.', interview), impact: 'neutral' }],
        summary: 'Macro pressure is mostly on costs; social and technology trends favour digital channels.',
      },
      blue_ocean: {
        eliminate: [item('Rarely used in-store merchandise shelves.', interview)],
        reduce: [item('Menu complexity that slows peak-hour service.', interview)],
        raise: [item('Speed and reliability of mobile pickup.', delivery)],
        create: [item('A subscription for ready-to-drink cold brew delivered with packaged beans.', readyToDrink)],
        strategyCanvas: [
          { factor: 'Price', company: 6, competitors: 5, evidenceIds: [annualReport.id] },
          { factor: 'Mobile pickup speed', company: 8, competitors: 6, evidenceIds: [delivery.id] },
          { factor: 'Menu breadth', company: 7, competitors: 8, evidenceIds: [] },
          { factor: 'Ready-to-drink range', company: 3, competitors: 6, evidenceIds: [readyToDrink.id] },
        ],
        summary: 'Win on convenience and at-home cold brew rather than on menu breadth.',
      },
    },
    synthesis: {
      executiveSummary: 'Lumen Ridge grew revenue 9.7% to $1.28 billion with a 9% operating margin, but record coffee prices and labour constraints threaten margins. The strongest growth path is ready-to-drink and mobile convenience, not a broad café build-out.',
      summaryEvidenceIds: [annualReport.id, revenueFact.id, coffeePrices.id],
      keyFindings: [
        item('Revenue grew 9.7% in fiscal 2024 with comparable sales up 6.1%.', revenueFact, annualReport),
        item('Green coffee costs rose 18% and Arabica futures hit a 13-year high.', annualReport, coffeePrices),
        item('Mobile ordering is a third of category sales and growing.', delivery),
      ],
      recommendations: [
        { ...item('Launch a ready-to-drink cold brew subscription in the home markets.', readyToDrink, delivery), rationale: 'Demand is growing faster than café visits and uses existing roasting capacity.', priority: 'high', horizon: 'now' },
        { ...item('Hedge 12 months of green coffee needs.', coffeePrices), rationale: 'Commodity prices are the largest single threat to the operating margin.', priority: 'high', horizon: 'now' },
        { ...item('Open 20 pickup-first cafés instead of 60 full cafés.', delivery, interview), rationale: 'Pickup formats need fewer baristas, easing the hiring constraint.', priority: 'medium', horizon: 'next' },
      ],
      risks: [item('A further 20% rise in Arabica prices would erase most of the margin gain.', coffeePrices)],
      nextSteps: ['Size the ready-to-drink subscription with a 3-market pilot.', 'Model hedging costs with the treasury team.'],
      contextResponse: item('Favour the ready-to-drink line: it grows faster and avoids the staffing constraint that limits new cafés.', readyToDrink, interview),
    },
    quality: {
      scores: { specificity: 82, evidence: 88, depth: 71, actionability: 79, consistency: 90 },
      overall: 82,
      issues: [
        { severity: 'warning', dimension: 'depth', section: 'PESTEL', message: 'Legal factors rest on a single interview.' },
        { severity: 'info', dimension: 'evidence', section: 'Blue Ocean Strategy', message: 'Menu breadth on the strategy canvas has no citation.' },
      ],
    },
    confidence: {
      score: 68,
      level: 'medium',
      rationale: 'Financials come from filed statements; market sizing relies on one research source.',
      dataGaps: [
        { source: 'market-data', reason: 'Quote provider timed out after three attempts.', impact: 'medium' },
        { source: 'news', reason: 'Only two recent articles matched the company.', impact: 'low' },
      ],
    },
    citations: { citedIds: 8, verified: 41, removedInvalid: 1, droppedItems: 0, flaggedItems: 1, items: 44 },
    usage: {
      inputTokens: 48_210, outputTokens: 9_874, cachedTokens: 12_000, costUsd: 0.4213, calls: 9,
      byStep: {
        research: { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, calls: 0 },
        'framework-porter': { inputTokens: 12_400, outputTokens: 2_310, cachedTokens: 4_000, costUsd: 0.1021, calls: 2 },
        synthesis: { inputTokens: 35_810, outputTokens: 7_564, cachedTokens: 8_000, costUsd: 0.3192, calls: 7 },
      },
    },
    timings: {
      startedAt: '2025-03-03T09:38:02.000Z',
      endedAt: '2025-03-03T09:42:17.000Z',
      durationMs: 255_000,
      steps: { research: 61_200, financial: 4_350, 'framework-porter': 38_900, synthesis: 72_400, quality: 18_150 },
    },
    generator: {
      kind: 'mixed',
      models: ['openai:gpt-4.1-mini'],
      parts: {
        'framework-porter': { kind: 'model', model: 'openai:gpt-4.1-mini' },
        'framework-swot': { kind: 'extractive', fallbackReason: 'Circuit open for provider openai after 5 failures' },
        synthesis: { kind: 'model', model: 'openai:gpt-4.1-mini' },
      },
    },
    warnings: ['Market quotes unavailable: provider timed out; valuation multiples omitted.'],
  };
  return { ...report, ...overrides };
}

const LONG_TEXT_LENGTH = 5_000;

function longText(seed: string): string {
  return seed.repeat(Math.ceil(LONG_TEXT_LENGTH / seed.length)).slice(0, LONG_TEXT_LENGTH);
}

/**
 * Texts that break naive renderers. Each one appears somewhere in `buildHostileReport()`, so a
 * test can check it survives a format unchanged (as text) and injects nothing.
 */
export const HOSTILE_TEXTS = {
  script: '<script>alert("owned")</script>',
  imageHandler: '<img src=x onerror=alert(1)>',
  closingMarkup: '</td></tr></table></section><h1>Injected</h1><style>body{display:none}</style>',
  pipes: 'left | middle || right \\| escaped',
  backticks: '``` fenced ``` and `inline` code',
  leadingHash: '# Injected heading',
  markdownLink: '[click me](javascript:alert(1)) and ![image](https://evil.example/pixel.png)',
  referenceDefinition: '[1]: https://evil.example/definition',
  bareLinks: 'see https://evil.example/path, //evil.example/relative, www.evil.example and owner@evil.example',
  formulaCommand: "=cmd|' /C calc'!A0",
  formulaPlus: '+1',
  formulaAt: '@SUM(A1:A9)',
  markdownBlocks: '1. ordered\n---\n> quote\n- item\n    indented code\n| a | b |',
  entities: '&amp; &lt;b&gt; &#x3C;script&#x3E;',
  arabic: 'تحليل استراتيجي للشركة: نمو الإيرادات ١٢٪',
  hebrew: 'ניתוח אסטרטגי של החברה',
  cjk: '战略分析报告，日本語のテキスト，한국어 보고서',
  emoji: 'Growth 📈🚀 team 👩🏽‍💼 market 🇯🇵',
  bidiOverride: 'invoice \u202Efdp.exe\u202C done',
  long: longText('Long <b>unbroken</b> text | with = signs & [links](x) '),
} as const;

/** URLs a renderer must never turn into a link (or only into the http(s) link they are). */
export const HOSTILE_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(document.cookie)',
  ' javascript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  '//evil.example/protocol-relative',
  'https://example.com/search?q="><script>alert(1)</script>',
] as const;

/** Cited ids that no evidence in the hostile report has. */
export const UNKNOWN_EVIDENCE_IDS = ['ev_0000000000000000', '"><script>alert(1)</script>'] as const;

/** A schema-valid report whose every free text tries to break out of its format. */
export function buildHostileReport(): Report {
  const base = buildSampleReport();
  const text = HOSTILE_TEXTS;
  const hostileEvidence = HOSTILE_URLS.map((url, index) =>
    evidence({
      kind: 'web', title: [text.script, text.pipes, text.leadingHash, text.markdownLink, text.arabic, text.cjk, text.emoji, text.formulaCommand][index] ?? text.hebrew,
      url,
      publisher: index === 0 ? text.closingMarkup : text.formulaAt,
      publishedAt: text.formulaPlus,
      excerpt: index === 0 ? text.markdownBlocks : `${text.entities} ${text.bidiOverride} ${text.backticks}`,
      locator: `${text.referenceDefinition} #${index}`,
      attributes: { [text.script]: text.pipes, [text.arabic]: index },
    }),
  );
  const ids = hostileEvidence.map((entry) => entry.id);
  const cite = (content: string, ...extra: string[]): CitedItem => ({ text: content, evidenceIds: [ids[0]!, ...extra] });
  const report = buildSampleReport({
    status: 'partial',
    company: { name: `${text.script} ${text.pipes} ${text.arabic}`, ticker: text.formulaCommand, industry: text.leadingHash, description: text.markdownBlocks },
    request: { ...base.request, company: text.script, context: text.markdownBlocks },
    evidence: [...base.evidence, ...hostileEvidence],
    warnings: [text.long, text.script, text.bidiOverride, text.emoji],
  });
  const porter = report.frameworks.porter!;
  porter.forces[0] = { ...porter.forces[0]!, rationale: text.closingMarkup, drivers: [cite(text.pipes), cite(text.markdownLink, UNKNOWN_EVIDENCE_IDS[1])] };
  porter.summary = text.leadingHash;
  report.frameworks.swot!.strengths.push(cite(text.imageHandler), cite(text.hebrew), cite(text.referenceDefinition), cite(text.bareLinks));
  report.frameworks.pestel!.legal.push({ ...cite(text.formulaCommand, UNKNOWN_EVIDENCE_IDS[0]), impact: 'negative' });
  report.frameworks.blue_ocean!.strategyCanvas.push({ factor: text.pipes, company: 4, competitors: 9, evidenceIds: [ids[1]!] });
  report.frameworks.blue_ocean!.create.push(cite(text.backticks, ids[2]!, ids[3]!));
  report.synthesis = {
    ...report.synthesis,
    executiveSummary: `${text.leadingHash}\n${text.script} ${text.arabic} ${text.cjk}`,
    summaryEvidenceIds: [ids[0]!, UNKNOWN_EVIDENCE_IDS[0]],
    keyFindings: [cite(text.markdownBlocks), cite(text.entities, ids[4]!), cite(text.emoji, ids[5]!, ids[6]!, ids[7]!)],
    recommendations: [{ ...cite(text.formulaPlus), rationale: text.pipes, priority: 'high', horizon: 'now' }, ...report.synthesis.recommendations],
    risks: [cite(text.formulaAt, UNKNOWN_EVIDENCE_IDS[1])],
    nextSteps: [text.leadingHash, text.referenceDefinition, text.bidiOverride],
    contextResponse: cite(text.closingMarkup),
  };
  const financials = report.financials!;
  financials.facts[0] = { ...financials.facts[0]!, label: text.long, concept: text.script, accession: text.pipes };
  financials.metrics[0] = { ...financials.metrics[0]!, label: text.formulaCommand, formula: text.long };
  report.quality.issues.push({ severity: 'critical', dimension: 'consistency', section: text.pipes, message: text.closingMarkup });
  report.confidence = { ...report.confidence, rationale: text.long, dataGaps: [{ source: text.script, reason: text.long, impact: 'high' }] };
  report.generator.parts[text.script] = { kind: 'extractive', fallbackReason: text.long };
  report.usage.byStep[text.pipes] = { inputTokens: 1, outputTokens: 1, cachedTokens: 0, costUsd: 0.0001, calls: 1 };
  report.timings.steps[text.leadingHash] = 1_500;
  return report;
}

/** What every export of `report` must show, derived from the report alone (not from a renderer). */
export interface ExpectedReportContent {
  headings: string[];
  recommendations: string[];
  citedEvidenceTitles: string[];
  citedIds: string[];
}

const CITATION_KEYS = new Set(['evidenceIds', 'summaryEvidenceIds', 'evidenceId']);

function collectCitedIds(value: unknown, into: Set<string>, key = ''): void {
  if (typeof value === 'string') {
    if (CITATION_KEYS.has(key)) into.add(value);
  } else if (Array.isArray(value)) {
    for (const entry of value) collectCitedIds(entry, into, key);
  } else if (value !== null && typeof value === 'object') {
    for (const [childKey, child] of Object.entries(value)) collectCitedIds(child, into, childKey);
  }
}

export function expectedReportContent(report: Report): ExpectedReportContent {
  const hasContext = report.synthesis.contextResponse !== undefined || report.request.context !== undefined;
  const headings: string[] = Object.entries(REPORT_SECTIONS)
    .filter(([key]) => key !== 'contextResponse' || hasContext)
    .map(([, section]) => section.title);
  for (const name of FRAMEWORK_NAMES) if (report.frameworks[name] !== undefined) headings.push(FRAMEWORK_TITLES[name]);
  if (report.financials !== undefined) headings.push('Metrics', 'Reported facts');
  const cited = new Set<string>();
  const { evidence: _evidence, ...body } = report;
  collectCitedIds(body, cited);
  const titles = report.evidence.filter((entry) => cited.has(entry.id)).map((entry) => entry.title);
  return { headings, recommendations: report.synthesis.recommendations.map((item) => item.text), citedEvidenceTitles: titles, citedIds: [...cited] };
}
