import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Evidence } from '../../reports/model/evidence.js';
import { hasSharedFixtures, projectRoot } from '../../../test/support/shared-fixtures.js';
import { fakeNetwork, sharedText } from '../../../test/fixtures/sources/recorded-fetch.js';
import { unlimited } from '../http/rate-limiter.js';
import { parseFeed } from './feed-parser.js';
import { newsSentiment } from './news-sentiment.js';
import { dedupeItems, googleNewsUrl, NewsSource, titleKey } from './news-source.js';

const googleNews = readFileSync(join(projectRoot, 'test', 'fixtures', 'sources', 'google-news-search.rss'), 'utf8');
const context = () => ({ signal: new AbortController().signal, now: () => new Date('2025-03-05T00:00:00Z') });
const rss = { 'content-type': 'application/rss+xml; charset=UTF-8' };

describe.skipIf(!hasSharedFixtures())('parseFeed on the recorded Guardian RSS feed', () => {
  it('reads every item with its title, link, date and plain-text summary', () => {
    const text = sharedText('news-rss', 'guardian-us.rss');
    const feed = parseFeed(text);
    expect(feed.title).toBe('The Guardian');
    expect(feed.items).toHaveLength((text.match(/<item>/g) ?? []).length);
    for (const item of feed.items) {
      expect(item.title.length).toBeGreaterThan(0);
      expect(item.link).toMatch(/^https:\/\/www\.theguardian\.com\//);
      expect(Number.isNaN(Date.parse(item.publishedAt ?? ''))).toBe(false);
      expect(item.summary).not.toMatch(/<[a-z]/i);
    }
  });
});

describe('parseFeed formats', () => {
  it('reads Google News search results: publisher from <source>, markup stripped', () => {
    const feed = parseFeed(googleNews);
    expect(feed.items).toHaveLength(3);
    expect(feed.items[0]).toMatchObject({ title: 'Halvern Agritech wins record drone-spraying contract - Farm Tech Weekly', publisher: 'Farm Tech Weekly', publishedAt: '2025-03-04T08:00:00.000Z' });
    expect(feed.items[0]?.summary).toBe('Halvern Agritech wins record drone-spraying contract Farm Tech Weekly');
  });

  it('reads Atom and RSS 1.0 (RDF)', () => {
    const atom = parseFeed('<feed xmlns="http://www.w3.org/2005/Atom"><title>Blog</title><entry><title type="html">Post &amp; more</title><link rel="alternate" href="https://blog.example/p1"/><updated>2025-01-02T03:04:05Z</updated><summary>&lt;p&gt;Hi&lt;/p&gt;</summary><author><name>Ann</name></author></entry></feed>');
    expect(atom.items).toEqual([{ title: 'Post & more', link: 'https://blog.example/p1', summary: 'Hi', publishedAt: '2025-01-02T03:04:05.000Z', publisher: 'Ann' }]);
    const rdf = parseFeed('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>Old</title></channel><item><title>One</title><link>https://old.example/1</link></item></rdf:RDF>');
    expect(rdf.items.map((item) => item.link)).toEqual(['https://old.example/1']);
  });

  it('refuses what is not a feed and ignores declared entities', () => {
    expect(() => parseFeed('<html><body>nope</body></html>')).toThrow(/not an RSS or Atom feed/);
    const bomb = '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><rss><channel><title>&b;</title><item><title>x</title><link>https://x.example</link></item></channel></rss>';
    const feed = parseFeed(bomb);
    expect(feed.title).not.toContain('aaaaaaaaaa');
    expect(feed.items).toHaveLength(1);
  });
});

describe('news de-duplication and sentiment', () => {
  it('drops the same headline from another publisher and the same link', () => {
    const items = parseFeed(googleNews).items;
    expect(titleKey(items[0]!.title)).toBe(titleKey(items[2]!.title));
    expect(dedupeItems([...items, items[1]!]).map((item) => item.publisher)).toEqual(['Farm Tech Weekly', 'The Grain Ledger']);
  });

  it('scores headlines with negation', () => {
    expect(newsSentiment('Halvern wins record contract').label).toBe('positive');
    expect(newsSentiment('Tariffs hit margins as costs surge; layoffs announced')).toMatchObject({ label: 'negative', negative: expect.arrayContaining(['tariffs', 'layoffs']) });
    expect(newsSentiment('No recall expected, regulator says').label).toBe('positive');
    expect(newsSentiment('Company schedules annual meeting')).toMatchObject({ score: 0, label: 'neutral' });
  });
});

describe('NewsSource', () => {
  it('searches Google News, de-duplicates, sorts newest first and scores each item', async () => {
    const network = fakeNetwork([{ match: /news\.google\.com\/rss\/search/, answer: { headers: rss, body: googleNews } }]);
    const news = new NewsSource({ fetch: network.fetch, limiterFor: () => unlimited });
    const result = await news.collect({ company: 'Halvern Agritech', depth: 'quick', focusTerms: [] }, context());
    expect(network.calls.map((call) => call.url)).toEqual([googleNewsUrl('"Halvern Agritech"')]);
    expect(result.evidence.map((item) => [item.publisher, item.attributes?.sentimentLabel])).toEqual([
      ['Farm Tech Weekly', 'positive'],
      ['The Grain Ledger', 'negative'],
    ]);
    for (const item of result.evidence) expect(Evidence.parse(item)).toEqual(item);
  });

  it.skipIf(!hasSharedFixtures())('keeps configured-feed items only when they name the company', async () => {
    const network = fakeNetwork([{ match: /theguardian/, answer: () => ({ headers: rss, body: sharedText('news-rss', 'guardian-us.rss') }) }]);
    const news = new NewsSource({ fetch: network.fetch, limiterFor: () => unlimited }, ['https://www.theguardian.com/us/rss'], false);
    const feed = parseFeed(sharedText('news-rss', 'guardian-us.rss'));
    const named = feed.items.find((item) => /Trump/.test(item.title));
    const result = await news.collect({ company: 'Trump', depth: 'deep', focusTerms: [] }, context());
    expect(result.evidence.length).toBeGreaterThan(0);
    expect(result.evidence.every((item) => /trump/i.test(item.excerpt))).toBe(true);
    expect(named).toBeDefined();
    const none = await news.collect({ company: 'Halvern Agritech', depth: 'deep', focusTerms: [] }, context());
    expect(none.evidence).toEqual([]);
    expect(none.gaps[0]?.reason).toMatch(/No news items about "Halvern Agritech"/);
  });

  it('turns a broken feed or an outage into a gap', async () => {
    const network = fakeNetwork([{ match: /search/, answer: { headers: { 'content-type': 'text/xml' }, body: '<html>captcha</html>' } }]);
    const result = await new NewsSource({ fetch: network.fetch, limiterFor: () => unlimited }).collect({ company: 'Acme', depth: 'quick', focusTerms: [] }, context());
    expect(result.evidence).toEqual([]);
    expect(result.gaps[0]).toMatchObject({ source: 'news', reason: expect.stringMatching(/not an RSS or Atom feed/) });
  });
});
