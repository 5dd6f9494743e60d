import { describe, expect, it } from 'vitest';
import { fitAction, itemAction, MAX_ACTION_CHARS, themeOf } from './action-themes.js';
import type { ItemRole, ThemeContext } from './action-themes.js';
import { startsWithActionVerb } from './framework-items.js';

const context: ThemeContext = {
  company: 'Orchardly Systems',
  texts: ['Tariffs on Chinese-origin batteries and drone components raised landed costs by 9.6% in 2025.'],
  itemTexts: [],
  competitors: ['Harvestar', 'TerraPulse'],
  levers: ['accuracy', 'service'],
  tariffs: true,
  supplies: ['camera modules'],
  nameWords: new Set(['harvestar', 'terrapulse', 'orchardly']),
};

describe('actions built from items', () => {
  it.each([
    ['threat', 'In March 2025 TerraPulse filed a patent-infringement suit against Orchardly Systems in federal court.', 'litigation', /^Contain the TerraPulse patent suit: fund the defence and have a design-around ready before trial\.$/],
    ['threat', 'Tariff changes in 2025 raised the landed cost of a robot by about $1,850, or 9.6%.', 'tariffs', /^Shift sourcing of Chinese-origin batteries and drone components to tariff-free origins .*\(landed cost up about \$1,850\)\.$/],
    ['threat', 'The strongest competitive move of 2025 is the Harvestar partnership with the dominant dealer network.', 'competitor-move', /^Counter the Harvestar partnership by competing on accuracy and service/],
    ['weakness', 'The terms of our debt facilities contain covenant restrictions that may limit our ability to operate.', 'financing', /^Keep headroom under debt covenants/],
    ['opportunity', 'Spray drones are the fastest-growing segment at an expected 21% a year.', 'growth', /^Prioritise spray drones \(.*21% a year.*\)\.$/],
    ['headwind', 'Farm incomes were under pressure throughout 2024 as interest rates rose.', 'demand-pressure', /^Protect demand with financing, leases and subscription pricing/],
  ] as const)('turns a %s (“%s”) into a %s action', (role, text, theme, pattern) => {
    expect(themeOf(text)).toBe(theme);
    const action = itemAction({ text, evidenceIds: [] }, role as ItemRole, context);
    expect(action?.theme).toBe(theme);
    expect(action?.text).toMatch(pattern);
    expect(startsWithActionVerb(action?.text ?? '')).toBe(true);
    expect(startsWithActionVerb(action?.step ?? '')).toBe(true);
    expect(action?.text ?? '').not.toMatch(/[“”…]/);
  });

  it('proposes nothing when the topic is a pronoun or a single word', () => {
    expect(itemAction({ text: 'Its position is still weak in the eastern states.', evidenceIds: [] }, 'opportunity', context)).toBeUndefined();
    expect(itemAction({ text: 'Adoption is still early, which leaves room to grow.', evidenceIds: [] }, 'opportunity', context)).toBeUndefined();
  });

  it('fits an action to the limit by dropping its parenthesis, then its second clause, never with an ellipsis', () => {
    const long = `Qualify second sources for ${'critical '.repeat(20)}parts, and lock in terms with the largest suppliers (about 40% of the bill-of-materials cost)`;
    const fitted = fitAction(long);
    expect(fitted.length).toBeLessThanOrEqual(MAX_ACTION_CHARS);
    expect(fitted).not.toMatch(/…|\(/);
    expect(fitted).toMatch(/^Qualify second sources .*\.$/);
  });
});
