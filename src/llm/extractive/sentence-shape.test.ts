import { describe, expect, it } from 'vitest';
import { hasVerb, isImperative, isStatementText, shapeOf, stripLeadingHeading } from './sentence-shape.js';

describe('shapeOf', () => {
  it.each([
    ['Supply Chain Memo: Supplier Concentration, Lead Times and Tariffs', 'heading'],
    ['Component Supplier(s) Share of S40 bill of materials Sources Lead time (2025)', 'heading'],
    ['Subsidies and incentives U.S.', 'heading'],
    ['HALVERN AGRITECH - COMPETITOR NOTES', 'heading'],
    ['Battery packs Ganwei Energy (78%), Korean supplier (22%) 19% 2 18 weeks', 'table'],
    ['The U.S.', 'fragment'],
    ['trade restrictions, customs regulations, tariffs and price or exchange controls; and preferences in foreign nations.', 'fragment'],
  ] as const)('reads “%s” as a %s', (text, shape) => {
    expect(shapeOf(text)).toBe(shape);
  });

  it.each([
    'The three largest suppliers account for about 40% of the bill-of-materials cost of a Kestrel S40 spray drone.',
    'The three largest customers negotiate volume discounts every season.',
    'Competitors cut prices by 20% in a price war for market share.',
    'Drought and climate change cut water allocations by a third.',
    'A patent litigation case and new privacy regulation add compliance costs.',
    'Drone scouting cuts the time an agronomist spends walking fields by 50–70%.',
    'eBay reported that listings rose sharply in the quarter.',
  ])('reads “%s” as a sentence with a verb', (text) => {
    expect(shapeOf(text)).toBe('sentence');
    expect(hasVerb(text)).toBe(true);
    expect(isStatementText(text)).toBe(true);
  });

  it('does not take a plural noun before a preposition or a capitalised "Lead" for a verb', () => {
    expect(hasVerb('Restrictions on foreign-made drones')).toBe(false);
    expect(hasVerb('Sources Lead time (2025)')).toBe(false);
    expect(hasVerb('Long lead times for chips')).toBe(false);
  });

  it('wants six words for a statement', () => {
    expect(isStatementText('Supplier prices rose.')).toBe(false);
    expect(isStatementText('Supplier prices rose sharply last year.')).toBe(true);
  });
});

describe('stripLeadingHeading', () => {
  it('removes a numbered heading glued to the first sentence of a section', () => {
    expect(stripLeadingHeading("7. Trade policy Tariffs on Chinese-origin batteries raised Halvern's landed cost by 9.6%.")).toBe("Tariffs on Chinese-origin batteries raised Halvern's landed cost by 9.6%.");
    expect(stripLeadingHeading('4. Farm data and privacy There is no comprehensive federal privacy law in the United States.')).toBe('There is no comprehensive federal privacy law in the United States.');
    expect(stripLeadingHeading('3. Restrictions on foreign-made drones Federal agencies may no longer buy drones made abroad.')).toBe('Federal agencies may no longer buy drones made abroad.');
    expect(stripLeadingHeading('Item 1A. Risk Factors The Company faces intense competition in every market.')).toBe('The Company faces intense competition in every market.');
    expect(stripLeadingHeading('9. Outlook - BVLOS rule: favorable for the company once final.')).toBe('BVLOS rule: favorable for the company once final.');
  });

  it('keeps names and ordinary sentence openings', () => {
    for (const text of [
      'Castellan Precision, the company’s platform, comes free with new Castellan combines.',
      "Most of Halvern's battery cells come from a Chinese supplier.",
      'In March 2025 Terrafold filed a patent-infringement suit against Halvern.',
      'Department of Agriculture conservation programs share the cost of sensors.',
      'J. Smith leads sales in the western region.',
    ]) {
      expect(stripLeadingHeading(text)).toBe(text);
    }
  });

  it('strips a heading without a number only when a sentence opener follows', () => {
    expect(stripLeadingHeading('Key risks The company lost two large accounts in 2024.')).toBe('The company lost two large accounts in 2024.');
    expect(stripLeadingHeading('Growers prefer Halvern because it is cheaper to run.')).toBe('Growers prefer Halvern because it is cheaper to run.');
  });
});

describe('isImperative', () => {
  it('recognises instructions, courtesies and form text', () => {
    expect(isImperative('Fund a second multispectral camera design with a U.S. optics supplier.')).toBe(true);
    expect(isImperative('First, grow recurring revenue faster than hardware.')).toBe(true);
    expect(isImperative('Thank you to the 612 employees who build our products.')).toBe(true);
    expect(isImperative('See the definitions of “large accelerated filer” in Rule 12b-2.')).toBe(true);
    expect(isImperative('Growth slowed from about 17% a year in 2021.')).toBe(false);
    expect(isImperative('Review periods are set by each cooperative.')).toBe(false);
  });
});
