import { describe, expect, it } from 'vitest';
import type { FrameworkResults } from '../../reports/model/frameworks.js';
import { frameworkItems, startsWithActionVerb, textSpecificity } from './framework-items.js';
import { companyMatcher } from './passages.js';

describe('framework items', () => {
  it('flattens every framework with its section, role and weight', () => {
    const frameworks: FrameworkResults = {
      porter: { forces: [{ force: 'supplier_power', rating: 5, level: 'high', rationale: 'r', drivers: [{ text: 'Sole source.', evidenceIds: ['ev_1'] }], evidenceIds: ['ev_1'] }], industryAttractiveness: 1, summary: 's' },
      pestel: { political: [], economic: [{ text: 'Rates rose.', evidenceIds: [], impact: 'negative' }], social: [], technological: [], environmental: [], legal: [], summary: 's' },
    };
    expect(frameworkItems(frameworks).map((item) => [item.section, item.role, item.label, item.weight])).toEqual([
      ['porter.supplier_power', 'driver', 'Supplier power (5/5)', 2],
      ['pestel.economic', 'headwind', 'Economic headwind', 1],
    ]);
  });

  it('recognises a concrete verb only at the start', () => {
    expect(startsWithActionVerb('Qualify a second supplier.')).toBe(true);
    expect(startsWithActionVerb('Immediately qualify a second supplier.')).toBe(true);
    expect(startsWithActionVerb('Something about how to qualify suppliers.')).toBe(false);
    expect(startsWithActionVerb('')).toBe(false);
  });

  it('does not count the company’s own name as specificity', () => {
    const company = companyMatcher({ name: 'Orchardly Systems' });
    expect(textSpecificity('Orchardly Systems should grow.', company)).toBe(0);
    expect(textSpecificity('Prices fell 20% in 2024 as Harvestar expanded.', company)).toBe(2);
  });
});
