import { describe, expect, it } from 'vitest';
import { PESTEL_FACTORS, PestelResult } from '../../reports/model/frameworks.js';
import { buildPassages } from './passages.js';
import { classifyPestel, extractPestel, pestelImpact } from './pestel.js';
import { briefOf, citedIds, fixtureBrief } from './test-fixtures.js';

function classify(sentence: string): { factor?: string; impact?: string } {
  const [passage] = buildPassages(briefOf([sentence]));
  if (passage === undefined) return {};
  return { factor: classifyPestel(passage)?.factor, impact: pestelImpact(passage) };
}

describe('PESTEL classification', () => {
  it.each([
    ['The government of Spain announced a subsidy for mechanical weeding equipment.', 'political', 'positive'],
    ['New tariffs on imported robotics components took effect under the new trade policy.', 'political', 'negative'],
    ['Higher interest rates and inflation have raised financing costs for growers.', 'economic', 'negative'],
    ['An ageing workforce and a skills gap slow adoption in rural areas.', 'social', 'negative'],
    ['Machine learning and computer vision now run on low-cost sensors.', 'technological', 'neutral'],
    ['Drought and climate change cut water allocations by a third.', 'environmental', 'negative'],
    ['A patent litigation case and new privacy regulation add compliance costs.', 'legal', 'negative'],
  ] as const)('puts “%s” under %s with %s impact', (sentence, factor, impact) => {
    expect(classify(sentence)).toEqual({ factor, impact });
  });
});

describe('extractPestel', () => {
  it('covers every factor of the fixture and cites only known evidence', () => {
    const brief = fixtureBrief();
    const result = PestelResult.parse(extractPestel(brief));
    for (const factor of PESTEL_FACTORS) expect(result[factor].length).toBeGreaterThan(0);
    const known = new Set(brief.evidence.map((evidence) => evidence.id));
    expect(citedIds(result).every((id) => known.has(id))).toBe(true);
    expect(result.legal.some((item) => /privacy/.test(item.text) && item.impact === 'negative')).toBe(true);
  });

  it('is empty and says so without evidence', () => {
    const result = PestelResult.parse(extractPestel(briefOf([])));
    for (const factor of PESTEL_FACTORS) expect(result[factor]).toEqual([]);
    expect(result.summary).toMatch(/No evidence/);
  });
});

describe('PESTEL impact of undone support and of rules that hit rivals', () => {
  it('reads a terminated grant program as negative', () => {
    expect(classify('A federal grant program for climate-smart commodities was terminated in spring 2025, ending funding for two grower pilots.')).toEqual({ factor: 'political', impact: 'negative' });
    expect(classify('Federal funding for weeding pilots was cut by half in 2025.').impact).toBe('negative');
  });

  it('reads a restriction on a named rival as favourable to the company', () => {
    const result = extractPestel(briefOf(['Orchardly competes with Harvestar across Europe. Harvestar is the volume leader in weeding robots. Its robots face new tariffs and federal restrictions on imported drones.']));
    const item = result.political.find((entry) => /restrictions/.test(entry.text));
    expect(item?.impact).toBe('positive');
  });

  it('leaves out the company’s own reported line items', () => {
    expect(classify('R&D expenses increased $571 million, or 14%, in the year ended December 31, 2024 as compared to the prior year.').factor).toBeUndefined();
  });
});
