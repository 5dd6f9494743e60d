import { connectorClient } from '../http/connector-runtime.js';
import type { ConnectorRuntime } from '../http/connector-runtime.js';
import type { SourceHttpClient } from '../http/http-client.js';
import type { SourceContext } from '../source.js';
import { type WebResult, type WebSearchProvider, searchResultsParser } from './web-search-provider.js';

export const parseTavilyResponse = searchResultsParser('published_date');

/**
 * Tavily's search API over plain HTTP (POST /search, key as a bearer token) rather than the
 * `@tavily/core` client: the shared HTTP client then applies our rate limit, retries, cache and
 * injected `fetch`, and the key never enters a cache key or a log line.
 */
export class TavilyProvider implements WebSearchProvider {
  readonly name = 'Tavily';
  readonly maxQueryChars = 400;
  private readonly http: SourceHttpClient;

  constructor(private readonly apiKey: string, runtime: ConnectorRuntime, private readonly searchDepth: 'basic' | 'advanced' = 'basic') {
    this.http = connectorClient('web-search', runtime, { upstream: 'api.tavily.com' });
  }

  async search(query: string, options: { maxResults: number }, context: SourceContext): Promise<WebResult[]> {
    const body = JSON.stringify({ query, max_results: options.maxResults, search_depth: this.searchDepth, topic: 'general', include_answer: false });
    return this.http.json(
      { url: 'https://api.tavily.com/search', method: 'POST', body, headers: { authorization: `Bearer ${this.apiKey}`, 'content-type': 'application/json' }, signal: context.signal, cache: context.cache },
      parseTavilyResponse,
    );
  }
}
