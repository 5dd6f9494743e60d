import { describe, expect, it } from 'vitest';
import { competitorNames, extractMarketSignals, MarketOverview } from './market.js';
import { briefOf, citedIds, evidenceFor, fixtureBrief } from './test-fixtures.js';

describe('extractMarketSignals', () => {
  it('names competitors near competition cues, never the company itself or generic words', () => {
    const brief = fixtureBrief();
    const overview = MarketOverview.parse(extractMarketSignals(brief));
    const names = overview.competitors.map((competitor) => competitor.name);
    expect(names).toEqual(expect.arrayContaining(['Harvestar', 'TerraPulse']));
    expect(names.some((name) => /Orchardly|Competition|California/.test(name))).toBe(false);
    const harvestar = overview.competitors.find((competitor) => competitor.name === 'Harvestar');
    expect(harvestar?.evidenceIds).toContain(evidenceFor('competition').id);
  });

  it('reports market size and growth statements with their figures', () => {
    const overview = extractMarketSignals(fixtureBrief());
    expect(overview.marketSize[0]?.figures).toContain('$1.9 billion');
    expect(overview.growth[0]?.figures).toContain('21%');
    expect(overview.pricing.some((signal) => signal.figures.includes('$180'))).toBe(true);
    expect(overview.segments.length).toBeGreaterThan(0);
  });

  it('does not take a capitalised name far from any competition cue', () => {
    expect(competitorNames(briefOf(['Kestrel Optics supplies the camera modules for every robot.']))).toEqual([]);
    expect(competitorNames(briefOf(['Orchardly competes head-to-head with AgriNova in Spain.']))).toEqual(['AgriNova']);
  });

  it('cites only known evidence, and says the market is unknown without evidence', () => {
    const brief = fixtureBrief();
    const known = new Set(brief.evidence.map((evidence) => evidence.id));
    expect(citedIds(extractMarketSignals(brief)).every((id) => known.has(id))).toBe(true);
    const empty = MarketOverview.parse(extractMarketSignals(briefOf([])));
    expect(empty).toMatchObject({ competitors: [], marketSize: [], growth: [], segments: [], pricing: [] });
    expect(empty.summary).toMatch(/No market evidence/);
  });
});

describe('competitor names', () => {
  it('leaves out product codes, places, courts, agencies and ordinary words that open a sentence', () => {
    const names = competitorNames(
      briefOf([
        'Its XF-T45 lists at $21,500 and competes against the $31,900 Orchardly S40.',
        'Harvestar is the volume leader, with 49% of North American unit sales.',
        'Model S and Model X compete primarily with premium sedans and premium SUVs.',
        'TerraPulse competes with Orchardly in Spain, and the rivalry is fierce in the U.S. market.',
        'Competition from Harvestar hurt Operating margins in 2024.',
        'Operating costs rose as rivals cut prices.',
        'Harvestar cut its operating budget.',
        'Labor unions filed unfair labor practice charges against us with the National Labor Relations Board.',
        'Cortex, our training cluster, differentiates us from our competitors.',
      ]),
    );
    expect(names).toEqual(expect.arrayContaining(['Harvestar', 'TerraPulse']));
    expect(names.filter((name) => /\d|Model|SUVs|North American|Operating|National Labor|Cortex|U\.S/.test(name))).toEqual([]);
  });

  it('merges a firm named with and without its suffix and skips offerings "no competitor" has', () => {
    const names = competitorNames(
      briefOf([
        'Castellan Equipment is the largest threat to Orchardly in analytics.',
        'Castellan competes with Orchardly through its dealers.',
        'Several growers switched from Orchardly to Castellan last season.',
        'Orchardly will create offerings no competitor has, such as Verified Practices reports.',
      ]),
    );
    expect(names).toEqual(['Castellan']);
  });

  it('reads a market growth rate even when the sentence calls the market "it"', () => {
    const overview = extractMarketSignals(briefOf(['The precision weeding market was about $6.8 billion in 2024.', 'Analysts expect it to grow at a compound annual rate of 12.5% to roughly $12.3 billion in 2029.']));
    expect(overview.marketSize[0]?.figures).toContain('$6.8 billion');
    expect(overview.growth.flatMap((signal) => signal.figures)).toContain('12.5%');
  });
});
