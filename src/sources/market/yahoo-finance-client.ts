import { connectorClient } from '../http/connector-runtime.js';
import type { ConnectorRuntime } from '../http/connector-runtime.js';
import type { SourceHttpClient } from '../http/http-client.js';
import { badResponseError } from '../http/http-errors.js';
import type { SourceContext } from '../source.js';
import { parseChartResponse, parseQuoteResponse, parseSearchResponse } from './yahoo-responses.js';
import type { PriceHistory, Quote, SymbolMatch, YahooNewsItem } from './yahoo-responses.js';

const BASE = 'https://query2.finance.yahoo.com';
const SESSION_MS = 30 * 60_000;
/** Yahoo serves its JSON API only to browser-like clients. */
const BROWSER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';

export type ChartRange = '6mo' | '1y' | '2y' | '5y';

/**
 * Yahoo Finance's public JSON endpoints (no key): quote, chart and search. The quote endpoint
 * wants a session cookie and a "crumb"; both are fetched once and reused for half an hour.
 * Chart and search need neither.
 */
export class YahooFinanceClient {
  readonly source = 'market-data';
  private readonly http: SourceHttpClient;
  private session?: { cookie: string; crumb: string; startedAt: number };

  constructor(private readonly runtime: ConnectorRuntime) {
    this.http = connectorClient('market-data', { ...runtime, userAgent: BROWSER_AGENT });
  }

  async quotes(symbols: readonly string[], context: SourceContext): Promise<Quote[]> {
    const list = symbols.map((symbol) => symbol.trim().toUpperCase()).filter((symbol) => symbol.length > 0).join(',');
    const session = await this.startSession(context);
    const url = `${BASE}/v7/finance/quote?symbols=${encodeURIComponent(list)}&crumb=${encodeURIComponent(session.crumb)}`;
    return this.http.json({ url, signal: context.signal, cache: context.cache, cacheKey: `${BASE}/v7/finance/quote?symbols=${list}`, headers: { cookie: session.cookie } }, parseQuoteResponse);
  }

  async chart(symbol: string, range: ChartRange, context: SourceContext): Promise<PriceHistory> {
    const interval = range === '5y' ? '1wk' : '1d';
    const url = `${BASE}/v8/finance/chart/${encodeURIComponent(symbol.toUpperCase())}?range=${range}&interval=${interval}&includePrePost=false&events=div%7Csplit`;
    return this.http.json({ url, signal: context.signal, cache: context.cache, cacheTtlMs: 6 * 3_600_000 }, parseChartResponse);
  }

  async search(query: string, context: SourceContext): Promise<{ quotes: SymbolMatch[]; news: YahooNewsItem[] }> {
    const url = `${BASE}/v1/finance/search?q=${encodeURIComponent(query.slice(0, 100))}&quotesCount=6&newsCount=8&enableFuzzyQuery=false`;
    return this.http.json({ url, signal: context.signal, cache: context.cache, cacheTtlMs: 3_600_000 }, parseSearchResponse);
  }

  private async startSession(context: SourceContext): Promise<{ cookie: string; crumb: string }> {
    const now = context.now().getTime();
    if (this.session !== undefined && now - this.session.startedAt < SESSION_MS) return this.session;
    const cookie = await this.sessionCookie(context);
    const crumbResponse = await this.http.text({ url: `${BASE}/v1/test/getcrumb`, signal: context.signal, cacheTtlMs: 0, headers: { cookie }, accept: ['text/plain', 'text/html'] });
    const crumb = crumbResponse.text.trim();
    if (crumb.length === 0 || crumb.length > 64 || /[<\s]/.test(crumb)) throw badResponseError(this.source, crumbResponse.url, 'no usable crumb');
    this.session = { cookie, crumb, startedAt: now };
    return this.session;
  }

  /** fc.yahoo.com sets the session cookie on any answer, even a 404, so the status is ignored. */
  private async sessionCookie(context: SourceContext): Promise<string> {
    try {
      const response = await this.runtime.fetch('https://fc.yahoo.com/', { headers: { 'user-agent': BROWSER_AGENT }, redirect: 'manual', signal: AbortSignal.any([context.signal, AbortSignal.timeout(10_000)]) });
      await response.body?.cancel().catch(() => undefined);
      const cookies = typeof response.headers.getSetCookie === 'function' ? response.headers.getSetCookie() : [response.headers.get('set-cookie') ?? ''];
      return cookies.map((cookie) => cookie.split(';')[0]?.trim() ?? '').filter((cookie) => cookie.length > 0).join('; ');
    } catch {
      // Without a cookie the crumb request decides; it fails clearly if the cookie was needed.
      return '';
    }
  }
}
