import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.js';
import { fakeNetwork } from '../../test/fixtures/sources/recorded-fetch.js';
import { collectFrom, createEvidenceSources, SOURCE_NAMES } from './evidence-sources.js';
import { inspectSources } from './inspect-sources.js';

const query = { company: 'Apple Inc.', industry: 'Consumer electronics', depth: 'deep' as const, focusTerms: [] };
const context = () => ({ signal: new AbortController().signal, now: () => new Date('2025-03-05T00:00:00Z') });

describe('offline mode', () => {
  it('makes no request from any connector and reports one "offline" gap each', async () => {
    const network = fakeNetwork([{ match: /./, answer: { status: 200, body: '{}' } }]);
    const sources = createEvidenceSources({ offline: true, secUserAgent: 'Test test@example.com', tavilyApiKey: 'tvly-key-123', newsFeeds: ['https://feeds.example/rss'] }, { fetch: network.fetch });
    const results = await Promise.all([
      collectFrom(sources, 'sec-edgar', (all) => all.filings, query, context()),
      collectFrom(sources, 'market-data', (all) => all.market, query, context()),
      collectFrom(sources, 'wikipedia', (all) => all.wikipedia, query, context()),
      collectFrom(sources, 'web-search', (all) => all.webSearch, query, context()),
      collectFrom(sources, 'news', (all) => all.news, query, context()),
      collectFrom(sources, 'trends', (all) => all.trends, query, context()),
    ]);
    const report = await inspectSources(sources, query, context());
    expect(network.calls).toHaveLength(0);
    for (const result of results) expect(result.gaps).toEqual([{ source: result.source, reason: expect.stringMatching(/^offline/), impact: 'low' }]);
    expect(report.map((entry) => entry.status)).toEqual(['off', 'off', 'off', 'off', 'off', 'off']);
    expect(SOURCE_NAMES.every((name) => !sources.enabled(name))).toBe(true);
  });

  it('is set by CONSULTANTOS_OFFLINE and defaults to on-line', () => {
    expect(loadConfig({ environment: { CONSULTANTOS_OFFLINE: '1' } }).sources.offline).toBe(true);
    expect(loadConfig({ environment: { CONSULTANTOS_OFFLINE: 'false' } }).sources.offline).toBe(false);
    expect(loadConfig({ environment: {} }).sources.offline).toBe(false);
  });

  it('switches single connectors off with CONSULTANTOS_SOURCES_DISABLED, without a request', async () => {
    const config = loadConfig({ environment: { CONSULTANTOS_SOURCES_DISABLED: 'trends, news', CONSULTANTOS_NEWS_FEEDS: 'https://a.example/rss,https://b.example/atom' } });
    expect(config.sources.newsFeeds).toEqual(['https://a.example/rss', 'https://b.example/atom']);
    const network = fakeNetwork([]);
    const sources = createEvidenceSources(config.sources, { fetch: network.fetch });
    const trends = await collectFrom(sources, 'trends', (all) => all.trends, query, context());
    expect(trends.gaps[0]?.reason).toMatch(/switched off/);
    expect(sources.enabled('wikipedia')).toBe(true);
    expect(network.calls).toHaveLength(0);
  });
});

describe('sources configuration', () => {
  it('reads the SEC User-Agent and rate, keeps the Tavily key secret, and names bad variables', () => {
    const config = loadConfig({ environment: { CONSULTANTOS_SEC_USER_AGENT: 'Jane Analyst jane@example.com', CONSULTANTOS_SEC_REQUESTS_PER_SECOND: '5', TAVILY_API_KEY: 'tvly-plain', CONSULTANTOS_TAVILY_API_KEY: 'tvly-preferred' } });
    expect(config.sources).toMatchObject({ secUserAgent: 'Jane Analyst jane@example.com', secRequestsPerSecond: 5, tavilyApiKey: 'tvly-preferred' });
    expect(() => loadConfig({ environment: { CONSULTANTOS_SEC_REQUESTS_PER_SECOND: '50' } })).toThrow(/CONSULTANTOS_SEC_REQUESTS_PER_SECOND/);
    expect(() => loadConfig({ environment: { CONSULTANTOS_SEARXNG_URL: 'not a url' } })).toThrow(/CONSULTANTOS_SEARXNG_URL/);
  });
});

describe('inspectSources', () => {
  it('reports each connector: SEC without a User-Agent, web search unconfigured, the rest failing to reach a dead network', async () => {
    const network = fakeNetwork([]);
    const sources = createEvidenceSources({ offline: false, disabled: ['trends'] }, { fetch: network.fetch, limiterFor: () => ({ acquire: async () => undefined }) });
    const report = await inspectSources(sources, { ...query, depth: 'quick' }, context());
    expect(report.map((entry) => [entry.source, entry.status])).toEqual([
      ['sec-edgar', 'gap'],
      ['market-data', 'gap'],
      ['wikipedia', 'gap'],
      ['web-search', 'gap'],
      ['news', 'gap'],
      ['trends', 'off'],
    ]);
    expect(report[0]?.gaps[0]?.reason).toMatch(/User-Agent/);
    expect(report[3]?.gaps[0]?.reason).toMatch(/not configured/);
    expect(report[2]?.gaps[0]?.reason).toMatch(/404/);
  });
});
