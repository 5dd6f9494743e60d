import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Evidence } from '../../reports/model/evidence.js';
import { hasSharedFixtures, sharedFixture } from '../../../test/support/shared-fixtures.js';
import { fakeNetwork, json, yahooBody } from '../../../test/fixtures/sources/recorded-fetch.js';
import type { Route } from '../../../test/fixtures/sources/recorded-fetch.js';
import { unlimited } from '../http/rate-limiter.js';
import type { SourceContext } from '../source.js';
import { MarketDataSource } from './market-data-source.js';
import { priceStatistics } from './price-statistics.js';
import { YahooFinanceClient } from './yahoo-finance-client.js';
import { parseChartResponse, parseQuoteResponse, parseSearchResponse } from './yahoo-responses.js';
import type { PricePoint } from './yahoo-responses.js';

const context = (): SourceContext => ({ signal: new AbortController().signal, now: () => new Date('2025-02-20T00:00:00Z') });

describe.skipIf(!hasSharedFixtures())('Yahoo Finance parsers on recorded responses', () => {
  const files = (folder: string): string[] => (hasSharedFixtures() ? readdirSync(sharedFixture('yahoo-finance', folder)) : []);

  it.each(files('quote'))('quote %s parses, symbols as recorded', (file) => {
    const body = yahooBody('quote', file) as { quoteResponse: { result: { symbol: string }[] } };
    const quotes = parseQuoteResponse(body);
    expect(quotes.map((quote) => quote.symbol)).toEqual(body.quoteResponse.result.map((row) => row.symbol));
  });

  it('reads price, market cap, P/E, 52-week range and currency of AAPL exactly', () => {
    const [quote] = parseQuoteResponse(yahooBody('quote', 'quote-AAPL.json'));
    expect(quote).toMatchObject({ symbol: 'AAPL', name: 'Apple Inc.', currency: 'USD', price: 244.6, marketCap: 3_674_405_863_424, trailingPE: 38.763866, fiftyTwoWeekLow: 164.08, fiftyTwoWeekHigh: 260.1, asOf: '2025-02-14T21:00:00.000Z' });
    expect(parseQuoteResponse(yahooBody('quote', 'quote-AAPL-BABA.json')).map((entry) => entry.symbol)).toEqual(['AAPL', 'BABA']);
  });

  it.each(files('chart'))('chart %s parses, one point per bar with a close', (file) => {
    const body = yahooBody('chart', file) as { chart: { result: { timestamp?: number[]; indicators: { quote: { close?: (number | null)[] }[] } }[] } };
    const history = parseChartResponse(body);
    const closes = body.chart.result[0]?.indicators.quote[0]?.close ?? [];
    expect(history.points).toHaveLength(closes.filter((close) => close !== null).length);
    expect(history.points.every((point) => Number.isFinite(point.close) && !Number.isNaN(Date.parse(point.time)))).toBe(true);
  });

  it('computes returns and volatility of the recorded AAPL autumn 2020 chart in code', () => {
    const history = parseChartResponse(yahooBody('chart', 'chart-AAPL-2020-08-31-to-2020-11-07.json'));
    const statistics = priceStatistics(history.points);
    const prices = history.points.map((point) => point.adjustedClose ?? point.close);
    expect(statistics?.observations).toBe(prices.length);
    expect(statistics?.returns.find((entry) => entry.label === 'period')?.percent).toBeCloseTo((prices.at(-1)! / prices[0]! - 1) * 100, 10);
    const logReturns = prices.slice(1).map((price, index) => Math.log(price / prices[index]!));
    const mean = logReturns.reduce((sum, value) => sum + value, 0) / logReturns.length;
    const deviation = Math.sqrt(logReturns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (logReturns.length - 1));
    expect(statistics?.annualisedVolatilityPercent).toBeCloseTo(deviation * Math.sqrt(252) * 100, 10);
    expect(statistics?.maxDrawdownPercent).toBeLessThan(0);
  });

  it.each(files('search'))('search %s parses symbols and news', (file) => {
    const body = yahooBody('search', file) as { quotes: unknown[]; news: unknown[] };
    const result = parseSearchResponse(body);
    expect(result.news).toHaveLength(body.news.length);
    expect(result.news.every((item) => item.link.startsWith('http'))).toBe(true);
  });
});

describe('priceStatistics', () => {
  const series = (prices: number[], stepDays = 1): PricePoint[] => prices.map((close, index) => ({ time: new Date(Date.UTC(2024, 0, 1) + index * stepDays * 86_400_000).toISOString(), close }));

  it('has zero volatility for steady compounding and reports the windows the history covers', () => {
    const prices = Array.from({ length: 400 }, (_, index) => 100 * 1.001 ** index);
    const statistics = priceStatistics(series(prices));
    expect(statistics?.annualisedVolatilityPercent).toBeCloseTo(0, 8);
    expect(statistics?.maxDrawdownPercent).toBe(0);
    expect(statistics?.returns.map((entry) => entry.label)).toEqual(['1M', '3M', '6M', '1Y', 'period']);
    expect(statistics?.returns.find((entry) => entry.label === '1M')?.percent).toBeCloseTo((1.001 ** 30 - 1) * 100, 8);
  });

  it('measures the largest fall from a peak and prefers adjusted closes', () => {
    const points = series([100, 120, 60, 90]);
    expect(priceStatistics(points)?.maxDrawdownPercent).toBeCloseTo(-50, 10);
    const split = points.map((point, index) => ({ ...point, adjustedClose: 10 + index }));
    expect(priceStatistics(split)?.maxDrawdownPercent).toBe(0);
    expect(priceStatistics(series([100]))).toBeUndefined();
    expect(priceStatistics(series([100, 110, 120], 7))?.periodsPerYear).toBe(52);
  });
});

function yahooRoutes(overrides: Route[] = []): Route[] {
  return [
    ...overrides,
    { match: /fc\.yahoo\.com/, answer: { status: 404, headers: { 'set-cookie': 'A3=d=session; Domain=.yahoo.com; Path=/' }, body: '' } },
    { match: /getcrumb/, answer: { headers: { 'content-type': 'text/plain' }, body: 'crumb123' } },
    { match: /\/v7\/finance\/quote\?symbols=AAPL&/, answer: () => json(yahooBody('quote', 'quote-AAPL.json')) },
    { match: /\/v8\/finance\/chart\/AAPL/, answer: () => json(yahooBody('chart', 'chart-AAPL-2020-08-31-to-2020-11-07.json')) },
    { match: /\/v1\/finance\/search/, answer: () => json(yahooBody('search', 'search-AAPL.json')) },
  ];
}

function source(routes: Route[]) {
  const network = fakeNetwork(routes);
  return { network, market: new MarketDataSource(new YahooFinanceClient({ fetch: network.fetch, limiterFor: () => unlimited })) };
}

describe.skipIf(!hasSharedFixtures())('MarketDataSource with a faked Yahoo', () => {
  it('finds the ticker, reads the quote with a session crumb and adds the computed history', async () => {
    const { market, network } = source(yahooRoutes());
    const result = await market.collect({ company: 'Apple', depth: 'standard', focusTerms: [] }, context());
    expect(result.gaps).toEqual([]);
    expect(result.evidence.map((item) => item.kind)).toEqual(['market-data', 'market-data']);
    for (const item of result.evidence) expect(Evidence.parse(item)).toEqual(item);
    expect(result.evidence[0]?.excerpt).toMatch(/market capitalisation USD 3\.67T; trailing P\/E 38\.76; forward P\/E 29\.43; 52-week range 164\.08–260\.1/);
    expect(result.evidence[1]?.excerpt).toMatch(/annualised volatility/);
    const quoteCall = network.calls.find((call) => call.url.includes('/v7/finance/quote'));
    expect(quoteCall?.url).toContain('crumb=crumb123');
    expect(quoteCall?.headers.cookie).toBe('A3=d=session');
  });

  it('keeps the history when the quote fails, and reports the quote as a gap', async () => {
    const { market } = source(yahooRoutes([{ match: /getcrumb/, answer: { status: 401, body: 'Unauthorized' } }]));
    const result = await market.collect({ company: 'Apple', ticker: 'AAPL', depth: 'standard', focusTerms: [] }, context());
    expect(result.evidence).toHaveLength(1);
    expect(result.gaps).toEqual([expect.objectContaining({ source: 'market-data', reason: expect.stringMatching(/quote for AAPL could not be read.*401/) })]);
  });

  it('turns malformed answers into gaps, never a crash', async () => {
    const garbage = { headers: { 'content-type': 'application/json' }, body: '{"chart": {"result": [{"meta": 5}]}}' };
    const { market } = source([{ match: /chart/, answer: garbage }, { match: /quote/, answer: { headers: { 'content-type': 'application/json' }, body: 'null' } }, ...yahooRoutes()]);
    const result = await market.collect({ company: 'Apple', ticker: 'AAPL', depth: 'standard', focusTerms: [] }, context());
    expect(result.evidence).toEqual([]);
    expect(result.gaps.map((gap) => gap.reason)).toEqual([expect.stringMatching(/quote for AAPL/), expect.stringMatching(/price history of AAPL/)]);
  });
});
