import type { Evidence } from '../../reports/model/evidence.js';
import type { DataGap, Depth } from '../../reports/model/report.js';
import { failure, guarded, success } from '../connector.js';
import type { Outcome } from '../connector.js';
import type { EvidenceSource, SourceContext, SourceQuery, SourceResult } from '../source.js';
import { historyEvidence, quoteEvidence } from './market-evidence.js';
import { priceStatistics } from './price-statistics.js';
import type { ChartRange, YahooFinanceClient } from './yahoo-finance-client.js';
import type { Quote, SymbolMatch } from './yahoo-responses.js';

/** Price history length by depth. */
export const HISTORY_RANGE: Readonly<Record<Depth, ChartRange>> = { quick: '6mo', standard: '1y', deep: '5y' };

export interface MarketSnapshot {
  quote: Quote;
  evidence: Evidence;
}

/**
 * Market data from Yahoo Finance: the quote (price, market capitalisation, P/E, 52-week range,
 * currency) and the price history, whose returns, volatility and drawdown are computed in code.
 * Without a ticker, Yahoo's search finds the company's listed equity.
 */
export class MarketDataSource implements EvidenceSource {
  readonly name = 'market-data';

  constructor(private readonly client: YahooFinanceClient) {}

  /** The listed equity for a company name (Yahoo search, equities only, best first). */
  async symbolFor(company: string, context: SourceContext): Promise<Outcome<SymbolMatch>> {
    const found = await guarded(this.name, `Ticker lookup for "${company}" failed`, 'medium', () => this.client.search(company, context));
    if (!found.ok) return found;
    const equity = found.value.quotes.find((quote) => quote.quoteType === 'EQUITY');
    if (equity === undefined) return failure({ source: this.name, reason: `No listed equity found for "${company}"; pass its ticker`, impact: 'medium' });
    return success(equity);
  }

  /** The quote and its evidence, for the financial agent's market multiples. */
  async snapshot(symbol: string, context: SourceContext): Promise<Outcome<MarketSnapshot>> {
    const quotes = await guarded(this.name, `The quote for ${symbol} could not be read`, 'medium', () => this.client.quotes([symbol], context));
    if (!quotes.ok) return quotes;
    const quote = quotes.value.find((candidate) => candidate.symbol.toUpperCase() === symbol.toUpperCase()) ?? quotes.value[0];
    if (quote === undefined) return failure({ source: this.name, reason: `Yahoo Finance has no quote for ${symbol}`, impact: 'medium' });
    return success({ quote, evidence: quoteEvidence(quote, context.now()) });
  }

  async collect(query: SourceQuery, context: SourceContext): Promise<SourceResult> {
    const gaps: DataGap[] = [];
    const notes: string[] = [];
    let symbol = query.ticker;
    if (symbol === undefined) {
      const match = await this.symbolFor(query.company, context);
      if (!match.ok) return { evidence: [], gaps: [match.gap] };
      symbol = match.value.symbol;
      notes.push(`Yahoo Finance search matched "${query.company}" to ${match.value.name} (${symbol})`);
    }
    const evidence: Evidence[] = [];
    const snapshot = await this.snapshot(symbol, context);
    if (snapshot.ok) evidence.push(snapshot.value.evidence);
    else gaps.push(snapshot.gap);
    const range = HISTORY_RANGE[query.depth];
    const history = await guarded(this.name, `The ${range} price history of ${symbol} could not be read`, 'low', () => this.client.chart(symbol, range, context));
    if (!history.ok) {
      gaps.push(history.gap);
    } else {
      const statistics = priceStatistics(history.value.points);
      if (statistics === undefined) gaps.push({ source: this.name, reason: `The price history of ${symbol} has too few prices for statistics`, impact: 'low' });
      else evidence.push(historyEvidence(history.value, statistics, range, context.now()));
    }
    return { evidence, gaps, notes };
  }

  /** Quotes of competitors (deep depth), one evidence each; failures become one gap. */
  async competitorQuotes(symbols: readonly string[], context: SourceContext): Promise<SourceResult> {
    if (symbols.length === 0) return { evidence: [], gaps: [] };
    const quotes = await guarded(this.name, `Competitor quotes (${symbols.join(', ')}) could not be read`, 'low', () => this.client.quotes(symbols, context));
    if (!quotes.ok) return { evidence: [], gaps: [quotes.gap] };
    return { evidence: quotes.value.map((quote) => quoteEvidence(quote, context.now())), gaps: [] };
  }
}
