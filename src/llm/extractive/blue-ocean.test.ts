import { describe, expect, it } from 'vitest';
import { BlueOceanResult } from '../../reports/model/frameworks.js';
import type { CanvasFactor } from '../../reports/model/frameworks.js';
import { extractBlueOcean } from './blue-ocean.js';
import { briefOf, citedIds, fixtureBrief } from './test-fixtures.js';

function factor(result: BlueOceanResult, name: string): CanvasFactor | undefined {
  return result.strategyCanvas.find((entry) => entry.factor === name);
}

describe('ERRC moves', () => {
  it('files sentences under the move they express', () => {
    const result = extractBlueOcean(
      briefOf([
        'The Orchardly Scout sensor eliminates the need for manual crop scouting.',
        'Orchardly cut herbicide use by 90% and reduces labour costs per hectare.',
        'Orchardly will raise detection accuracy with a new camera in 2025.',
        'Orchardly launched a new service that lets growers rent robots by the hour.',
      ]),
    );
    expect(result.eliminate[0]?.text).toMatch(/^Eliminate: .*eliminates the need/);
    expect(result.reduce[0]?.text).toMatch(/^Reduce: .*herbicide use/);
    expect(result.raise[0]?.text).toMatch(/^Raise: .*accuracy/);
    expect(result.create[0]?.text).toMatch(/^Create: .*new service/);
  });

  it('leaves out moves made by rivals or the economy', () => {
    const result = extractBlueOcean(briefOf(['Higher interest rates have raised financing costs for farm equipment.', 'Competitors cut prices by 20% this year.']));
    expect([...result.raise, ...result.reduce].some((item) => /interest rates|Competitors cut/.test(item.text))).toBe(false);
  });

  it('derives moves from SWOT weaknesses and opportunities when no sentence expresses one', () => {
    const result = extractBlueOcean(
      briefOf(['Orchardly lags Harvestar in service coverage outside California, a costly weakness.', 'Demand for precision weeding is forecast to grow 21% a year in Europe.']),
    );
    expect(result.create.some((item) => /derived from SWOT/.test(item.text) && /21%/.test(item.text))).toBe(true);
    expect(result.summary).toMatch(/derived from the SWOT/);
  });
});

describe('strategy canvas', () => {
  it('reads comparative language into company and competitor levels', () => {
    const result = extractBlueOcean(
      briefOf([
        'Orchardly robots are twice as accurate as Harvestar machines at identifying weeds.',
        'Orchardly is cheaper than TerraPulse on a per-hectare basis.',
        'Harvestar competes with Orchardly across California.',
        'Orchardly lags Harvestar in service coverage outside California.',
      ]),
    );
    const quality = factor(result, 'Quality and accuracy');
    const price = factor(result, 'Price');
    const service = factor(result, 'Service');
    expect(quality !== undefined && quality.company > quality.competitors).toBe(true);
    expect(price !== undefined && price.company < price.competitors).toBe(true);
    expect(service !== undefined && service.company < service.competitors).toBe(true);
    expect(quality?.evidenceIds.length).toBe(1);
  });

  it('attributes a comparison to the competitor when the competitor is its subject', () => {
    // A name opening a sentence counts once the evidence also names it mid-sentence.
    const result = extractBlueOcean(briefOf(['Harvestar machines are faster than Orchardly robots in open fields.', 'Orchardly competes with Harvestar in Spain.']));
    const speed = factor(result, 'Speed');
    expect(speed !== undefined && speed.company < speed.competitors).toBe(true);
  });

  it('has four to eight factors when the evidence discusses any, and none without evidence', () => {
    const result = BlueOceanResult.parse(extractBlueOcean(fixtureBrief({ depth: 'deep' })));
    expect(result.strategyCanvas.length).toBeGreaterThanOrEqual(4);
    expect(result.strategyCanvas.length).toBeLessThanOrEqual(8);
    const thin = extractBlueOcean(briefOf(['Orchardly is cheaper than TerraPulse.']));
    expect(thin.strategyCanvas).toHaveLength(4);
    expect(thin.strategyCanvas.filter((entry) => entry.evidenceIds.length === 0).every((entry) => entry.company === 5 && entry.competitors === 5)).toBe(true);
    const empty = BlueOceanResult.parse(extractBlueOcean(briefOf([])));
    expect(empty).toMatchObject({ eliminate: [], reduce: [], raise: [], create: [], strategyCanvas: [] });
    expect(empty.summary).toMatch(/No evidence/);
  });

  it('cites only evidence in the brief', () => {
    const brief = fixtureBrief();
    const known = new Set(brief.evidence.map((evidence) => evidence.id));
    expect(citedIds(extractBlueOcean(brief)).every((id) => known.has(id))).toBe(true);
  });
});
