import type { LanguageModelUsage } from 'ai';
import type { TokenUsage } from '../reports/model/report.js';
import type { BillableTokens, PriceTable } from './prices.js';

/** Chars ÷ 4 is the usual rule for English; used only when a provider reports no usage. */
export function estimateTokens(characters: number): number {
  return Math.ceil(Math.max(0, characters) / 4);
}

/** Usage of one upstream request, as billed, plus whether it had to be estimated. */
export interface RequestTokens extends BillableTokens {
  /** The provider reported no usage: counts are estimated from the characters sent and received. */
  estimated: boolean;
}

/**
 * Normalises AI SDK usage (streamed or not) to billable counts. The SDK already folds cache reads
 * and writes into `inputTokens` for every provider, so cached tokens are a subset of the input.
 */
export function requestTokensOf(usage: LanguageModelUsage | undefined, fallback: { promptCharacters: number; answerCharacters: number }): RequestTokens {
  const input = usage?.inputTokens;
  const output = usage?.outputTokens;
  const estimated = input === undefined || output === undefined;
  return {
    inputTokens: input ?? estimateTokens(fallback.promptCharacters),
    outputTokens: output ?? estimateTokens(fallback.answerCharacters),
    cacheReadTokens: usage?.inputTokenDetails?.cacheReadTokens ?? usage?.cachedInputTokens ?? 0,
    cacheWriteTokens: usage?.inputTokenDetails?.cacheWriteTokens ?? 0,
    estimated,
  };
}

/** One upstream request as report usage: tokens, cost from the price table, one call. */
export function tokenUsageOf(modelId: string, tokens: BillableTokens, prices: PriceTable): TokenUsage {
  return {
    inputTokens: tokens.inputTokens,
    outputTokens: tokens.outputTokens,
    cachedTokens: tokens.cacheReadTokens,
    costUsd: prices.costOf(modelId, tokens),
    calls: 1,
  };
}
