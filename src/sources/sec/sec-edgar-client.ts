import { ConsultantError } from '../../core/errors.js';
import { connectorClient } from '../http/connector-runtime.js';
import type { ConnectorRuntime } from '../http/connector-runtime.js';
import type { SourceHttpClient } from '../http/http-client.js';
import { badResponseError } from '../http/http-errors.js';
import type { SourceContext } from '../source.js';
import { parseCompanyTickers, resolveCompany } from './company-tickers.js';
import type { CompanyResolution, TickerEntry } from './company-tickers.js';
import { parseCompanyFacts } from './companyfacts.js';
import type { ParsedCompanyFacts } from './companyfacts.js';
import { filingText } from './filing-document.js';
import { parseSubmissions } from './submissions.js';
import type { CompanySubmissions, Filing } from './submissions.js';

export interface SecEdgarClientOptions {
  /** SEC asks every client to declare who it is: "Name email@example.com". */
  userAgent?: string;
  /** At most 10 (SEC's limit for the whole client); default 8. */
  requestsPerSecond?: number;
  runtime: ConnectorRuntime;
}

const HOUR = 3_600_000;
export const SEC_URLS = {
  tickers: 'https://www.sec.gov/files/company_tickers.json',
  submissions: (cik: string) => `https://data.sec.gov/submissions/CIK${cik.padStart(10, '0')}.json`,
  companyFacts: (cik: string) => `https://data.sec.gov/api/xbrl/companyfacts/CIK${cik.padStart(10, '0')}.json`,
};

export const MISSING_USER_AGENT =
  'SEC EDGAR requires a declared User-Agent with a contact (e.g. "Jane Analyst jane@example.com"): set sources.secUserAgent or CONSULTANTOS_SEC_USER_AGENT';

/**
 * SEC EDGAR (no key): the ticker list, submissions, XBRL companyfacts and filing documents.
 * Every request carries the declared User-Agent and goes through one process-wide limiter for
 * sec.gov, so all agents and runs together stay under SEC's 10 requests per second; in
 * distributed mode that limiter also takes its turn from Redis (`distributedSourceLimiters`), so
 * all processes together do.
 */
export class SecEdgarClient {
  readonly source = 'sec-edgar';
  private readonly http: SourceHttpClient;
  private tickerList?: { entries: TickerEntry[]; loadedAt: number };

  constructor(private readonly options: SecEdgarClientOptions) {
    const userAgent = options.userAgent?.trim();
    this.http = connectorClient('sec-edgar', { ...options.runtime, ...(userAgent ? { userAgent } : {}) }, {
      requestsPerSecond: Math.min(10, options.requestsPerSecond ?? 8),
    });
  }

  /** Whether a User-Agent is declared; without one no request is made. */
  get configured(): boolean {
    return (this.options.userAgent?.trim().length ?? 0) > 0;
  }

  private requireUserAgent(): void {
    if (!this.configured) throw new ConsultantError('INVALID_CONFIG', MISSING_USER_AGENT, { retryable: false });
  }

  /** SEC's list of companies with tickers, parsed once per process per day. */
  async tickers(context: SourceContext): Promise<TickerEntry[]> {
    this.requireUserAgent();
    const now = context.now().getTime();
    if (this.tickerList !== undefined && now - this.tickerList.loadedAt < 24 * HOUR) return this.tickerList.entries;
    const entries = await this.http.json({ url: SEC_URLS.tickers, signal: context.signal, cache: context.cache, cacheTtlMs: 24 * HOUR }, parseCompanyTickers);
    this.tickerList = { entries, loadedAt: now };
    return entries;
  }

  async resolve(query: { company: string; ticker?: string; cik?: string }, context: SourceContext): Promise<CompanyResolution> {
    return resolveCompany(await this.tickers(context), query);
  }

  async submissions(cik: string, context: SourceContext): Promise<CompanySubmissions> {
    this.requireUserAgent();
    return this.http.json({ url: SEC_URLS.submissions(cik), signal: context.signal, cache: context.cache, cacheTtlMs: 6 * HOUR }, parseSubmissions);
  }

  /** XBRL companyfacts as `FinancialFact`s with provenance (see companyfacts.ts). */
  async companyFacts(cik: string, context: SourceContext): Promise<ParsedCompanyFacts> {
    this.requireUserAgent();
    const url = SEC_URLS.companyFacts(cik);
    const response = await this.http.text({ url, signal: context.signal, cache: context.cache, cacheTtlMs: 12 * HOUR, accept: ['application/json', 'text/plain'] });
    try {
      return parseCompanyFacts(response.text);
    } catch (error) {
      // Malformed facts from SEC are the upstream's fault, not the user's (FACTS_MALFORMED is for --facts files).
      throw badResponseError(this.source, url, error instanceof Error ? error.message : String(error), error);
    }
  }

  /** The readable text of a filing's primary document (filings never change: cached a week). */
  async filingText(filing: Filing, context: SourceContext): Promise<{ text: string; form?: string }> {
    this.requireUserAgent();
    const response = await this.http.text({ url: filing.url, signal: context.signal, cache: context.cache, cacheTtlMs: 7 * 24 * HOUR, accept: ['text/html', 'application/xhtml+xml', 'text/plain', 'application/xml', 'text/xml'] });
    return filingText(response.text);
  }
}
