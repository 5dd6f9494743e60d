import { describe, expect, it } from 'vitest';
import { makeEvidence } from '../../reports/model/evidence.js';
import { buildPassages, companyTerms, depthSettings, focusTermsOf, selectPassages } from './passages.js';
import { briefOf } from './test-fixtures.js';

describe('buildPassages', () => {
  it('keeps every sentence with the evidence it came from, merging repeats across sources', () => {
    const shared = 'Harvestar cut prices by 20% in March.';
    const brief = briefOf([`${shared} Orchardly held its prices.`, `Syndicated: yes. ${shared}`]);
    const passages = buildPassages(brief);
    const repeated = passages.find((passage) => passage.text === shared);
    expect(repeated?.evidenceIds).toEqual(brief.evidence.map((evidence) => evidence.id));
    expect(passages.map((passage) => passage.text)).toEqual([shared, 'Orchardly held its prices.', 'Syndicated: yes.']);
  });

  it('marks figures, names, dates, company mentions and focus hits', () => {
    const brief = briefOf(['Orchardly Systems signed Kestrel Optics in March 2024 for $3 million of lidar units.'], { focusTerms: ['lidar'] });
    const [passage] = buildPassages(brief);
    expect(passage).toMatchObject({ mentionsCompany: true, hasDate: true, hasNumber: true, focusHits: ['lidar'] });
    expect(passage?.figures).toContain('$3 million');
    expect(passage?.specificity).toBe(2);
  });

  it('ignores duplicate evidence records', () => {
    const evidence = makeEvidence({ kind: 'news', title: 't', locator: 'l', excerpt: 'Supplier prices rose.' }, new Date(0));
    expect(buildPassages({ ...briefOf([]), evidence: [evidence, evidence] })[0]?.evidenceIds).toEqual([evidence.id]);
  });
});

describe('company and focus terms', () => {
  it('names the company with and without its legal suffix, a distinctive word and the ticker', () => {
    expect(companyTerms({ name: 'Orchardly Systems Inc.', ticker: 'ORCH' })).toEqual(['orchardly systems inc', 'orchardly systems', 'orchardly', 'orch']);
  });

  it('falls back to content words of the context when no focus terms are given', () => {
    expect(focusTermsOf(briefOf([], { context: 'How exposed are we to battery tariffs?' }))).toEqual(['exposed', 'battery', 'tariffs']);
    expect(focusTermsOf(briefOf([], { context: 'ignored', focusTerms: ['lead time'] }))).toEqual(['lead time']);
  });
});

describe('selectPassages', () => {
  const sentences = Array.from({ length: 60 }, (_, position) => `Supplier contract ${position + 1} renews soon.`);

  it('reads fewer sentences at quick depth and all of them at deep depth', () => {
    const passages = buildPassages(briefOf([sentences.join(' ')]));
    const classify = () => ({ relevance: 1, value: true });
    expect(selectPassages(passages, depthSettings('quick'), classify)).toHaveLength(40);
    expect(selectPassages(passages, depthSettings('deep'), classify)).toHaveLength(60);
    expect(depthSettings('quick').itemsPerList).toBeLessThan(depthSettings('standard').itemsPerList);
    expect(depthSettings('standard').itemsPerList).toBeLessThan(depthSettings('deep').itemsPerList);
  });

  it('ranks sentences that mention the focus terms first, keeping evidence order among equals', () => {
    const focused = buildPassages(briefOf([sentences.slice(0, 5).join(' '), 'Supplier contract for lidar renews soon.'], { focusTerms: ['lidar'] }));
    const ranked = selectPassages(focused, depthSettings('standard'), () => ({ relevance: 1, value: true }));
    expect(ranked[0]?.passage.text).toContain('lidar');
    expect(ranked.slice(1).map((entry) => entry.passage.order)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('what a passage is', () => {
  it('leaves financial facts to the metrics: they never become passages', () => {
    const fact = makeEvidence({ kind: 'financial-fact', title: 'Liabilities', locator: 'companyfacts:1:us-gaap:LiabilitiesCurrent', excerpt: 'Liabilities, Current (us-gaap:LiabilitiesCurrent) as of 2022-12-31: USD 25,870,000, from 10-K filed 2023-02-28.' }, new Date(0));
    const brief = briefOf(['Supplier prices rose sharply in 2024 across the industry.']);
    const passages = buildPassages({ ...brief, evidence: [...brief.evidence, fact] });
    expect(passages.some((passage) => passage.evidenceIds.includes(fact.id))).toBe(false);
    expect(passages).toHaveLength(1);
  });

  it('strips glued headings, marks statements and carries "Its …" back to the subject before it', () => {
    const passages = buildPassages(
      briefOf(['Supply Chain Memo: Supplier Concentration, Lead Times and Tariffs\n\n7. Trade policy Tariffs on batteries raised Orchardly costs by 9.6% in 2025. Harvestar is the volume leader in robots. Its robots face tariffs on imported parts.']),
    );
    const [heading, tariffs, leader, back] = passages;
    expect(heading).toMatchObject({ shape: 'heading', statement: false });
    expect(tariffs?.text).toBe('Tariffs on batteries raised Orchardly costs by 9.6% in 2025.');
    expect(tariffs?.statement).toBe(true);
    expect(leader?.subject.names).toEqual(['Harvestar']);
    expect(back?.subject.names).toEqual(['Harvestar']);
    expect(back?.subject.company).toBe(false);
  });
});
