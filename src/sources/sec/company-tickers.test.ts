import { beforeAll, describe, expect, it } from 'vitest';
import { hasSharedFixtures } from '../../../test/support/shared-fixtures.js';
import { sharedText } from '../../../test/fixtures/sources/recorded-fetch.js';
import { normaliseCompanyName, parseCompanyTickers, resolveCompany } from './company-tickers.js';
import type { TickerEntry } from './company-tickers.js';
import { parseSubmissions } from './submissions.js';

/** Every company with a recorded submissions, companyfacts or filing file, and its identifiers. */
const RECORDED = [
  { file: 'CIK0000320193-AAPL.json', cik: '0000320193', ticker: 'AAPL' },
  { file: 'CIK0000789019-MSFT.json', cik: '0000789019', ticker: 'MSFT' },
  { file: 'CIK0001018724-AMZN.cache-wrapped.json', cik: '0001018724', ticker: 'AMZN' },
  { file: 'CIK0001318605-TSLA.json', cik: '0001318605', ticker: 'TSLA' },
  { file: 'CIK0001326801-META.cache-wrapped.json', cik: '0001326801', ticker: 'META' },
  { file: 'CIK0001652044-GOOGL.cache-wrapped.json', cik: '0001652044', ticker: 'GOOGL' },
];

describe.skipIf(!hasSharedFixtures())('company resolution against SEC company_tickers.json (recorded)', () => {
  let entries: TickerEntry[];
  beforeAll(() => {
    entries = parseCompanyTickers(JSON.parse(sharedText('sec-edgar', 'company_tickers', 'company_tickers.json')));
  });

  it('parses every row with a ten-digit CIK, in file order', () => {
    const raw = JSON.parse(sharedText('sec-edgar', 'company_tickers', 'company_tickers.json')) as Record<string, unknown>;
    expect(entries).toHaveLength(Object.keys(raw).length);
    expect(entries.every((entry) => /^\d{10}$/.test(entry.cik))).toBe(true);
    expect(entries[0]).toMatchObject({ ticker: 'MSFT', cik: '0000789019', rank: 0 });
  });

  it.each(RECORDED)('resolves $ticker by the name SEC files it under, and by ticker', ({ file, cik, ticker }) => {
    const name = parseSubmissions(JSON.parse(sharedText('sec-edgar', 'submissions', file))).name;
    expect(resolveCompany(entries, { company: name })).toMatchObject({ status: 'resolved', cik, ticker });
    expect(resolveCompany(entries, { company: 'anything', ticker: ticker.toLowerCase() })).toMatchObject({ status: 'resolved', cik, match: 'ticker' });
  });

  it('resolves the companyfacts and filing companies (Snowflake, NVIDIA) by everyday names', () => {
    expect(resolveCompany(entries, { company: 'Snowflake' })).toMatchObject({ status: 'resolved', cik: '0001640147', ticker: 'SNOW', match: 'normalised' });
    expect(resolveCompany(entries, { company: 'Nvidia Corporation' })).toMatchObject({ status: 'resolved', cik: '0001045810', ticker: 'NVDA' });
    expect(resolveCompany(entries, { company: 'Amazon.com, Inc.' })).toMatchObject({ status: 'resolved', ticker: 'AMZN' });
    expect(resolveCompany(entries, { company: 'apple' })).toMatchObject({ status: 'resolved', ticker: 'AAPL' });
    expect(resolveCompany(entries, { company: 'TSLA' })).toMatchObject({ status: 'resolved', cik: '0001318605', match: 'ticker' });
    expect(resolveCompany(entries, { company: 'x', cik: '1640147' })).toMatchObject({ status: 'resolved', ticker: 'SNOW', match: 'cik' });
  });

  it('treats share classes of one company as one (Alphabet: GOOGL and GOOG)', () => {
    expect(resolveCompany(entries, { company: 'Alphabet' })).toMatchObject({ status: 'resolved', cik: '0001652044' });
  });

  it('tolerates a typo, and says "not found" with the closest names for a stranger', () => {
    expect(resolveCompany(entries, { company: 'Snowflak Inc' })).toMatchObject({ status: 'resolved', ticker: 'SNOW', match: 'fuzzy' });
    const missing = resolveCompany(entries, { company: 'Halvern Agritech' });
    expect(missing.status).toBe('not-found');
  });
});

describe('resolveCompany rules', () => {
  const rows: TickerEntry[] = [
    { cik: '0000000001', ticker: 'ACME', title: 'Acme Corp', rank: 0 },
    { cik: '0000000002', ticker: 'ACMH', title: 'ACME Holdings Inc', rank: 1 },
    { cik: '0000000003', ticker: 'GLBX', title: 'Globex Corporation', rank: 2 },
    { cik: '0000000003', ticker: 'GLBXW', title: 'Globex Corporation', rank: 3 },
  ];

  it('reports two different companies with the same normalised name as ambiguous, with both', () => {
    const result = resolveCompany(rows, { company: 'Acme' });
    expect(result.status).toBe('ambiguous');
    expect(result.status === 'ambiguous' && result.candidates.map((candidate) => candidate.ticker)).toEqual(['ACME', 'ACMH']);
  });

  it('lets a ticker settle the ambiguity', () => {
    expect(resolveCompany(rows, { company: 'Acme', ticker: 'acmh' })).toMatchObject({ status: 'resolved', cik: '0000000002' });
  });

  it('normalises legal forms, punctuation and ampersands', () => {
    expect(normaliseCompanyName('The Procter & Gamble Company')).toBe('procter and gamble');
    expect(normaliseCompanyName('AMAZON COM INC')).toBe('amazon');
    expect(normaliseCompanyName('Berkshire Hathaway Inc /DE/')).toBe('berkshire hathaway');
    expect(resolveCompany(rows, { company: 'globex corp.' })).toMatchObject({ status: 'resolved', ticker: 'GLBX', match: 'normalised' });
  });
});
