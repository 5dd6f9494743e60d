import { describe, expect, it } from 'vitest';
import { clip, extractFigures, findNames, normaliseText, possessive, shortPhrase, splitSentences, stem, tokenize } from './text.js';

describe('splitSentences', () => {
  it('splits on sentence ends but not on abbreviations, initials or decimals', () => {
    const sentences = splitSentences('Acme Inc. grew revenue 3.5% in the U.S. market. J. Smith leads sales. Margins fell! Why? Because of costs.');
    expect(sentences).toEqual(['Acme Inc. grew revenue 3.5% in the U.S. market.', 'J. Smith leads sales.', 'Margins fell!', 'Why?', 'Because of costs.']);
  });

  it('treats paragraphs, bullets and block tags as boundaries and drops scripts and tags', () => {
    const html = '<h2>Risks</h2><p>We depend on one supplier</p><script>alert("x")</script><ul><li>Churn rose</li></ul>\n\n- Prices fell';
    expect(splitSentences(html)).toEqual(['Risks', 'We depend on one supplier', 'Churn rose', 'Prices fell']);
  });

  it('decodes common entities and cuts run-on text into bounded pieces', () => {
    expect(splitSentences('R&amp;D spending &gt; $5m.')).toEqual(['R&D spending > $5m.']);
    const runOn = 'word '.repeat(400);
    const pieces = splitSentences(runOn);
    expect(pieces.length).toBeGreaterThan(1);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThanOrEqual(600);
  });

  it('keeps common abbreviations inside the sentence and ends it when a new one clearly starts', () => {
    expect(splitSentences('Its aircraft face tariffs, several U.S. states bar public agencies from buying them, and rules tighten.')).toHaveLength(1);
    expect(splitSentences('Acme Corp. and Beta Ltd. merged, e.g. in Europe, i.e. where Dr. Lee and Mr. Park work. Sales rose.')).toEqual([
      'Acme Corp. and Beta Ltd. merged, e.g. in Europe, i.e. where Dr. Lee and Mr. Park work.',
      'Sales rose.',
    ]);
    expect(splitSentences('Deliveries began Jan. 5 under contract No. 12 at approx. 40 units vs. 30 planned. Margins fell.')).toHaveLength(2);
    expect(splitSentences('Most drones were sold in the U.S. The company grew.')).toEqual(['Most drones were sold in the U.S.', 'The company grew.']);
  });

  it('keeps a section number with the section it opens', () => {
    expect(splitSentences('Counter-tariffs did not include drones. 8. Legal proceedings and liability In March 2025 Terrafold sued Halvern.')).toEqual([
      'Counter-tariffs did not include drones.',
      '8. Legal proceedings and liability In March 2025 Terrafold sued Halvern.',
    ]);
    expect(splitSentences('Office of the General Counsel - August 22, 2025 1. Purpose This brief summarizes the rules.')).toEqual([
      'Office of the General Counsel - August 22, 2025',
      '1. Purpose This brief summarizes the rules.',
    ]);
    expect(splitSentences('Prices rose to 12. Costs fell.')).toEqual(['Prices rose to 12.', 'Costs fell.']);
    expect(splitSentences('Timing is uncertain. - Tariffs: raise costs but narrow the price gap. - Data privacy: manageable.')).toEqual([
      'Timing is uncertain.',
      'Tariffs: raise costs but narrow the price gap.',
      'Data privacy: manageable.',
    ]);
  });

  it('returns nothing for empty or whitespace input', () => {
    expect(splitSentences('')).toEqual([]);
    expect(splitSentences(' \n\n\t ')).toEqual([]);
  });
});

describe('tokens and stems', () => {
  it('tokenises at word boundaries, splitting hyphens and apostrophes', () => {
    expect(tokenize("Start-up's R&D: 5G!")).toEqual(['start', 'up', 's', 'r', 'd', '5g']);
  });

  it('maps inflections of the same word to one stem', () => {
    expect(new Set(['price', 'prices', 'pricing', 'priced'].map(stem)).size).toBe(1);
    expect(new Set(['supply', 'supplies', 'supplied'].map(stem)).size).toBe(1);
    expect(new Set(['compete', 'competing', 'competed'].map(stem)).size).toBe(1);
    expect(stem('companies')).toBe(stem('company'));
  });

  it('keeps different words apart', () => {
    expect(stem('rival')).not.toBe(stem('arrival'));
    expect(stem('ai')).toBe('ai');
    expect(stem('business')).toBe('business');
  });
});

describe('figures and names', () => {
  it('extracts money, percentages, multiples and counted quantities', () => {
    const figures = extractFigures('Revenue of $42 million rose 38%; lead times hit 26 weeks and the market is worth USD 1.9 billion, 3x larger.');
    expect(figures).toEqual(expect.arrayContaining(['$42 million', '38%', '26 weeks', 'USD 1.9 billion', '3x']));
    expect(extractFigures('Machines sell for $17,000 to $22,000, while ours lists at $31,900.')).toEqual(['$17,000', '$22,000', '$31,900']);
  });

  it('finds capitalised names, bridging "&" and "of", skipping generic words', () => {
    expect(findNames('The rivalry between Procter & Gamble and Bank of America intensified.')).toEqual(['Procter & Gamble', 'Bank of America']);
    expect(findNames('Competitors such as Harvestar compete.')).toEqual(['Harvestar']);
  });
});

describe('clip and phrases', () => {
  it('clips to the limit without splitting a surrogate pair', () => {
    const text = `${'a'.repeat(8)}😀😀😀`;
    for (let max = 5; max < text.length; max++) {
      const clipped = clip(text, max);
      expect(clipped.length).toBeLessThanOrEqual(max);
      expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(clipped)).toBe(false);
    }
  });

  it('builds short phrases and possessives', () => {
    expect(shortPhrase('Supplier power is high; lead times are long.')).toBe('Supplier power is high');
    expect(shortPhrase('Its aircraft face tariffs, several U.S. states bar them. Other text follows.')).toBe('Its aircraft face tariffs, several U.S. states bar them');
    const long = shortPhrase('Qualify second sources for battery cells and flight controllers and lock in terms with the largest suppliers to cut tariff exposure.', 90);
    expect(long).toBe('Qualify second sources for battery cells and flight controllers and lock in terms');
    expect(long.length).toBeLessThanOrEqual(90);
    expect(possessive('Orchardly Systems')).toBe("Orchardly Systems'");
    expect(possessive('Acme')).toBe("Acme's");
  });

  it('normalises compatibility characters', () => {
    expect(normaliseText('ﬁnance')).toBe('finance');
  });
});
