import { describe, expect, it } from 'vitest';
import { PORTER_FORCES, PorterResult } from '../../reports/model/frameworks.js';
import type { PorterForceName } from '../../reports/model/frameworks.js';
import { buildPassages } from './passages.js';
import { attractivenessOf, classifyForce, extractPorter, forceIntensity, levelOf } from './porter.js';
import { forcePressure, forceSignals } from './porter-signals.js';
import { briefOf, citedIds, fixtureBrief } from './test-fixtures.js';

function classify(sentence: string): PorterForceName | undefined {
  const [passage] = buildPassages(briefOf([sentence]));
  return passage === undefined ? undefined : classifyForce(passage)?.force;
}

function intensity(sentence: string, force: PorterForceName): number {
  const [passage] = buildPassages(briefOf([sentence]));
  if (passage === undefined) throw new Error('no passage');
  return forceIntensity(passage, force).value;
}

describe('force classification', () => {
  it.each([
    ['We rely on a sole source supplier for camera modules.', 'supplier_power'],
    ['Lead times for GPU components lengthened to 26 weeks.', 'supplier_power'],
    ['The three largest customers negotiate volume discounts every season.', 'buyer_power'],
    ['Competitors cut prices by 20% in a price war for market share.', 'competitive_rivalry'],
    ['Barriers to entry are falling as venture-backed start-ups enter the market.', 'threat_of_new_entrants'],
    ['Herbicide spraying remains a cheaper alternative and a common substitute.', 'threat_of_substitutes'],
  ] as const)('puts “%s” under %s', (sentence, force) => {
    expect(classify(sentence)).toBe(force);
  });

  it('matches whole words only', () => {
    expect(classify('The arrival of spring delayed planting.')).toBeUndefined();
  });
});

describe('force intensity', () => {
  it('reads sole sourcing as strong and multiple suppliers as weak supplier power', () => {
    expect(intensity('We depend on a sole source supplier for optics.', 'supplier_power')).toBeGreaterThan(0);
    expect(intensity('Components are bought from multiple suppliers and are interchangeable.', 'supplier_power')).toBeLessThan(0);
  });

  it('turns modifiers around where barriers and switching costs are concerned', () => {
    expect(intensity('Barriers to entry are high because capital requirements are high.', 'threat_of_new_entrants')).toBeLessThan(0);
    expect(intensity('Barriers to entry are low.', 'threat_of_new_entrants')).toBeGreaterThan(0);
    expect(intensity('Switching costs are low for most customers.', 'buyer_power')).toBeGreaterThan(0);
    expect(intensity('High switching costs keep customers locked in.', 'buyer_power')).toBeLessThan(0);
  });

  it('counts concentration figures and negations', () => {
    expect(intensity('The top two customers account for 62% of revenue.', 'buyer_power')).toBe(2);
    expect(intensity('Customers are not price sensitive.', 'buyer_power')).toBeLessThan(0);
  });
});

describe('extractPorter', () => {
  it('rates a force from the direction of its evidence', () => {
    const strong = extractPorter(briefOf(['We rely on a sole source supplier, Kestrel Optics, for every camera.', 'Only two vendors can supply our drive motors, and supplier price increases reached 18% in 2024.']));
    const weak = extractPorter(briefOf(['Our components come from multiple suppliers and are interchangeable commodity components.', 'Supplier lead times shortened to 4 weeks and supply is abundant.']));
    const rating = (result: PorterResult): number => result.forces.find((force) => force.force === 'supplier_power')?.rating ?? 0;
    expect(rating(strong)).toBeGreaterThanOrEqual(4);
    expect(rating(weak)).toBeLessThanOrEqual(2);
  });

  it('returns all five forces with drivers that cite the sentences they quote', () => {
    const brief = fixtureBrief();
    const result = PorterResult.parse(extractPorter(brief));
    expect(result.forces.map((force) => force.force)).toEqual([...PORTER_FORCES]);
    const supplier = result.forces.find((force) => force.force === 'supplier_power');
    expect(supplier?.drivers.some((driver) => driver.text.includes('sole source supplier'))).toBe(true);
    const byId = new Map(brief.evidence.map((evidence) => [evidence.id, evidence]));
    for (const force of result.forces) {
      expect(force.level).toBe(levelOf(force.rating));
      for (const driver of force.drivers) {
        expect(driver.evidenceIds.length).toBeGreaterThan(0);
        expect(driver.evidenceIds.some((id) => byId.get(id)?.excerpt.includes(driver.text.slice(0, 40)))).toBe(true);
      }
    }
  });

  it('quotes the figures of its top sentences in the rationale', () => {
    const supplier = extractPorter(fixtureBrief()).forces.find((force) => force.force === 'supplier_power');
    expect(supplier?.rationale).toMatch(/26 weeks|18%/);
  });

  it('cites only evidence in the brief', () => {
    const brief = fixtureBrief();
    const known = new Set(brief.evidence.map((evidence) => evidence.id));
    expect(citedIds(extractPorter(brief)).every((id) => known.has(id))).toBe(true);
  });

  it('says evidence is missing when there is none', () => {
    const result = PorterResult.parse(extractPorter(briefOf([])));
    expect(result.forces).toHaveLength(5);
    for (const force of result.forces) {
      expect(force).toMatchObject({ rating: 3, level: 'medium', drivers: [], evidenceIds: [] });
      expect(force.rationale).toMatch(/^No evidence retrieved about/);
    }
    expect(result.industryAttractiveness).toBe(3);
    expect(result.summary).toMatch(/No evidence/);
  });

  it('makes attractiveness the inverse of the mean rating', () => {
    const force = (rating: number) => ({ force: 'buyer_power' as const, rating, level: levelOf(rating), rationale: 'x', drivers: [], evidenceIds: [] });
    expect(attractivenessOf([force(5), force(5), force(4)])).toBe(1);
    expect(attractivenessOf([force(1), force(2), force(1)])).toBe(5);
    expect(attractivenessOf([force(3)])).toBe(3);
  });
});

describe('ratings that respond to how hard the evidence presses', () => {
  const rated = (excerpts: string[]): Record<PorterForceName, number> =>
    Object.fromEntries(extractPorter(briefOf(excerpts)).forces.map((force) => [force.force, force.rating])) as Record<PorterForceName, number>;

  it('rates buyers powerful from concentration, discount and tender evidence, and entry hard from capital needs', () => {
    const ratings = rated([
      'Cooperatives, retailers and large farming companies, which together represent about 45% of revenue, negotiate discounts of 15–25%, run formal tenders and deliberately multi-source.',
      'Large buyers increasingly run formal requests for proposals every two to three years and ask for volume discounts of 15–25%.',
      'Reaching national coverage costs a new entrant $40–60 million over three to four years.',
      'A new entrant needs a dealer channel, aviation approvals and licensing support before it can sell.',
      'Satellite imagery is good enough for many routine decisions, but satellites remain limited by cloud cover and cannot see individual weeds.',
    ]);
    expect(ratings.buyer_power).toBeGreaterThanOrEqual(4);
    expect(ratings.threat_of_new_entrants).toBeLessThanOrEqual(2);
    expect(ratings.threat_of_substitutes).toBe(3);
  });

  it('rates supplier power high from concentration, single sourcing and lead times, with a rationale that names them', () => {
    const supplier = extractPorter(
      briefOf([
        'The three largest suppliers account for about 40% of the bill-of-materials cost, and five parts are single-sourced.',
        "Luntek's quoted lead time rose from 14 weeks in 2023 to 26 weeks in 2025.",
        'Aurivo raised prices 9% in January 2025 and requires prepayment on large orders.',
      ]),
    ).forces.find((force) => force.force === 'supplier_power');
    expect(supplier?.rating).toBe(5);
    expect(supplier?.rationale).toMatch(/driven by: .*single sourcing \(five parts are single-sourced\)/);
    expect(supplier?.rationale).toMatch(/lead times up to 26 weeks/);
    expect(supplier?.rationale).toMatch(/about 40% of the bill-of-materials cost/);
    expect(supplier?.rationale).not.toMatch(/mixed or neutral/);
  });

  it('lets a phrase about capital shadow the "new entrant" inside it', () => {
    const [passage] = buildPassages(briefOf(['Reaching national coverage costs a new entrant $40–60 million over three years.']));
    if (passage === undefined) throw new Error('no passage');
    const signals = forceSignals(passage, 'threat_of_new_entrants');
    expect(signals.map((signal) => [signal.label, signal.sign])).toEqual([['high capital requirements', -1]]);
    expect(signals[0]?.figure).toBe('$40–60 million');
    expect(forcePressure(signals).net).toBeLessThan(0);
  });

  it('ignores headings and table rows, which name a force without saying anything about it', () => {
    const result = extractPorter(briefOf(['Component Supplier(s) Share of S40 bill of materials Sources Lead time (2025)', 'Supply Chain Memo: Supplier Concentration, Lead Times and Tariffs']));
    expect(result.forces.every((force) => force.drivers.length === 0 && force.rating === 3)).toBe(true);
  });
});
