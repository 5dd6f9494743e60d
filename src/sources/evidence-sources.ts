import type { Cache } from '../core/ports/cache.js';
import type { DataGap } from '../reports/model/report.js';
import { notConfiguredGap, offlineGap } from './connector.js';
import type { ConnectorRuntime } from './http/connector-runtime.js';
import { DEFAULT_USER_AGENT } from './http/connector-runtime.js';
import type { FetchFunction } from './http/http-client.js';
import type { RateLimiter } from './http/rate-limiter.js';
import { MarketDataSource } from './market/market-data-source.js';
import { YahooFinanceClient } from './market/yahoo-finance-client.js';
import { NewsSource } from './news/news-source.js';
import type { Transport } from './safe-fetch/pinned-transport.js';
import type { Resolver } from './safe-fetch/url-guard.js';
import { SecEdgarClient } from './sec/sec-edgar-client.js';
import { SecFilingsSource } from './sec/sec-filings-source.js';
import type { EvidenceSource, SourceContext, SourceQuery, SourceResult } from './source.js';
import { GoogleTrendsSource } from './trends/google-trends-source.js';
import { SearxngProvider } from './web-search/searxng-provider.js';
import { TavilyProvider } from './web-search/tavily-provider.js';
import type { WebSearchProvider } from './web-search/web-search-provider.js';
import { WebSearchSource } from './web-search/web-search-source.js';
import { WikipediaSource } from './wikipedia/wikipedia-source.js';

export const SOURCE_NAMES = ['sec-edgar', 'market-data', 'wikipedia', 'web-search', 'news', 'trends', 'document-urls'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** The `sources` configuration section, as the connectors need it. */
export interface SourcesSettings {
  /** No connector makes a request; each reports an "offline" gap. */
  offline: boolean;
  secUserAgent?: string;
  secRequestsPerSecond?: number;
  tavilyApiKey?: string;
  searxngUrl?: string;
  /** Extra RSS/Atom feeds read by the news connector. */
  newsFeeds?: readonly string[];
  /** Connectors switched off one by one (names of SOURCE_NAMES). */
  disabled?: readonly string[];
  /** Per-attempt timeout for every connector. */
  timeoutMs?: number;
  /** Document URLs (`--docs https://…`). */
  maxDocumentBytes?: number;
  documentTimeoutMs?: number;
}

/** Test and wiring seams: how connectors reach the network. */
export interface SourcesDependencies {
  fetch?: FetchFunction;
  cache?: Cache;
  limiterFor?: (upstream: string, requestsPerSecond: number) => RateLimiter;
  /** Name resolution and transport of document URLs (the SSRF-guarded path). */
  resolver?: Resolver;
  transport?: Transport;
}

export interface DocumentUrlSettings {
  maxBytes: number;
  timeoutMs: number;
  userAgent: string;
  resolver?: Resolver;
  transport?: Transport;
}

/** Every evidence connector of the application, built once from configuration. */
export interface EvidenceSources {
  readonly offline: boolean;
  /** Shared response cache, handed to connectors in `SourceContext`. */
  readonly cache?: Cache;
  readonly sec: SecEdgarClient;
  readonly filings: SecFilingsSource;
  readonly market: MarketDataSource;
  readonly wikipedia: WikipediaSource;
  readonly webSearch: WebSearchSource;
  readonly news: NewsSource;
  readonly trends: GoogleTrendsSource;
  readonly documentUrls: DocumentUrlSettings;
  /** Whether the connector may make requests (not offline, not disabled). */
  enabled(name: SourceName): boolean;
  /** Why a connector that is not enabled made no request. */
  disabledGap(name: SourceName): DataGap;
}

export function createEvidenceSources(settings: SourcesSettings, dependencies: SourcesDependencies = {}): EvidenceSources {
  const runtime: ConnectorRuntime = {
    fetch: dependencies.fetch ?? ((url, init) => fetch(url, init)),
    ...(dependencies.limiterFor ? { limiterFor: dependencies.limiterFor } : {}),
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    // Wikipedia and feed hosts ask clients for a contact; the SEC declaration is one.
    userAgent: settings.secUserAgent ? `ConsultantOS/0.1 (${settings.secUserAgent})` : DEFAULT_USER_AGENT,
  };
  const sec = new SecEdgarClient({ runtime, ...(settings.secUserAgent ? { userAgent: settings.secUserAgent } : {}), ...(settings.secRequestsPerSecond ? { requestsPerSecond: settings.secRequestsPerSecond } : {}) });
  let provider: WebSearchProvider | undefined;
  if (settings.tavilyApiKey) provider = new TavilyProvider(settings.tavilyApiKey, runtime);
  else if (settings.searxngUrl) provider = new SearxngProvider(settings.searxngUrl, runtime);
  const disabled = new Set(settings.disabled ?? []);
  return {
    offline: settings.offline,
    ...(dependencies.cache ? { cache: dependencies.cache } : {}),
    sec,
    filings: new SecFilingsSource(sec),
    market: new MarketDataSource(new YahooFinanceClient(runtime)),
    wikipedia: new WikipediaSource(runtime),
    webSearch: new WebSearchSource(provider),
    news: new NewsSource(runtime, settings.newsFeeds ?? []),
    trends: new GoogleTrendsSource(runtime),
    documentUrls: {
      maxBytes: settings.maxDocumentBytes ?? 20 * 1024 * 1024,
      timeoutMs: settings.documentTimeoutMs ?? 30_000,
      userAgent: runtime.userAgent ?? DEFAULT_USER_AGENT,
      ...(dependencies.resolver ? { resolver: dependencies.resolver } : {}),
      ...(dependencies.transport ? { transport: dependencies.transport } : {}),
    },
    enabled: (name) => !settings.offline && !disabled.has(name),
    disabledGap: (name) => (settings.offline ? offlineGap(name) : notConfiguredGap(name, 'switched off in sources.disabled')),
  };
}

/** The same connectors with every network source switched off (an offline run). */
export function offlineSources(sources: EvidenceSources): EvidenceSources {
  if (sources.offline) return sources;
  return { ...sources, offline: true, enabled: () => false, disabledGap: (name) => offlineGap(name) };
}

/** The context a connector runs in, from a step's signal and clock. */
export function sourceContext(sources: EvidenceSources | undefined, signal: AbortSignal, now: () => Date): SourceContext {
  return sources?.cache ? { signal, now, cache: sources.cache } : { signal, now };
}

/**
 * Collects from one connector unless it is switched off (offline or disabled), in which case
 * it makes no request and reports why. Without any sources wired (tests, embedders) the
 * connector is reported as not configured.
 */
export async function collectFrom(sources: EvidenceSources | undefined, name: SourceName, pick: (sources: EvidenceSources) => EvidenceSource, query: SourceQuery, context: SourceContext): Promise<SourceResult & { source: SourceName }> {
  if (sources === undefined) return { source: name, evidence: [], gaps: [notConfiguredGap(name, 'no evidence sources are wired into this application')] };
  if (!sources.enabled(name)) return { source: name, evidence: [], gaps: [sources.disabledGap(name)] };
  return { source: name, ...(await pick(sources).collect(query, context)) };
}
