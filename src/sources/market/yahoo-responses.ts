import { z } from 'zod';

const optionalNumber = z.number().finite().nullable().optional();
const optionalString = z.string().nullable().optional();

const QuoteRow = z
  .object({
    symbol: z.string(),
    shortName: optionalString,
    longName: optionalString,
    currency: optionalString,
    financialCurrency: optionalString,
    quoteType: optionalString,
    exchange: optionalString,
    fullExchangeName: optionalString,
    regularMarketPrice: optionalNumber,
    regularMarketTime: z.union([z.number(), z.string()]).nullable().optional(),
    marketCap: optionalNumber,
    trailingPE: optionalNumber,
    forwardPE: optionalNumber,
    fiftyTwoWeekLow: optionalNumber,
    fiftyTwoWeekHigh: optionalNumber,
    sharesOutstanding: optionalNumber,
    epsTrailingTwelveMonths: optionalNumber,
  })
  .passthrough();

const QuoteResponse = z.object({
  quoteResponse: z.object({ result: z.array(QuoteRow).nullable(), error: z.unknown().optional() }),
});

/** A quote as the analysis uses it; absent fields were not in Yahoo's answer. */
export interface Quote {
  symbol: string;
  name: string;
  currency?: string;
  financialCurrency?: string;
  quoteType?: string;
  exchange?: string;
  price?: number;
  /** ISO timestamp of the price. */
  asOf?: string;
  marketCap?: number;
  trailingPE?: number;
  forwardPE?: number;
  fiftyTwoWeekLow?: number;
  fiftyTwoWeekHigh?: number;
  sharesOutstanding?: number;
  epsTrailingTwelveMonths?: number;
}

function present<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

function epochIso(value: number | string | null | undefined): string | undefined {
  if (!present(value)) return undefined;
  const seconds = typeof value === 'number' ? value : Date.parse(value) / 1000;
  return Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : undefined;
}

/** Parses query*.finance.yahoo.com/v7/finance/quote. */
export function parseQuoteResponse(value: unknown): Quote[] {
  const rows = QuoteResponse.parse(value).quoteResponse.result ?? [];
  return rows.map((row) => {
    const quote: Quote = { symbol: row.symbol, name: row.longName ?? row.shortName ?? row.symbol };
    const optional: Partial<Quote> = {
      currency: row.currency ?? undefined,
      financialCurrency: row.financialCurrency ?? undefined,
      quoteType: row.quoteType ?? undefined,
      exchange: row.fullExchangeName ?? row.exchange ?? undefined,
      price: row.regularMarketPrice ?? undefined,
      asOf: epochIso(row.regularMarketTime),
      marketCap: row.marketCap ?? undefined,
      trailingPE: row.trailingPE ?? undefined,
      forwardPE: row.forwardPE ?? undefined,
      fiftyTwoWeekLow: row.fiftyTwoWeekLow ?? undefined,
      fiftyTwoWeekHigh: row.fiftyTwoWeekHigh ?? undefined,
      sharesOutstanding: row.sharesOutstanding ?? undefined,
      epsTrailingTwelveMonths: row.epsTrailingTwelveMonths ?? undefined,
    };
    for (const [key, field] of Object.entries(optional)) if (field !== undefined) (quote as unknown as Record<string, unknown>)[key] = field;
    return quote;
  });
}

const ChartResult = z.object({
  meta: z
    .object({
      symbol: z.string(),
      currency: optionalString,
      longName: optionalString,
      shortName: optionalString,
      regularMarketPrice: optionalNumber,
      regularMarketTime: optionalNumber,
      fiftyTwoWeekHigh: optionalNumber,
      fiftyTwoWeekLow: optionalNumber,
      dataGranularity: optionalString,
      fullExchangeName: optionalString,
      instrumentType: optionalString,
    })
    .passthrough(),
  timestamp: z.array(z.number()).optional(),
  indicators: z.object({
    quote: z.array(z.object({ close: z.array(z.number().nullable()).optional() }).passthrough()),
    adjclose: z.array(z.object({ adjclose: z.array(z.number().nullable()).optional() })).optional(),
  }),
});

const ChartResponse = z.object({
  chart: z.object({ result: z.array(ChartResult).nullable(), error: z.unknown().optional() }),
});

export interface PricePoint {
  /** ISO timestamp of the bar. */
  time: string;
  close: number;
  /** Close adjusted for splits and dividends, when Yahoo sends it. */
  adjustedClose?: number;
}

export interface PriceHistory {
  symbol: string;
  name?: string;
  currency?: string;
  /** `1d`, `1wk`, `1mo`, `1m`… */
  granularity?: string;
  /** Latest price in the chart's meta, and its time. */
  price?: number;
  asOf?: string;
  fiftyTwoWeekLow?: number;
  fiftyTwoWeekHigh?: number;
  /** Oldest first; bars without a close are dropped. */
  points: PricePoint[];
}

/** Parses query*.finance.yahoo.com/v8/finance/chart/<symbol>. */
export function parseChartResponse(value: unknown): PriceHistory {
  const response = ChartResponse.parse(value);
  const result = response.chart.result?.[0];
  if (result === undefined) throw new Error(`the chart has no result${response.chart.error ? ` (${JSON.stringify(response.chart.error).slice(0, 200)})` : ''}`);
  const closes = result.indicators.quote[0]?.close ?? [];
  const adjusted = result.indicators.adjclose?.[0]?.adjclose;
  const points: PricePoint[] = [];
  (result.timestamp ?? []).forEach((seconds, index) => {
    const close = closes[index];
    if (!present(close)) return;
    const point: PricePoint = { time: new Date(seconds * 1000).toISOString(), close };
    const adjustedClose = adjusted?.[index];
    if (present(adjustedClose)) point.adjustedClose = adjustedClose;
    points.push(point);
  });
  const meta = result.meta;
  const history: PriceHistory = { symbol: meta.symbol, points };
  const name = meta.longName ?? meta.shortName;
  if (present(name)) history.name = name;
  if (present(meta.currency)) history.currency = meta.currency;
  if (present(meta.dataGranularity)) history.granularity = meta.dataGranularity;
  if (present(meta.regularMarketPrice)) history.price = meta.regularMarketPrice;
  const asOf = epochIso(meta.regularMarketTime);
  if (asOf !== undefined) history.asOf = asOf;
  if (present(meta.fiftyTwoWeekLow)) history.fiftyTwoWeekLow = meta.fiftyTwoWeekLow;
  if (present(meta.fiftyTwoWeekHigh)) history.fiftyTwoWeekHigh = meta.fiftyTwoWeekHigh;
  return history;
}

const SearchResponse = z.object({
  quotes: z.array(z.object({ symbol: z.string().optional(), shortname: optionalString, longname: optionalString, quoteType: optionalString, exchange: optionalString, isYahooFinance: z.boolean().optional() }).passthrough()).default([]),
  news: z.array(z.object({ title: z.string(), link: z.string(), publisher: optionalString, providerPublishTime: optionalNumber, relatedTickers: z.array(z.string()).optional() }).passthrough()).default([]),
});

export interface SymbolMatch {
  symbol: string;
  name: string;
  quoteType?: string;
  exchange?: string;
}

export interface YahooNewsItem {
  title: string;
  link: string;
  publisher?: string;
  publishedAt?: string;
}

/** Parses query*.finance.yahoo.com/v1/finance/search: symbol matches and Yahoo's company news. */
export function parseSearchResponse(value: unknown): { quotes: SymbolMatch[]; news: YahooNewsItem[] } {
  const response = SearchResponse.parse(value);
  // Besides listings, the quotes list carries entries without a symbol (private companies from other indexes).
  const quotes = response.quotes
    .filter((quote): quote is typeof quote & { symbol: string } => quote.isYahooFinance !== false && typeof quote.symbol === 'string')
    .map((quote) => {
      const match: SymbolMatch = { symbol: quote.symbol, name: quote.longname ?? quote.shortname ?? quote.symbol };
      if (present(quote.quoteType)) match.quoteType = quote.quoteType;
      if (present(quote.exchange)) match.exchange = quote.exchange;
      return match;
    });
  const news = response.news.map((item) => {
    const entry: YahooNewsItem = { title: item.title, link: item.link };
    if (present(item.publisher)) entry.publisher = item.publisher;
    const publishedAt = epochIso(item.providerPublishTime);
    if (publishedAt !== undefined) entry.publishedAt = publishedAt;
    return entry;
  });
  return { quotes, news };
}
