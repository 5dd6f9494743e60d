import { makeEvidence } from '../../reports/model/evidence.js';
import type { Evidence, EvidenceDraft } from '../../reports/model/evidence.js';
import type { FinancialMetric } from '../../reports/model/financials.js';
import type { Depth } from '../../reports/model/report.js';
import type { AnalysisBrief } from '../analyst.js';

/**
 * Test fixtures: evidence about Orchardly Systems, a fictional maker of autonomous weeding robots
 * and crop sensors. Written for these tests; any resemblance to a real company is accidental.
 * Kept outside `*.test.ts` so several test files share one realistic corpus.
 */
const RETRIEVED_AT = new Date('2025-03-01T00:00:00Z');

export const FIXTURE_DRAFTS = {
  annualReport: {
    kind: 'filing',
    title: 'Orchardly Systems annual report 2024, business section',
    locator: 'annual-report-2024#business',
    publisher: 'Orchardly Systems',
    excerpt:
      'Orchardly Systems revenue grew 38% to $42 million in fiscal 2024, driven by fleet subscriptions in California and Spain. ' +
      'Our proprietary computer vision models identify weeds with 97% accuracy, and the company holds 41 granted patents. ' +
      'Net revenue retention reached 124%, reflecting loyal grower customers who expand their fleets each season. ' +
      'The company recorded an operating loss of $9.5 million as it invested in field service capacity.',
  },
  supplyRisk: {
    kind: 'filing',
    title: 'Orchardly Systems annual report 2024, risk factors',
    locator: 'annual-report-2024#risk-factors',
    publisher: 'Orchardly Systems',
    excerpt:
      'We rely on a sole source supplier, Kestrel Optics, for the multispectral camera modules in every robot. ' +
      'Lead times for GPU components lengthened to 26 weeks in 2024, and input costs for lithium battery packs rose 18%. ' +
      'Only two vendors can supply the ruggedised drive motors we use, which limits our bargaining power with suppliers.',
  },
  competition: {
    kind: 'news',
    title: 'Weeding robot makers fight for share',
    locator: 'agritech-weekly/2024-11-04',
    publisher: 'AgriTech Weekly',
    url: 'https://agritech-weekly.example/2024/11/weeding-robots',
    excerpt:
      'Competition in autonomous weeding is intensifying as Harvestar and TerraPulse cut prices by up to 20% to win market share. ' +
      'Harvestar, the largest rival, competes with Orchardly Systems in almond and vineyard accounts across California. ' +
      'More than 30 competitors now sell robotic or laser weeding systems, up from 12 in 2021. ' +
      'Several well-funded start-ups raised venture capital in 2024 to enter the market.',
  },
  buyers: {
    kind: 'document',
    title: 'Customer interviews, grower cooperative programme',
    locator: 'interviews/growers-2024.md#summary',
    excerpt:
      "The three largest grower cooperatives account for 46% of Orchardly's revenue and negotiate volume discounts every season. " +
      'Growers are highly price sensitive after two years of falling crop prices. ' +
      'Switching costs are low because robots can be leased month to month from several vendors.',
  },
  substitutes: {
    kind: 'web',
    title: 'Weed control options for specialty crops',
    locator: 'extension-guide#options',
    url: 'https://extension.example.edu/weed-control',
    excerpt:
      'Herbicide spraying remains a cheaper alternative for most row crops, costing about $40 per acre. ' +
      'Manual labour crews are the main substitute in organic orchards, although labour shortages make them harder to hire.',
  },
  market: {
    kind: 'market-data',
    title: 'Agricultural robotics market outlook',
    locator: 'market-outlook-2025#weeding',
    publisher: 'Fieldscope Research',
    excerpt:
      'The precision weeding market is valued at $1.9 billion in 2024 and is forecast to grow at a 21% CAGR through 2030. ' +
      'Demand is rising fastest among specialty crop growers and organic farms in Europe. ' +
      'Robot-as-a-service subscriptions are priced at $180 per hectare per season, a 15% discount to outright purchase.',
  },
  regulation: {
    kind: 'news',
    title: 'EU tightens pesticide rules',
    locator: 'policy-desk/2024-09-12',
    publisher: 'Policy Desk',
    url: 'https://policy-desk.example/eu-pesticide-rules',
    excerpt:
      'The European Commission proposed stricter limits on herbicide residues, which would cut permitted glyphosate use by 50% by 2030. ' +
      'The government of Spain announced a subsidy covering 40% of the cost of mechanical weeding equipment. ' +
      'New tariffs of 25% on imported robotics components took effect in the United States in January 2025.',
  },
  macro: {
    kind: 'news',
    title: 'Farm incomes under pressure',
    locator: 'farm-economy/2025-01-20',
    publisher: 'Farm Economy Review',
    url: 'https://farm-economy.example/incomes',
    excerpt:
      'Higher interest rates have raised financing costs for farm equipment, slowing capital spending by growers. ' +
      'Drought in California reduced water allocations for orchards by a third in 2024. ' +
      'An ageing farm workforce and a skills gap in robotics maintenance slow adoption in rural areas.',
  },
  product: {
    kind: 'document',
    title: 'Orchardly product brief',
    locator: 'product/brief.md#positioning',
    excerpt:
      'Orchardly robots are twice as accurate as Harvestar machines at identifying weeds in dense canopy. ' +
      'Orchardly is cheaper than TerraPulse on a per-hectare basis but lags Harvestar in service coverage outside California. ' +
      'The new Orchardly Scout sensor eliminates the need for manual crop scouting and reduces herbicide use by 90%. ' +
      'Orchardly launched an open API in 2024 so growers can integrate weeding data with farm management software.',
  },
  privacy: {
    kind: 'news',
    title: 'Data rules for farm robots',
    locator: 'legal-brief/2024-06-03',
    publisher: 'Legal Brief',
    excerpt:
      'New privacy regulation requires consent before farm robots collect imagery of neighbouring fields, adding compliance costs. ' +
      'A patent litigation case filed by TerraPulse against Orchardly Systems is pending in federal court.',
  },
} satisfies Record<string, EvidenceDraft>;

export type FixtureName = keyof typeof FIXTURE_DRAFTS;

export function fixtureEvidence(names: readonly FixtureName[] = Object.keys(FIXTURE_DRAFTS) as FixtureName[]): Evidence[] {
  return names.map((name) => makeEvidence(FIXTURE_DRAFTS[name], RETRIEVED_AT));
}

export function evidenceFor(name: FixtureName): Evidence {
  return makeEvidence(FIXTURE_DRAFTS[name], RETRIEVED_AT);
}

/** Metrics as the financial step would compute them, citing the annual-report evidence. */
export function fixtureMetrics(evidenceIds: readonly string[]): FinancialMetric[] {
  const fact = { concept: 'us-gaap:Revenues', fiscalYear: 2024, fiscalPeriod: 'FY', accession: '0000000000-25-000001', value: 42_000_000 };
  return [
    { key: 'revenue_growth', label: 'Revenue growth', value: 0.38, unit: 'ratio', fiscalYear: 2024, fiscalPeriod: 'FY', formula: 'revenue / prior revenue - 1', facts: [fact], evidenceIds: [...evidenceIds] },
    { key: 'operating_margin', label: 'Operating margin', value: -0.226, unit: 'ratio', fiscalYear: 2024, fiscalPeriod: 'FY', formula: 'operating income / revenue', facts: [fact], evidenceIds: [...evidenceIds] },
    { key: 'debt_to_equity', label: 'Debt to equity', value: 2.6, unit: 'ratio', fiscalYear: 2024, fiscalPeriod: 'FY', formula: 'total debt / equity', facts: [fact], evidenceIds: [...evidenceIds] },
  ];
}

export function fixtureBrief(overrides: Partial<AnalysisBrief> = {}): AnalysisBrief {
  const evidence = overrides.evidence ?? fixtureEvidence();
  const annualReport = evidence.find((item) => item.locator === FIXTURE_DRAFTS.annualReport.locator);
  return {
    company: { name: 'Orchardly Systems', industry: 'Agricultural robotics' },
    depth: 'standard' as Depth,
    focusTerms: [],
    evidence,
    metrics: annualReport === undefined ? [] : fixtureMetrics([annualReport.id]),
    ...overrides,
  };
}

/** A brief over ad-hoc excerpts (one evidence record each), for tests that need a precise corpus. */
export function briefOf(excerpts: readonly string[], overrides: Partial<AnalysisBrief> = {}): AnalysisBrief {
  const evidence = excerpts.map((excerpt, position) =>
    makeEvidence({ kind: 'document', title: `Excerpt ${position + 1}`, locator: `excerpt-${position + 1}`, excerpt }, RETRIEVED_AT),
  );
  return {
    company: { name: 'Orchardly Systems', industry: 'Agricultural robotics' },
    depth: 'standard',
    focusTerms: [],
    evidence,
    metrics: [],
    ...overrides,
  };
}

/** Every evidence id an output cites, wherever it sits. */
export function citedIds(value: unknown): string[] {
  return [...JSON.stringify(value).matchAll(/ev_[0-9a-f]{16}/g)].map((match) => match[0]);
}
