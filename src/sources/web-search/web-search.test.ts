import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fakeNetwork, json } from '../../../test/fixtures/sources/recorded-fetch.js';
import { unlimited } from '../http/rate-limiter.js';
import { SearxngProvider } from './searxng-provider.js';
import { TavilyProvider } from './tavily-provider.js';
import { guardQuery } from './web-search-provider.js';
import { WebSearchSource } from './web-search-source.js';

const context = () => ({ signal: new AbortController().signal, now: () => new Date('2025-03-05T00:00:00Z') });
const runtime = (fetch: ReturnType<typeof fakeNetwork>['fetch']) => ({ fetch, limiterFor: () => unlimited });
const query = { company: 'Halvern Agritech', industry: 'Precision agriculture', depth: 'standard' as const, focusTerms: [] };

describe('guardQuery', () => {
  it('removes control characters, collapses whitespace and cuts at a word under the limit', () => {
    expect(guardQuery('  drone\u0000 tariffs\n\n2025 ', 100)).toBe('drone tariffs 2025');
    expect(guardQuery('alpha beta gamma delta', 12)).toBe('alpha beta');
    expect(guardQuery(' \u0007 ', 100)).toBeUndefined();
  });

  it('never exceeds the limit (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), fc.integer({ min: 5, max: 500 }), (text, limit) => {
      const guarded = guardQuery(text, limit);
      // eslint-disable-next-line no-control-regex
      return guarded === undefined || (guarded.length <= limit && guarded.length > 0 && !/[\u0000-\u001f]/.test(guarded));
    }));
  });
});

describe('web search providers', () => {
  it('Tavily: POSTs the query with the key as a bearer token and maps results to evidence', async () => {
    const network = fakeNetwork([{ match: /api\.tavily\.com\/search/, answer: json({ results: [{ title: 'Halvern expands', url: 'https://agnews.example/halvern?utm_source=x', content: 'Halvern Agritech opened a plant.', score: 0.9, published_date: '2025-02-01' }, { title: 'Dup', url: 'https://agnews.example/halvern', content: 'same page' }] }) }]);
    const source = new WebSearchSource(new TavilyProvider('tvly-secret-key', runtime(network.fetch)));
    const result = await source.collect(query, context());
    expect(network.calls).toHaveLength(3);
    const call = network.calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.headers.authorization).toBe('Bearer tvly-secret-key');
    expect(JSON.parse(call.body ?? '{}')).toMatchObject({ query: 'Halvern Agritech Precision agriculture company overview strategy', max_results: 5 });
    expect(result.evidence).toHaveLength(1);
    expect(result.evidence[0]).toMatchObject({ kind: 'web', publisher: 'agnews.example', publishedAt: '2025-02-01', locator: 'web:https://agnews.example/halvern' });
  });

  it('SearXNG: GETs JSON from the configured instance', async () => {
    const network = fakeNetwork([{ match: /^http:\/\/searx\.local:8080\/search\?q=/, answer: json({ results: [{ title: 'Halvern', url: 'https://halvern.example/', content: 'Drones for farms.', publishedDate: null }] }) }]);
    const result = await new WebSearchSource(new SearxngProvider('http://searx.local:8080/', runtime(network.fetch))).collect({ ...query, depth: 'quick' }, context());
    expect(network.calls[0]?.url).toContain('format=json');
    expect(result.evidence.map((item) => item.url)).toEqual(['https://halvern.example/']);
  });

  it('reports "not configured" without a provider, and provider failures as gaps', async () => {
    const none = await new WebSearchSource(undefined).collect(query, context());
    expect(none.gaps[0]?.reason).toMatch(/not configured: set CONSULTANTOS_TAVILY_API_KEY/);
    const network = fakeNetwork([{ match: /./, answer: { status: 401, body: 'bad key' } }]);
    const failed = await new WebSearchSource(new TavilyProvider('tvly-wrong', runtime(network.fetch))).collect({ ...query, depth: 'quick' }, context());
    expect(failed.evidence).toEqual([]);
    expect(failed.gaps[0]).toMatchObject({ source: 'web-search', reason: expect.stringMatching(/401/) });
    expect(JSON.stringify(failed.gaps)).not.toContain('tvly-wrong');
  });
});
