import { makeEvidence } from '../../reports/model/evidence.js';
import type { Evidence } from '../../reports/model/evidence.js';
import type { PriceStatistics } from './price-statistics.js';
import type { PriceHistory, Quote } from './yahoo-responses.js';

const compact = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 2 });
const plain = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

function money(value: number, currency: string | undefined): string {
  return `${currency ?? ''} ${value >= 1e6 ? compact.format(value) : plain.format(value)}`.trim();
}

function percent(value: number): string {
  return `${value >= 0 ? '+' : ''}${plain.format(value)} %`;
}

/** One `market-data` evidence per quote; the locator pins the symbol and the price time. */
export function quoteEvidence(quote: Quote, retrievedAt: Date): Evidence {
  const parts = [
    quote.price !== undefined ? `last price ${money(quote.price, quote.currency)}${quote.asOf ? ` as of ${quote.asOf.slice(0, 10)}` : ''}` : undefined,
    quote.marketCap !== undefined ? `market capitalisation ${money(quote.marketCap, quote.currency)}` : undefined,
    quote.trailingPE !== undefined ? `trailing P/E ${plain.format(quote.trailingPE)}` : undefined,
    quote.forwardPE !== undefined ? `forward P/E ${plain.format(quote.forwardPE)}` : undefined,
    quote.fiftyTwoWeekLow !== undefined && quote.fiftyTwoWeekHigh !== undefined
      ? `52-week range ${plain.format(quote.fiftyTwoWeekLow)}–${plain.format(quote.fiftyTwoWeekHigh)}`
      : undefined,
    quote.exchange ? `listed on ${quote.exchange}` : undefined,
  ].filter((part): part is string => part !== undefined);
  return makeEvidence(
    {
      kind: 'market-data',
      title: `${quote.name} (${quote.symbol}) — market quote`,
      excerpt: `${quote.name} (${quote.symbol}): ${parts.join('; ')}.`,
      locator: `yahoo:quote:${quote.symbol}:${quote.asOf ?? 'latest'}`,
      url: `https://finance.yahoo.com/quote/${encodeURIComponent(quote.symbol)}`,
      publisher: 'Yahoo Finance',
      ...(quote.asOf ? { publishedAt: quote.asOf } : {}),
      attributes: {
        symbol: quote.symbol,
        currency: quote.currency ?? null,
        price: quote.price ?? null,
        marketCap: quote.marketCap ?? null,
        trailingPE: quote.trailingPE ?? null,
        fiftyTwoWeekLow: quote.fiftyTwoWeekLow ?? null,
        fiftyTwoWeekHigh: quote.fiftyTwoWeekHigh ?? null,
      },
    },
    retrievedAt,
  );
}

/** The price history's computed statistics as one `market-data` evidence. */
export function historyEvidence(history: PriceHistory, statistics: PriceStatistics, range: string, retrievedAt: Date): Evidence {
  const name = history.name ?? history.symbol;
  const returns = statistics.returns.map((entry) => `${entry.label === 'period' ? `whole ${range}` : entry.label} ${percent(entry.percent)}`);
  const parts = [
    `returns ${returns.join(', ')}`,
    statistics.annualisedVolatilityPercent !== undefined ? `annualised volatility ${plain.format(statistics.annualisedVolatilityPercent)} %` : undefined,
    `maximum drawdown ${plain.format(statistics.maxDrawdownPercent)} %`,
  ].filter((part): part is string => part !== undefined);
  return makeEvidence(
    {
      kind: 'market-data',
      title: `${name} (${history.symbol}) — share price ${range} history`,
      excerpt: `${name} (${history.symbol}) share price from ${statistics.from.slice(0, 10)} to ${statistics.to.slice(0, 10)} (${statistics.observations} observations, computed from adjusted closes): ${parts.join('; ')}.`,
      locator: `yahoo:chart:${history.symbol}:${range}:${statistics.to}`,
      url: `https://finance.yahoo.com/quote/${encodeURIComponent(history.symbol)}/history`,
      publisher: 'Yahoo Finance',
      publishedAt: statistics.to,
      attributes: {
        symbol: history.symbol,
        range,
        observations: statistics.observations,
        volatilityPercent: statistics.annualisedVolatilityPercent ?? null,
        maxDrawdownPercent: statistics.maxDrawdownPercent,
        ...Object.fromEntries(statistics.returns.map((entry) => [`return${entry.label}`, entry.percent])),
      },
    },
    retrievedAt,
  );
}
