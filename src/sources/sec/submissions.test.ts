import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hasSharedFixtures, sharedFixture } from '../../../test/support/shared-fixtures.js';
import { sharedText } from '../../../test/fixtures/sources/recorded-fetch.js';
import { latestFiling, parseSubmissions } from './submissions.js';

describe.skipIf(!hasSharedFixtures())('parseSubmissions on recorded SEC submissions', () => {
  const files = hasSharedFixtures() ? readdirSync(sharedFixture('sec-edgar', 'submissions')) : [];

  it.each(files)('%s: company, CIK and every recent filing', (file) => {
    const raw = JSON.parse(sharedText('sec-edgar', 'submissions', file)) as { data?: unknown };
    const bare = (file.includes('cache-wrapped') ? raw.data : raw) as { filings: { recent: { accessionNumber: string[] } } };
    const submissions = parseSubmissions(raw);
    expect(submissions.cik).toBe(/CIK(\d{10})/.exec(file)?.[1]);
    expect(submissions.name.length).toBeGreaterThan(0);
    expect(submissions.filings).toHaveLength(bare.filings.recent.accessionNumber.length);
    for (const filing of submissions.filings.slice(0, 50)) {
      expect(filing.accession).toMatch(/^\d{10}-\d{2}-\d{6}$/);
      expect(filing.url).toMatch(new RegExp(`^https://www\\.sec\\.gov/Archives/edgar/data/${Number(submissions.cik)}/\\d{18}/`));
    }
    expect(latestFiling(submissions, 'annual')?.form).toMatch(/^10-K$/);
  });

  it('finds Apple’s fiscal 2024 10-K among its filings', () => {
    const apple = parseSubmissions(JSON.parse(sharedText('sec-edgar', 'submissions', 'CIK0000320193-AAPL.json')));
    expect(apple.tickers).toContain('AAPL');
    expect(apple.sicDescription).toBe('Electronic Computers');
    const tenK = apple.filings.find((filing) => filing.form === '10-K' && filing.filingDate === '2024-11-01');
    expect(tenK?.primaryDocument).toMatch(/\.htm$/);
    expect(tenK?.reportDate).toBe('2024-09-28');
  });

  it('rejects another shape', () => {
    expect(() => parseSubmissions({ cik: 'x', filings: {} })).toThrow();
  });
});
