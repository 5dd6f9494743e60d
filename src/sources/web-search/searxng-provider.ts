import { connectorClient } from '../http/connector-runtime.js';
import type { ConnectorRuntime } from '../http/connector-runtime.js';
import type { SourceHttpClient } from '../http/http-client.js';
import type { SourceContext } from '../source.js';
import { type WebResult, type WebSearchProvider, searchResultsParser } from './web-search-provider.js';

export const parseSearxngResponse = searchResultsParser('publishedDate');

/**
 * A self-hosted SearXNG instance (no key): GET /search?format=json. The instance must have the
 * JSON format enabled (`search.formats` in its settings.yml); otherwise it answers 403.
 */
export class SearxngProvider implements WebSearchProvider {
  readonly name = 'SearXNG';
  readonly maxQueryChars = 500;
  private readonly http: SourceHttpClient;
  private readonly base: string;

  constructor(baseUrl: string, runtime: ConnectorRuntime) {
    this.base = baseUrl.replace(/\/+$/, '');
    // The instance is the user's own server: a higher rate is fine, but keep it bounded.
    this.http = connectorClient('web-search', runtime, { upstream: `searxng:${this.base}`, requestsPerSecond: 4 });
  }

  async search(query: string, options: { maxResults: number }, context: SourceContext): Promise<WebResult[]> {
    const url = `${this.base}/search?q=${encodeURIComponent(query)}&format=json&categories=general&safesearch=1`;
    const results = await this.http.json({ url, signal: context.signal, cache: context.cache }, parseSearxngResponse);
    return results.slice(0, options.maxResults);
  }
}
