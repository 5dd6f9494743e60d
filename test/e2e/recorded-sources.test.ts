import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/reports/model/report.js';
import { unlimited } from '../../src/sources/http/rate-limiter.js';
import { EXAMPLE_DIR, exampleRequest, runAnalysis, testApplication } from '../support/analysis-harness.js';
import { hasSharedFixtures } from '../support/shared-fixtures.js';
import { fakeNetwork, json, sharedText, yahooBody } from '../fixtures/sources/recorded-fetch.js';
import type { Route } from '../fixtures/sources/recorded-fetch.js';
import { secRoutes } from '../fixtures/sources/recorded-sec.js';

type RawFacts = { facts: Record<string, Record<string, { units: Record<string, { accn: string; val: number; end: string }[]> }>> };

/** Every metric's fact is one the report carries, and (market value aside) an entry of the facts file. */
function expectProvenance(report: Report, raw: RawFacts): void {
  const metrics = report.financials?.metrics ?? [];
  expect(metrics.length).toBeGreaterThan(5);
  const carried = new Set((report.financials?.facts ?? []).map((fact) => `${fact.concept}|${fact.fiscalYear}|${fact.accession}`));
  const registered = new Set(report.evidence.map((item) => item.id));
  for (const metric of metrics) {
    for (const id of metric.evidenceIds) expect(registered.has(id), `${metric.key} cites ${id}`).toBe(true);
    for (const reference of metric.facts) {
      expect(carried.has(`${reference.concept}|${reference.fiscalYear}|${reference.accession}`)).toBe(true);
      if (reference.concept.startsWith('market:') || reference.fiscalPeriod === 'TTM') continue;
      const [taxonomy, name] = reference.concept.split(':') as [string, string];
      const entries = Object.values(raw.facts[taxonomy]?.[name]?.units ?? {}).flat();
      expect(entries.some((entry) => entry.accn === reference.accession && entry.val === reference.value), `${reference.concept} ${reference.accession}`).toBe(true);
    }
  }
}

const USER_AGENT = { CONSULTANTOS_OFFLINE: '0', CONSULTANTOS_SEC_USER_AGENT: 'ConsultantOS tests tests@example.com' };

describe('analysis offline (the example)', () => {
  it('computes metrics from the facts file, and every connector says it was offline', async () => {
    const harness = await testApplication();
    try {
      const { status, report } = await runAnalysis(harness.app, exampleRequest({ frameworks: ['swot'] }));
      expect(status).toBe('succeeded');
      expectProvenance(report!, JSON.parse(readFileSync(join(EXAMPLE_DIR, 'companyfacts.json'), 'utf8')) as RawFacts);
      const offline = report!.confidence.dataGaps.filter((gap) => gap.reason.startsWith('offline'));
      expect(offline.map((gap) => gap.source).sort()).toEqual(['market multiples', 'market-data', 'news', 'sec-edgar', 'trends', 'web-search', 'wikipedia'].sort());
    } finally {
      await harness.dispose();
    }
  }, 60_000);
});

describe.skipIf(!hasSharedFixtures())('analysis fed by recorded responses', () => {
  it('Snowflake: resolves the company, fetches its SEC companyfacts and computes metrics that point at real filed facts', async () => {
    const network = fakeNetwork(secRoutes());
    const harness = await testApplication({ ...USER_AGENT, CONSULTANTOS_SOURCES_DISABLED: 'trends' }, { sources: { fetch: network.fetch, limiterFor: () => unlimited } });
    try {
      const { status, report } = await runAnalysis(harness.app, { company: 'Snowflake', frameworks: ['swot', 'porter'], depth: 'standard' });
      expect(['succeeded', 'partial']).toContain(status);
      expect(report!.company).toMatchObject({ name: 'Snowflake', cik: '0001640147', ticker: 'SNOW' });
      expect(report!.financials?.entityName).toBe('SNOWFLAKE INC.');
      expectProvenance(report!, JSON.parse(sharedText('sec-edgar', 'companyfacts', 'CIK0001640147-SNOW.json')) as RawFacts);
      const revenue = report!.financials!.metrics.find((metric) => metric.key === 'revenue' && metric.fiscalYear === 2025);
      expect(revenue?.facts[0]?.concept).toBe('us-gaap:RevenueFromContractWithCustomerExcludingAssessedTax');
      const factEvidence = report!.evidence.filter((item) => item.kind === 'financial-fact');
      expect(factEvidence.length).toBeGreaterThan(5);
      expect(factEvidence.every((item) => item.url?.startsWith('https://www.sec.gov/Archives/edgar/data/1640147/'))).toBe(true);
      // What was not recorded is a gap, never a failure: submissions, quotes, Wikipedia, news.
      const sources = new Set(report!.confidence.dataGaps.map((gap) => gap.source));
      for (const source of ['sec-edgar', 'market-data', 'wikipedia', 'news']) expect(sources.has(source), source).toBe(true);
      expect(network.calls.every((call) => !call.url.includes('trends.google.com'))).toBe(true);
    } finally {
      await harness.dispose();
    }
  }, 90_000);

  it('Apple: filing sections, the quote and price history, and a news feed become cited evidence', async () => {
    const yahoo: Route[] = [
      { match: /fc\.yahoo\.com/, answer: { status: 404, headers: { 'set-cookie': 'A3=d=recorded; Path=/' } } },
      { match: /getcrumb/, answer: { headers: { 'content-type': 'text/plain' }, body: 'recordedcrumb' } },
      { match: /\/v7\/finance\/quote\?symbols=AAPL&/, answer: () => json(yahooBody('quote', 'quote-AAPL.json')) },
      // The recorded chart covers autumn 2020, not the year the connector asks for: prices are still Yahoo's own.
      { match: /\/v8\/finance\/chart\/AAPL\?/, answer: () => json(yahooBody('chart', 'chart-AAPL-2020-08-31-to-2020-11-07.json')) },
      { match: /theguardian\.com\/us\/rss/, answer: () => ({ headers: { 'content-type': 'application/rss+xml' }, body: sharedText('news-rss', 'guardian-us.rss') }) },
    ];
    const network = fakeNetwork([...secRoutes({ asOf: '2025-08-01' }), ...yahoo]);
    const harness = await testApplication({ ...USER_AGENT, CONSULTANTOS_SOURCES_DISABLED: 'trends', CONSULTANTOS_NEWS_FEEDS: 'https://www.theguardian.com/us/rss' }, { sources: { fetch: network.fetch, limiterFor: () => unlimited } });
    try {
      const { status, report } = await runAnalysis(harness.app, { company: 'Apple Inc.', frameworks: ['swot', 'pestel'], depth: 'standard' });
      expect(['succeeded', 'partial']).toContain(status);
      const kinds = new Set(report!.evidence.map((item) => item.kind));
      expect(kinds).toEqual(expect.objectContaining(new Set(['filing', 'market-data'])));
      const sections = report!.evidence.filter((item) => item.kind === 'filing' && item.attributes?.accession === '0000320193-24-000123');
      expect(new Set(sections.map((item) => item.attributes?.section))).toEqual(new Set(['business', 'risk-factors']));
      const quote = report!.evidence.find((item) => item.locator.startsWith('yahoo:quote:AAPL'));
      expect(quote?.attributes).toMatchObject({ marketCap: 3_674_405_863_424, currency: 'USD' });
      expect(report!.evidence.some((item) => item.locator.startsWith('yahoo:chart:AAPL'))).toBe(true);
      // Cited evidence includes what the connectors retrieved, not only documents.
      const cited = new Set(JSON.stringify(report!.frameworks).match(/ev_[0-9a-f]{16}/g) ?? []);
      expect(report!.evidence.some((item) => item.kind === 'filing' && cited.has(item.id))).toBe(true);
      // No companyfacts were recorded for Apple: no metrics, and the report says why.
      expect(report!.financials).toBeUndefined();
      expect(report!.confidence.dataGaps.some((gap) => /companyfacts of CIK 0000320193/i.test(gap.reason))).toBe(true);
    } finally {
      await harness.dispose();
    }
  }, 120_000);
});
