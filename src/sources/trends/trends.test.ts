import { describe, expect, it } from 'vitest';
import { hasSharedFixtures } from '../../../test/support/shared-fixtures.js';
import { fakeNetwork, sharedText } from '../../../test/fixtures/sources/recorded-fetch.js';
import { unlimited } from '../http/rate-limiter.js';
import { GoogleTrendsSource } from './google-trends-source.js';
import { classifyTrend } from './trend-classification.js';
import { parseExploreResponse, parseInterestOverTime, parseRelatedQueries, stripXssiPrefix } from './trends-responses.js';

const decoded = (name: string): string => sharedText('google-trends', 'decoded', name);
const context = () => ({ signal: new AbortController().signal, now: () => new Date('2025-03-05T00:00:00Z') });

describe.skipIf(!hasSharedFixtures())('Google Trends parsers on recorded (decoded) bodies', () => {
  it('strips the XSSI prefix in both spellings', () => {
    expect(decoded('test_interest_over_time_ok__1_explore.raw.txt').startsWith(")]}'")).toBe(true);
    expect(() => JSON.parse(stripXssiPrefix(decoded('test_interest_over_time_ok__1_explore.raw.txt')))).not.toThrow();
    expect(() => JSON.parse(stripXssiPrefix(decoded('test_interest_over_time_ok__2_widgetdata_multiline.raw.txt')))).not.toThrow();
  });

  it('reads the explore widgets with their tokens and requests', () => {
    const widgets = parseExploreResponse(decoded('test_interest_over_time_ok__1_explore.raw.txt'));
    expect(widgets.map((widget) => widget.id)).toEqual(['TIMESERIES', 'GEO_MAP', 'GEO_MAP_0', 'RELATED_QUERIES_0', 'GEO_MAP_1', 'RELATED_QUERIES_1']);
    expect(widgets[0]?.token).toMatch(/^APP6_/);
  });

  it('reads interest over time exactly', () => {
    const points = parseInterestOverTime(decoded('test_interest_over_time_ok__2_widgetdata_multiline.raw.txt'));
    expect(points.map((point) => point.values)).toEqual([[100, 2], [83, 2], [78, 2], [49, 1], [50, 1]]);
    expect(points[0]?.time).toBe('2021-01-01T00:00:00.000Z');
    const long = parseInterestOverTime(decoded('test_interest_over_time_partial__2_widgetdata_multiline.raw.txt'));
    expect(long.length).toBeGreaterThan(100);
  });

  it('reads related queries, top and rising', () => {
    const related = parseRelatedQueries(decoded('test_related_queries_result_top__2_widgetdata_relatedsearches.raw.txt'));
    expect(related.top[0]).toEqual({ query: 'pizza hut', value: 100, formattedValue: '100' });
    expect(related.rising.length).toBeGreaterThan(0);
  });

  it('serves the connector end to end: explore, series and related queries become one trend evidence', async () => {
    const network = fakeNetwork([
      { match: /\/api\/explore/, answer: () => ({ headers: { 'content-type': 'application/json' }, body: decoded('test_related_queries_result_top__1_explore.raw.txt') }) },
      { match: /\/widgetdata\/multiline/, answer: () => ({ headers: { 'content-type': 'application/json' }, body: decoded('test_interest_over_time_partial__2_widgetdata_multiline.raw.txt') }) },
      { match: /\/widgetdata\/relatedsearches/, answer: () => ({ headers: { 'content-type': 'application/json' }, body: decoded('test_related_queries_result_top__2_widgetdata_relatedsearches.raw.txt') }) },
    ]);
    const result = await new GoogleTrendsSource({ fetch: network.fetch, limiterFor: () => unlimited }).collect({ company: 'pizza', depth: 'standard', focusTerms: [] }, context());
    expect(result.gaps).toEqual([]);
    expect(result.evidence).toHaveLength(1);
    expect(result.evidence[0]).toMatchObject({ kind: 'trend', publisher: 'Google Trends' });
    expect(result.evidence[0]?.excerpt).toMatch(/Top related searches: pizza hut, pizza near me/);
    expect(['growing', 'stable', 'declining']).toContain(result.evidence[0]?.attributes?.direction);
    expect(network.calls.map((call) => new URL(call.url).pathname)).toEqual(['/trends/api/explore', '/trends/api/widgetdata/multiline', '/trends/api/widgetdata/relatedsearches']);
  });
});

describe('classifyTrend', () => {
  it('calls growth, decline and stability from the first and last thirds', () => {
    expect(classifyTrend([10, 12, 11, 20, 22, 21, 30, 31, 33])).toMatchObject({ direction: 'growing', firstMean: 11, lastMean: 31.3 });
    expect(classifyTrend([80, 82, 78, 60, 55, 50, 40, 38, 35])?.direction).toBe('declining');
    expect(classifyTrend([50, 52, 49, 51, 50, 48, 51, 50, 52])?.direction).toBe('stable');
    // An all-zero start counts from one: (7 − 0) ÷ 1.
    expect(classifyTrend([0, 0, 0, 0, 5, 9])?.changePercent).toBe(700);
    expect(classifyTrend([1, 2])).toBeUndefined();
  });
});

describe('GoogleTrendsSource failures', () => {
  it('gives up on a long rate limit at once and reports a low-impact gap', async () => {
    const network = fakeNetwork([{ match: /./, answer: { status: 429, headers: { 'retry-after': '3600' } } }]);
    const result = await new GoogleTrendsSource({ fetch: network.fetch, limiterFor: () => unlimited }).collect({ company: 'Acme', depth: 'standard', focusTerms: [] }, context());
    expect(network.calls).toHaveLength(1);
    expect(result.gaps).toEqual([expect.objectContaining({ source: 'trends', impact: 'low', reason: expect.stringMatching(/429/) })]);
  });

  it('reads nothing at quick depth', async () => {
    const network = fakeNetwork([]);
    const result = await new GoogleTrendsSource({ fetch: network.fetch, limiterFor: () => unlimited }).collect({ company: 'Acme', depth: 'quick', focusTerms: [] }, context());
    expect(network.calls).toHaveLength(0);
    expect(result).toEqual({ evidence: [], gaps: [] });
  });
});
