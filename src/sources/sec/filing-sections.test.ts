import { describe, expect, it } from 'vitest';
import { hasSharedFixtures } from '../../../test/support/shared-fixtures.js';
import { sharedText } from '../../../test/fixtures/sources/recorded-fetch.js';
import { filingText, parseSgmlDocuments } from './filing-document.js';
import { extractSections, filingParagraphs, findItemHeadings } from './filing-sections.js';

const ANNUAL_REPORTS = ['AAPL-10-K-2024-11-01.html', 'AMZN-10-K-2025-02-07.html', 'NVDA-10-K-2025-02-26.html', 'TSLA-10-K-2025-01-30.html'];

describe.skipIf(!hasSharedFixtures())('section extraction on recorded filing documents', () => {
  it.each(ANNUAL_REPORTS)('%s: Business, Risk Factors and MD&A, each the body section, not the table of contents', (file) => {
    const { text } = filingText(sharedText('sec-edgar', 'filings', file));
    const sections = extractSections(text, '10-K');
    expect(sections.map((section) => section.key)).toEqual(['business', 'risk-factors', 'mdna']);
    const byKey = Object.fromEntries(sections.map((section) => [section.key, section]));
    expect(byKey.business?.heading).toMatch(/^item 1\.?\s*business/i);
    expect(byKey['risk-factors']?.heading).toMatch(/^item 1a\.?\s*risk factors/i);
    expect(byKey.mdna?.heading).toMatch(/management.s discussion and analysis/i);
    for (const section of sections) expect(section.text.length, `${file} ${section.key}`).toBeGreaterThan(8_000);
    // Sections end where the next item starts: risk factors never run into Item 1B.
    expect(byKey['risk-factors']?.text).not.toMatch(/item 1b\.?\s*unresolved staff comments/i);
  });

  it('reads MD&A from Part I and risk factors from Part II of a 10-Q (Apple, 2025-08-01)', () => {
    const { text } = filingText(sharedText('sec-edgar', 'filings', 'AAPL-10-Q-2025-08-01.html'));
    const sections = extractSections(text, '10-Q');
    const mdna = sections.find((section) => section.key === 'mdna');
    const risks = sections.find((section) => section.key === 'risk-factors');
    expect(mdna?.heading).toMatch(/management.s discussion/i);
    expect(mdna?.text.length).toBeGreaterThan(5_000);
    expect(risks?.heading).toMatch(/item 1a\.?\s*risk factors/i);
    expect(risks?.text).not.toMatch(/unregistered sales of equity/i);
  });

  it('handles legacy HTML 10-Ks: a 1999 filing without risk factors and a small filer', () => {
    const medicis = extractSections(filingText(sharedText('sec-edgar', 'filings', '0000950153-99-001234-Medicis-10-K-FY1999.html')).text, '10-K');
    expect(medicis.find((section) => section.key === 'business')?.text.length).toBeGreaterThan(20_000);
    expect(medicis.find((section) => section.key === 'risk-factors')).toBeUndefined();
    const fund = extractSections(filingText(sharedText('sec-edgar', 'filings', '0001376474-16-000635-CommonwealthIncomeGrowthFundV-10-K-FY2015.html')).text, '10-K');
    expect(fund.map((section) => section.key)).toEqual(['business', 'risk-factors', 'mdna']);
    expect(fund.find((section) => section.key === 'mdna')?.heading).toMatch(/ITEM 7: MANAGEMENT DISCUSSION/);
  });

  it('reads older full-submission .txt files: the plain-text S-3/A (1995) and an HTML 8-K inside SGML', () => {
    const s3 = sharedText('sec-edgar', 'filings', '0000899681-95-000096-PageAmerica-S-3A-1995.txt');
    expect(parseSgmlDocuments(s3).map((document) => document.type)).toEqual(['S-3/A', 'EX-99']);
    const pageAmerica = filingText(s3);
    expect(pageAmerica.form).toBe('S-3/A');
    expect(pageAmerica.text).toContain('PAGE AMERICA GROUP, INC.');
    expect(pageAmerica.text).not.toContain('<PAGE>');
    const headings = findItemHeadings(filingParagraphs(pageAmerica.text)).map((heading) => heading.item);
    expect(headings).toEqual(expect.arrayContaining(['14', '15', '16', '17']));
    expect(extractSections(pageAmerica.text, 'S-3/A')).toEqual([]);

    const eightK = filingText(sharedText('sec-edgar', 'filings', '0001213900-25-032135-ABVC-8-K.txt'));
    expect(eightK.form).toBe('8-K');
    expect(eightK.text).not.toMatch(/<(div|table|font)/i);
    expect(findItemHeadings(filingParagraphs(eightK.text)).map((heading) => heading.item)).toEqual(expect.arrayContaining(['2.02', '9.01']));
  });
});

describe('extractSections on constructed filings', () => {
  const filing = [
    'PART I', 'Item 1.', 'Business', 'Item 1A.', 'Risk Factors', 'Item 7.', "Management's Discussion", // table of contents
    'PART I', 'Item 1. Business', 'We make widgets. '.repeat(20), 'Item 1A. Risk Factors', 'Demand may fall. '.repeat(30),
    'PART II', 'Item 7. Management’s Discussion and Analysis', 'Revenue grew. '.repeat(25), 'Item 8. Financial Statements', 'Numbers.',
  ].join('\n\n');

  it('picks the body occurrence of each heading and stops at the next item or part', () => {
    const sections = extractSections(filing, '10-K');
    expect(sections.map((section) => [section.key, section.text.split('. ')[0]])).toEqual([
      ['business', 'We make widgets'],
      ['risk-factors', 'Demand may fall'],
      ['mdna', 'Revenue grew'],
    ]);
    expect(sections[1]?.text).not.toContain('PART II');
  });

  it('gives nothing for forms without these sections', () => {
    expect(extractSections(filing, '8-K')).toEqual([]);
  });
});
