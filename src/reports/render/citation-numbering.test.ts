import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../model/evidence.js';
import { CitationNumbering } from './citation-numbering.js';

const at = new Date('2025-01-01T00:00:00.000Z');
const [first, second, third] = ['alpha', 'beta', 'gamma'].map((name) => makeEvidence({ kind: 'note', title: name, excerpt: name, locator: name }, at)) as [
  ReturnType<typeof makeEvidence>,
  ReturnType<typeof makeEvidence>,
  ReturnType<typeof makeEvidence>,
];

describe('CitationNumbering', () => {
  it('numbers ids in order of first citation and reuses numbers', () => {
    const numbering = new CitationNumbering([first, second, third]);
    expect(numbering.cite([third.id])).toEqual([{ kind: 'evidence', number: 1, evidenceId: third.id, title: 'gamma' }]);
    const again = numbering.cite([first.id, third.id, first.id]);
    expect(again.map((reference) => (reference.kind === 'evidence' ? reference.number : -1))).toEqual([1, 2]);
  });

  it('marks unknown ids as unverified without giving them a number', () => {
    const numbering = new CitationNumbering([first]);
    const references = numbering.cite(['ev_ffffffffffffffff', first.id]);
    expect(references).toEqual([
      { kind: 'evidence', number: 1, evidenceId: first.id, title: 'alpha' },
      { kind: 'unverified', evidenceId: 'ev_ffffffffffffffff' },
    ]);
    expect(numbering.unverifiedCount).toBe(1);
    expect(numbering.appendix().map((entry) => entry.number)).toEqual([1]);
  });

  it('lists cited evidence by number, then the uncited in stored order', () => {
    const numbering = new CitationNumbering([first, second, third]);
    numbering.cite([third.id]);
    const appendix = numbering.appendix();
    expect(appendix.map((entry) => [entry.number, entry.evidence.title, entry.cited])).toEqual([
      [1, 'gamma', true],
      [2, 'alpha', false],
      [3, 'beta', false],
    ]);
  });

  it('returns nothing to render for an item that cites nothing', () => {
    expect(new CitationNumbering([first]).inline([])).toEqual([]);
  });
});
