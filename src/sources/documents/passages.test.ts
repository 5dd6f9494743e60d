import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitIntoPassages } from './passages.js';

const sentence = (index: number): string => `Sentence number ${index} talks about regional logistics demand and pricing.`;

describe('splitIntoPassages', () => {
  it('merges short paragraphs (headings, list items) into one passage', () => {
    const passages = splitIntoPassages('Market overview\n\nDemand grew.\n\nPrices fell.');
    expect(passages).toEqual(['Market overview\n\nDemand grew.\n\nPrices fell.']);
  });

  it('collapses whitespace inside paragraphs and keeps paragraph breaks', () => {
    const text = `  ${'word '.repeat(70)}\n  wrapped\tline  \r\n\r\n${'next '.repeat(70)}`;
    const passages = splitIntoPassages(text);
    expect(passages).toHaveLength(2);
    expect(passages[0]).toBe(`${'word '.repeat(70)}wrapped line`);
    expect(passages[1]).toBe('next '.repeat(70).trim());
  });

  it('cuts a long paragraph between sentences, never inside one', () => {
    const sentences = Array.from({ length: 40 }, (_, index) => sentence(index));
    const passages = splitIntoPassages(sentences.join(' '));
    expect(passages.length).toBeGreaterThan(1);
    for (const passage of passages) {
      expect(passage.length).toBeLessThanOrEqual(1200);
      expect(passage).toMatch(/^Sentence number \d+/);
      expect(passage).toMatch(/pricing\.$/);
    }
  });

  it('cuts a sentence longer than a passage at word boundaries', () => {
    const passages = splitIntoPassages('alpha '.repeat(500), { maxChars: 300, minChars: 100 });
    expect(passages.every((passage) => passage.length <= 300)).toBe(true);
    expect(passages.every((passage) => /^(alpha ?)+$/.test(passage))).toBe(true);
  });

  it('attaches a short closing paragraph to the passage before it', () => {
    const body = 'x'.repeat(500);
    expect(splitIntoPassages(`${body}\n\nThanks.`)).toEqual([`${body}\n\nThanks.`]);
  });

  it('returns nothing for blank text', () => {
    expect(splitIntoPassages(' \n\n\t ')).toEqual([]);
  });

  it('keeps every non-space character in order and respects the maximum (property)', () => {
    const word = fc.stringMatching(/^[A-Za-z0-9.,!?'"-]{1,30}$/);
    const paragraph = fc.array(word, { minLength: 1, maxLength: 120 }).map((words) => words.join(' '));
    const text = fc.array(paragraph, { minLength: 0, maxLength: 12 }).map((paragraphs) => paragraphs.join('\n\n'));
    fc.assert(
      fc.property(text, fc.integer({ min: 40, max: 1500 }), (input, maxChars) => {
        const passages = splitIntoPassages(input, { maxChars, minChars: Math.floor(maxChars / 4) });
        const squeeze = (value: string): string => value.replace(/\s+/g, '');
        expect(squeeze(passages.join(''))).toBe(squeeze(input));
        for (const passage of passages) {
          expect(passage.length).toBeLessThanOrEqual(maxChars);
          expect(passage).toBe(passage.trim());
          expect(passage.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 200 },
    );
  });
});
