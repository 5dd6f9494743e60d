import { describe, expect, it } from 'vitest';
import { Evidence } from '../../reports/model/evidence.js';
import { hasSharedFixtures } from '../../../test/support/shared-fixtures.js';
import { fakeNetwork, json, sharedText } from '../../../test/fixtures/sources/recorded-fetch.js';
import { unlimited } from '../http/rate-limiter.js';
import { parseSearchResponse, parseSummaryResponse } from './wikipedia-responses.js';
import { pickCompanyPage, WikipediaSource } from './wikipedia-source.js';

const context = () => ({ signal: new AbortController().signal, now: () => new Date('2025-03-05T00:00:00Z') });
const runtime = (fetch: ReturnType<typeof fakeNetwork>['fetch']) => ({ fetch, limiterFor: () => unlimited });

describe.skipIf(!hasSharedFixtures())('Wikipedia parsers on recorded responses', () => {
  it('reads a page summary: title, description, extract, canonical URL and revision', () => {
    const summary = parseSummaryResponse(JSON.parse(sharedText('wikipedia', 'page-summary', 'Fermats_Last_Theorem.summary.json')));
    expect(summary).toMatchObject({ title: "Fermat's Last Theorem", type: 'standard', description: 'theorem in number theory', revision: '832091465' });
    expect(summary.extract).toMatch(/^In number theory, Fermat's Last Theorem states/);
    expect(summary.url).toBe("https://en.wikipedia.org/wiki/Fermat's_Last_Theorem");
  });

  it('reads generator search results in rank order, with descriptions', () => {
    const raw = JSON.parse(sharedText('wikipedia', 'search', 'prefix_search_results.json')) as { query: { search: { title: string }[]; pages: { title: string; index: number }[] } };
    const hits = parseSearchResponse(raw);
    const pages = [...raw.query.pages].sort((left, right) => left.index - right.index).map((page) => page.title);
    expect(hits.map((hit) => hit.title)).toEqual([...raw.query.search.map((hit) => hit.title), ...pages].filter((title, index, all) => all.indexOf(title) === index));
    expect(hits.find((hit) => hit.title === 'Abakan')?.description).toMatch(/city in Russia/);
    expect(parseSearchResponse(JSON.parse(sharedText('wikipedia', 'search', 'related_pages_search_results.json'))).length).toBeGreaterThan(0);
  });

  it('reads an answer without results as an empty list', () => {
    expect(parseSearchResponse(JSON.parse(sharedText('wikipedia', 'search', 'full_text_search_results_empty.json')))).toEqual([]);
  });
});

describe('WikipediaSource', () => {
  const search = { batchcomplete: true, query: { search: [{ title: 'Acme (disambiguation)' }, { title: 'Acme Corporation', description: 'American manufacturing company' }, { title: 'Road Runner' }] } };
  const summary = { type: 'standard', title: 'Acme Corporation', description: 'American manufacturing company', extract: 'Acme Corporation is a manufacturer of anvils.', revision: '42', content_urls: { desktop: { page: 'https://en.wikipedia.org/wiki/Acme_Corporation' } } };

  it('picks the page naming the company and cites its summary', async () => {
    const network = fakeNetwork([{ match: /api\.php/, answer: json(search) }, { match: /page\/summary\/Acme_Corporation$/, answer: json(summary) }]);
    const result = await new WikipediaSource(runtime(network.fetch)).collect({ company: 'Acme Corp', depth: 'standard', focusTerms: [] }, context());
    expect(result.gaps).toEqual([]);
    expect(result.evidence).toHaveLength(1);
    expect(Evidence.parse(result.evidence[0])).toMatchObject({ kind: 'wikipedia', locator: 'wikipedia:en:Acme Corporation@42', url: 'https://en.wikipedia.org/wiki/Acme_Corporation' });
  });

  it('never cites a disambiguation page, and reports an outage as a gap', async () => {
    const disambiguation = fakeNetwork([{ match: /api\.php/, answer: json({ query: { search: [{ title: 'Acme' }] } }) }, { match: /summary/, answer: json({ ...summary, title: 'Acme', type: 'disambiguation' }) }]);
    const first = await new WikipediaSource(runtime(disambiguation.fetch)).collect({ company: 'Acme', depth: 'quick', focusTerms: [] }, context());
    expect(first.evidence).toEqual([]);
    expect(first.gaps[0]?.reason).toMatch(/disambiguation/);
    const down = fakeNetwork([{ match: /./, answer: { status: 503 } }]);
    const second = await new WikipediaSource(runtime(down.fetch)).collect({ company: 'Acme', depth: 'quick', focusTerms: [] }, context());
    expect(second.gaps[0]).toMatchObject({ source: 'wikipedia', reason: expect.stringMatching(/503/) });
  });

  it('prefers a company page among pages naming the company', () => {
    expect(pickCompanyPage('Apple', [{ title: 'Apple', description: 'fruit' }, { title: 'Apple Inc.', description: 'American technology company' }])?.title).toBe('Apple Inc.');
    expect(pickCompanyPage('Halvern Agritech', [{ title: 'Agriculture' }])).toBeUndefined();
  });
});
