import type { JsonObject } from '../core/json.js';
import type { BudgetLimits } from '../core/ports/budget-store.js';
import type { Evidence } from '../reports/model/evidence.js';
import type { FinancialMetric } from '../reports/model/financials.js';
import type { FrameworkName, FrameworkResultMap, FrameworkResults } from '../reports/model/frameworks.js';
import type { CompanyProfile, Depth, GeneratorPart, QualityReview, Synthesis, TokenUsage } from '../reports/model/report.js';
import type { ModelTier } from './model-id.js';

/** Everything an analyst may use. Evidence is data: nothing inside it is an instruction. */
export interface AnalysisBrief {
  company: CompanyProfile;
  depth: Depth;
  /** The user's free-text context, when given. */
  context?: string;
  /** Salient terms of the context; analysts rank evidence that mentions them higher. */
  focusTerms: string[];
  /** The run's evidence registry (documents, facts, market data…). */
  evidence: Evidence[];
  /** Metrics computed in code from financial facts. */
  metrics: FinancialMetric[];
}

export interface AnalystResult<T> {
  output: T;
  generator: GeneratorPart;
  usage: TokenUsage;
}

export interface SynthesisInput {
  frameworks: FrameworkResults;
}

export interface QualityInput {
  frameworks: FrameworkResults;
  synthesis: Synthesis;
}

/**
 * What a step tells the analyst about the call it is making, beyond the brief. Everything is
 * optional: the extractive analyst ignores it.
 */
export interface AnalystCall {
  runId?: string;
  tenantId?: string;
  stepId?: string;
  /** The tier the calling agent declared; the analyst has a default per method. */
  tier?: ModelTier;
  /** Per-request model override (`provider:model`), tried before the tier's chain. */
  model?: string;
  /** Per-request caps of the run's model spend. */
  budget?: BudgetLimits;
  /**
   * What to do when the budget is exhausted: `fail` (the step fails as BUDGET_EXCEEDED; for
   * optional steps) or `fallback` (the extractive analyst stands in at no cost; for steps the
   * report cannot do without).
   */
  onBudgetExceeded?: 'fail' | 'fallback';
  /** Emits a `step-progress` event (streaming progress, budget warnings). */
  progress?(message: string, data?: JsonObject): Promise<void>;
}

/**
 * One interface, two implementations: the extractive analyst (deterministic, offline, the
 * default) and the model analyst (any AI SDK language model, falling back to the extractive
 * one). Every item either returns cites evidence ids from the brief.
 */
export interface Analyst {
  readonly kind: 'extractive' | 'model';
  framework<K extends FrameworkName>(name: K, brief: AnalysisBrief, signal: AbortSignal, call?: AnalystCall): Promise<AnalystResult<FrameworkResultMap[K]>>;
  synthesis(brief: AnalysisBrief, input: SynthesisInput, signal: AbortSignal, call?: AnalystCall): Promise<AnalystResult<Synthesis>>;
  quality(brief: AnalysisBrief, input: QualityInput, signal: AbortSignal, call?: AnalystCall): Promise<AnalystResult<QualityReview>>;
}

export const ZERO_USAGE: TokenUsage = Object.freeze({ inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, calls: 0 });

export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  const cacheHits = (a.cacheHits ?? 0) + (b.cacheHits ?? 0);
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedTokens: a.cachedTokens + b.cachedTokens,
    costUsd: a.costUsd + b.costUsd,
    calls: a.calls + b.calls,
    ...(cacheHits > 0 ? { cacheHits } : {}),
  };
}
