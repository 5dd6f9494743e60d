import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../core/errors.js';
import { hasSharedFixtures } from '../../../test/support/shared-fixtures.js';
import { fakeNetwork, json, sharedText } from '../../../test/fixtures/sources/recorded-fetch.js';
import { secRoutes } from '../../../test/fixtures/sources/recorded-sec.js';
import { busiestWindow } from '../../../test/fixtures/sources/windows.js';
import { IntervalRateLimiter, unlimited } from '../http/rate-limiter.js';
import type { SourceContext } from '../source.js';
import { SecEdgarClient } from './sec-edgar-client.js';
import { SecFilingsSource } from './sec-filings-source.js';
import { selectAnnual } from './fact-selection.js';

const USER_AGENT = 'ConsultantOS tests tests@example.com';
const context = (): SourceContext => ({ signal: new AbortController().signal, now: () => new Date('2025-08-02T00:00:00Z') });

function secClient(routes: Parameters<typeof fakeNetwork>[0], options: { userAgent?: string; limited?: boolean } = {}) {
  const network = fakeNetwork(routes);
  const client = new SecEdgarClient({
    ...(options.userAgent === undefined ? { userAgent: USER_AGENT } : options.userAgent ? { userAgent: options.userAgent } : {}),
    runtime: { fetch: network.fetch, ...(options.limited ? {} : { limiterFor: () => unlimited }) },
  });
  return { client, network };
}

const minimalSubmissions = (cik: string) => ({ cik, name: `Company ${cik}`, filings: { recent: { accessionNumber: [], filingDate: [], form: [], primaryDocument: [] } } });

describe('SecEdgarClient without a declared User-Agent', () => {
  it('makes no request and reports a gap that says how to declare one', async () => {
    const { client, network } = secClient([], { userAgent: '' });
    const result = await new SecFilingsSource(client).collect({ company: 'Apple', depth: 'standard', focusTerms: [] }, context());
    expect(network.calls).toHaveLength(0);
    expect(result.evidence).toEqual([]);
    expect(result.gaps[0]?.reason).toMatch(/User-Agent.*CONSULTANTOS_SEC_USER_AGENT/);
  });
});

describe('SecEdgarClient politeness', () => {
  it('sends the declared User-Agent and keeps a burst of 100 lookups under 10 requests per second', async () => {
    const network = fakeNetwork([{ match: /submissions/, answer: (url) => json(minimalSubmissions(/CIK(\d{10})/.exec(url)?.[1] ?? '0')) }]);
    // The production path: the process-wide limiter for sec.gov at the default rate.
    const client = new SecEdgarClient({ userAgent: USER_AGENT, runtime: { fetch: network.fetch } });
    const ciks = Array.from({ length: 100 }, (_, index) => String(1_000 + index).padStart(10, '0'));
    const results = await Promise.all(ciks.map((cik) => client.submissions(cik, context())));
    expect(results.map((result) => result.cik)).toEqual(ciks);
    expect(network.calls).toHaveLength(100);
    expect(network.calls.every((call) => call.headers['user-agent'] === USER_AGENT)).toBe(true);
    expect(busiestWindow(network.calls.map((call) => call.at))).toBeLessThanOrEqual(10);
  }, 25_000);

  it('backs off on 429 and 503, then succeeds', async () => {
    let count = 0;
    const { client, network } = secClient([
      { match: /submissions/, answer: () => (count++ === 0 ? { status: 429, headers: { 'retry-after': '0' } } : count === 2 ? { status: 503 } : json(minimalSubmissions('0000000042'))) },
    ]);
    expect((await client.submissions('42', context())).cik).toBe('0000000042');
    expect(network.calls).toHaveLength(3);
  });

  it('turns a malformed answer into a gap, never a crash', async () => {
    const { client } = secClient([
      { match: /company_tickers/, answer: { headers: { 'content-type': 'application/json' }, body: '{"0": {"cik_str": 320193, "ticker": "AAPL", "title": "Apple Inc."}}' } },
      { match: /submissions/, answer: { headers: { 'content-type': 'application/json' }, body: '<html>Request Rate Threshold Exceeded</html>' } },
    ]);
    const result = await new SecFilingsSource(client).collect({ company: 'Apple Inc.', depth: 'standard', focusTerms: [] }, context());
    expect(result.evidence).toEqual([]);
    expect(result.gaps).toEqual([expect.objectContaining({ source: 'sec-edgar', reason: expect.stringMatching(/could not be read/) })]);
  });

  it('propagates cancellation', async () => {
    const { client } = secClient([{ match: /./, answer: json({}) }]);
    const controller = new AbortController();
    controller.abort();
    await expect(client.submissions('1', { signal: controller.signal, now: () => new Date() })).rejects.toBeInstanceOf(CancelledError);
  });

  it('shares its limiter: a second client does not double the rate', async () => {
    // 8 per second shared by both: together they stay under SEC's 10, where two limiters would make 16.
    const limiter = new IntervalRateLimiter(8);
    const network = fakeNetwork([{ match: /./, answer: (url) => json(minimalSubmissions(/CIK(\d{10})/.exec(url)?.[1] ?? '0')) }]);
    const clients = [0, 1].map(() => new SecEdgarClient({ userAgent: USER_AGENT, runtime: { fetch: network.fetch, limiterFor: () => limiter } }));
    await Promise.all(Array.from({ length: 20 }, (_, index) => (clients[index % 2] as SecEdgarClient).submissions(String(index + 1), context())));
    expect(busiestWindow(network.calls.map((call) => call.at))).toBeLessThanOrEqual(10);
  });
});

describe.skipIf(!hasSharedFixtures())('SEC EDGAR over recorded responses', () => {
  it('fetches companyfacts without loss and gives the recorded annual revenue and net income per fiscal year', async () => {
    const { client } = secClient(secRoutes());
    const resolution = await client.resolve({ company: 'Snowflake Inc.' }, context());
    expect(resolution).toMatchObject({ status: 'resolved', cik: '0001640147', ticker: 'SNOW' });
    const parsed = await client.companyFacts('0001640147', context());
    const raw = JSON.parse(sharedText('sec-edgar', 'companyfacts', 'CIK0001640147-SNOW.json')) as {
      facts: Record<string, Record<string, { units: Record<string, { start?: string; end: string; val: number; form: string; filed: string; fy: number }[]> }>>;
    };
    // Count per concept: every entry of the file became a fact.
    for (const [taxonomy, concepts] of Object.entries(raw.facts)) {
      for (const [name, concept] of Object.entries(concepts)) {
        const expected = Object.values(concept.units).reduce((sum, list) => sum + list.length, 0);
        expect(parsed.facts.filter((fact) => fact.concept === `${taxonomy}:${name}`)).toHaveLength(expected);
      }
    }
    // Independently: per year-long period ending on 31 January, the value filed last in a 10-K.
    const expectedAnnual = (name: string): Map<number, number> => {
      const byEnd = new Map<string, { val: number; filed: string }>();
      for (const entry of raw.facts['us-gaap']?.[name]?.units.USD ?? []) {
        if (!entry.form.startsWith('10-K') || entry.start === undefined) continue;
        const days = (Date.parse(entry.end) - Date.parse(entry.start)) / 86_400_000;
        if (days < 350 || days > 380) continue;
        const current = byEnd.get(entry.end);
        if (current === undefined || entry.filed >= current.filed) byEnd.set(entry.end, { val: entry.val, filed: entry.filed });
      }
      return new Map([...byEnd].map(([end, { val }]) => [Number(end.slice(0, 4)), val]));
    };
    for (const [concept, name] of [['us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax', 'RevenueFromContractWithCustomerExcludingAssessedTax'], ['us-gaap:NetIncomeLoss', 'NetIncomeLoss']] as const) {
      const selected = selectAnnual(parsed.facts, concept, { unit: 'USD' });
      const recorded = expectedAnnual(name);
      expect(selected.length).toBeGreaterThanOrEqual(4);
      for (const fact of selected) expect(fact.value, `${concept} FY${fact.fiscalYear}`).toBe(recorded.get(fact.fiscalYear));
    }
  });

  it('resolves, lists filings and cuts the latest 10-K and 10-Q into cited sections (Apple, deep)', async () => {
    const { client, network } = secClient(secRoutes({ asOf: '2025-08-01' }));
    const result = await new SecFilingsSource(client).collect({ company: 'Apple Inc.', depth: 'deep', focusTerms: [] }, context());
    expect(result.gaps).toEqual([]);
    expect(result.notes?.[0]).toMatch(/Apple Inc\. \(AAPL, CIK 0000320193\)/);
    const profile = result.evidence[0];
    expect(profile?.excerpt).toMatch(/Electronic Computers.*10-K filed 2024-11-01 \(period 2024-09-28\)/);
    const sections = new Set(result.evidence.slice(1).map((item) => `${item.attributes?.form}:${item.attributes?.section}`));
    expect(sections).toEqual(new Set(['10-K:business', '10-K:risk-factors', '10-K:mdna', '10-Q:mdna', '10-Q:risk-factors']));
    const risk = result.evidence.find((item) => item.locator === 'sec:0000320193:0000320193-24-000123:risk-factors#p1');
    expect(risk?.url).toBe('https://www.sec.gov/Archives/edgar/data/320193/000032019324000123/aapl-20240928.htm');
    expect(risk?.publishedAt).toBe('2024-11-01');
    expect(new Set(result.evidence.map((item) => item.id)).size).toBe(result.evidence.length);
    expect(network.calls.map((call) => call.url.replace(/^https:\/\/[^/]+/, ''))).toEqual([
      '/files/company_tickers.json',
      '/submissions/CIK0000320193.json',
      '/Archives/edgar/data/320193/000032019324000123/aapl-20240928.htm',
      '/Archives/edgar/data/320193/000032019325000073/aapl-20250628.htm',
    ]);
  }, 30_000);

  it('reads fewer sections at standard depth and none at quick depth', async () => {
    const { client } = secClient(secRoutes({ asOf: '2025-08-01' }));
    const quick = await new SecFilingsSource(client).collect({ company: 'AAPL', depth: 'quick', focusTerms: [] }, context());
    expect(quick.evidence).toHaveLength(1);
  });
});
