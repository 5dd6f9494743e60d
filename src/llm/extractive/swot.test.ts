import { describe, expect, it } from 'vitest';
import { SwotResult } from '../../reports/model/frameworks.js';
import type { FinancialMetric } from '../../reports/model/financials.js';
import { buildPassages } from './passages.js';
import { classifySwot, extractSwot } from './swot.js';
import { formatMetric, latestMetrics, metricFindings } from './swot-metrics.js';
import { briefOf, citedIds, fixtureBrief } from './test-fixtures.js';

function quadrantOf(sentence: string): string | undefined {
  const [passage] = buildPassages(briefOf([sentence]));
  return passage === undefined ? undefined : classifySwot(passage)?.quadrant;
}

function metric(key: string, value: number, unit: FinancialMetric['unit'], evidenceIds: string[], fiscalYear = 2024, fiscalPeriod = 'FY'): FinancialMetric {
  return {
    key,
    label: key.replace(/_/g, ' '),
    value,
    unit,
    fiscalYear,
    fiscalPeriod,
    formula: 'test',
    facts: [{ concept: 'us-gaap:Revenues', fiscalYear, fiscalPeriod, accession: 'acc', value: 1 }],
    evidenceIds,
  };
}

describe('SWOT classification', () => {
  it.each([
    ['Orchardly Systems holds 41 granted patents and proprietary vision models.', 'strengths'],
    ['We rely on a single supplier and recorded an operating loss of $9.5 million.', 'weaknesses'],
    ['The precision weeding market is forecast to grow at a 21% CAGR as demand rises.', 'opportunities'],
    ['New tariffs of 25% on imported components and stricter regulation threaten the industry.', 'threats'],
    ['Competition is intensifying as rivals cut prices.', 'threats'],
  ] as const)('puts “%s” under %s', (sentence, quadrant) => {
    expect(quadrantOf(sentence)).toBe(quadrant);
  });

  it('skips sentences without polarity', () => {
    expect(quadrantOf('The robots are painted green and weigh 300 kilograms.')).toBeUndefined();
  });
});

describe('financial metrics in the SWOT', () => {
  it('turns growth into a strength and losses and leverage into weaknesses, citing the metric evidence', () => {
    const brief = briefOf(['Orchardly Systems filed its annual report.']);
    const id = brief.evidence[0]?.id ?? '';
    const findings = metricFindings(
      [metric('revenue_growth', 0.38, 'ratio', [id]), metric('operating_margin', -0.2, 'ratio', [id]), metric('debt_to_equity', 2.6, 'ratio', [id]), metric('free_cash_flow', -4_000_000, 'USD', [id])],
      new Set([id]),
    );
    expect(findings.map((finding) => [finding.metric.key, finding.quadrant])).toEqual([
      ['revenue_growth', 'strengths'],
      ['operating_margin', 'weaknesses'],
      ['debt_to_equity', 'weaknesses'],
      ['free_cash_flow', 'weaknesses'],
    ]);
    expect(findings[0]?.item.text).toContain('38.0%');
    expect(findings.every((finding) => finding.item.evidenceIds.join() === id)).toBe(true);
  });

  it('ignores metrics whose evidence the run never retrieved', () => {
    expect(metricFindings([metric('revenue_growth', 0.1, 'ratio', ['ev_0000000000000000'])], new Set(['ev_1111111111111111']))).toEqual([]);
  });

  it('uses the latest annual value of each metric and formats units', () => {
    const latest = latestMetrics([metric('revenue_growth', 0.1, 'ratio', [], 2023), metric('revenue_growth', 0.2, 'ratio', [], 2024, 'Q2'), metric('revenue_growth', 0.3, 'ratio', [], 2024)]);
    expect(latest.map((entry) => entry.value)).toEqual([0.3]);
    expect(formatMetric(metric('revenue', -1_250_000, 'USD', []))).toBe('-$1.3M');
    expect(formatMetric(metric('gross_margin', 45, 'percent', []))).toBe('45.0%');
    expect(formatMetric(metric('debt_to_equity', 2.6, 'ratio', []))).toBe('2.60');
  });
});

describe('extractSwot', () => {
  it('fills all quadrants from the fixture, metrics first, within the depth budget', () => {
    const brief = fixtureBrief();
    const result = SwotResult.parse(extractSwot(brief));
    expect(result.strengths[0]?.text).toMatch(/^Revenue grew 38\.0%/);
    expect(result.weaknesses.some((item) => /Operating loss/.test(item.text))).toBe(true);
    expect(result.opportunities.some((item) => /21% CAGR/.test(item.text))).toBe(true);
    expect(result.threats.some((item) => /tariffs/.test(item.text))).toBe(true);
    for (const quadrant of [result.strengths, result.weaknesses, result.opportunities, result.threats]) expect(quadrant.length).toBeLessThanOrEqual(5);
    const known = new Set(brief.evidence.map((evidence) => evidence.id));
    expect(citedIds(result).every((id) => known.has(id))).toBe(true);
  });

  it('never uses one sentence in two quadrants', () => {
    const result = extractSwot(fixtureBrief({ depth: 'deep' }));
    const texts = [...result.strengths, ...result.weaknesses, ...result.opportunities, ...result.threats].map((item) => item.text);
    expect(new Set(texts).size).toBe(texts.length);
  });

  it('returns empty quadrants and says so without evidence', () => {
    const result = SwotResult.parse(extractSwot(briefOf([])));
    expect(result).toMatchObject({ strengths: [], weaknesses: [], opportunities: [], threats: [] });
    expect(result.summary).toMatch(/No evidence/);
  });
});

describe('who the sentence is about', () => {
  const quadrantsOf = (excerpts: string[]): Record<string, string[]> => {
    const result = extractSwot(briefOf(excerpts));
    return { strengths: result.strengths.map((item) => item.text), weaknesses: result.weaknesses.map((item) => item.text), opportunities: result.opportunities.map((item) => item.text), threats: result.threats.map((item) => item.text) };
  };

  it('treats a lawsuit against the company as a threat, never a strength', () => {
    const suit = 'In March 2025 TerraPulse filed a patent-infringement suit against Orchardly Systems, alleging that its sensor design infringes two TerraPulse patents.';
    const quadrants = quadrantsOf([suit, 'TerraPulse competes with Orchardly in Spain.']);
    expect(quadrants.threats).toContain(suit);
    expect(quadrants.strengths).not.toContain(suit);
  });

  it("reads a rival's move as a threat and a rival's weak spot as an opportunity", () => {
    const move = 'The strongest competitive move of 2025 is the Harvestar partnership, which combines cheaper robots with the dominant machinery dealer network.';
    const weakSpot = 'Its robots face tariffs on imported parts, and several states bar public agencies from buying them.';
    const quadrants = quadrantsOf([`Harvestar is the volume leader in weeding robots, and it competes with Orchardly everywhere. ${weakSpot}`, move]);
    expect(quadrants.threats).toContain(move);
    expect(quadrants.strengths).not.toContain(move);
    expect(quadrants.opportunities).toContain(weakSpot);
  });

  it('files a tariff risk that names the company under threats, not weaknesses', () => {
    const risk = "Orchardly's suppliers in Mexico have not been affected so far, but the team rates a further escalation of tariffs on Taiwan-made electronics as a medium-likelihood risk.";
    const quadrants = quadrantsOf([risk]);
    expect(quadrants.threats).toContain(risk);
    expect(quadrants.weaknesses).not.toContain(risk);
  });

  it('does not read "not affected" after a list of losses as a weakness, nor instructions as findings', () => {
    const quadrants = quadrantsOf([
      'Revenue, operating loss and net loss were not affected, and our controls over new contract types have since been strengthened.',
      'Fund a second camera design with a local optics supplier, budgeted at $1.6 million over 12 months.',
    ]);
    expect(Object.values(quadrants).flat()).toEqual([]);
  });
});
