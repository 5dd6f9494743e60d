import { z } from 'zod';

/** Google Trends prefixes JSON with `)]}'` (and sometimes `,`) to defeat JSON hijacking. */
export function stripXssiPrefix(body: string): string {
  return body.replace(/^\uFEFF?\)\]\}'\s*,?\s*/, '');
}

const Widget = z
  .object({
    id: z.string(),
    token: z.string().optional(),
    request: z.unknown().optional(),
  })
  .passthrough();

export interface TrendsWidget {
  id: string;
  token: string;
  request: unknown;
}

/** Parses the explore answer: the widgets whose token and request open each data endpoint. */
export function parseExploreResponse(body: string): TrendsWidget[] {
  const parsed = z.object({ widgets: z.array(Widget) }).parse(JSON.parse(stripXssiPrefix(body)));
  return parsed.widgets.flatMap((widget) => (widget.token !== undefined && widget.request !== undefined ? [{ id: widget.id, token: widget.token, request: widget.request }] : []));
}

const TimelinePoint = z
  .object({
    time: z.string(),
    formattedTime: z.string().optional(),
    value: z.array(z.number()),
    hasData: z.array(z.boolean()).optional(),
    isPartial: z.boolean().optional(),
  })
  .passthrough();

export interface InterestPoint {
  /** ISO date of the period start. */
  time: string;
  /** 0–100 per keyword, relative to the peak of the chart. */
  values: number[];
  /** The last period is still being counted. */
  partial: boolean;
}

/** Parses widgetdata/multiline (interest over time). */
export function parseInterestOverTime(body: string): InterestPoint[] {
  const parsed = z.object({ default: z.object({ timelineData: z.array(TimelinePoint) }) }).parse(JSON.parse(stripXssiPrefix(body)));
  return parsed.default.timelineData.map((point) => ({
    time: new Date(Number(point.time) * 1000).toISOString(),
    values: point.value,
    partial: point.isPartial === true,
  }));
}

const RankedKeyword = z.object({ query: z.string().optional(), topic: z.object({ title: z.string() }).passthrough().optional(), value: z.number(), formattedValue: z.string().optional() }).passthrough();

export interface RelatedQuery {
  query: string;
  /** Top: 0–100 relative search interest. Rising: growth in per cent (Breakout is very large). */
  value: number;
  formattedValue?: string;
}

/** Parses widgetdata/relatedsearches: the first ranked list is "top", the second "rising". */
export function parseRelatedQueries(body: string): { top: RelatedQuery[]; rising: RelatedQuery[] } {
  const parsed = z.object({ default: z.object({ rankedList: z.array(z.object({ rankedKeyword: z.array(RankedKeyword) })) }) }).parse(JSON.parse(stripXssiPrefix(body)));
  const lists = parsed.default.rankedList.map((list) =>
    list.rankedKeyword.flatMap((keyword) => {
      const query = keyword.query ?? keyword.topic?.title;
      if (query === undefined) return [];
      const entry: RelatedQuery = { query, value: keyword.value };
      if (keyword.formattedValue !== undefined) entry.formattedValue = keyword.formattedValue;
      return [entry];
    }),
  );
  return { top: lists[0] ?? [], rising: lists[1] ?? [] };
}
