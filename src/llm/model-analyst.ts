import { parsePartialJson } from 'ai';
import type { z } from 'zod';
import { type Logger, silentLogger } from '../core/logger.js';
import type { Evidence } from '../reports/model/evidence.js';
import { FRAMEWORK_SCHEMAS, type FrameworkName, type FrameworkResultMap } from '../reports/model/frameworks.js';
import { type GeneratorPart, QualityReview, Synthesis, type TokenUsage } from '../reports/model/report.js';
import { type Analyst, type AnalysisBrief, type AnalystCall, type AnalystResult, type QualityInput, type SynthesisInput, ZERO_USAGE, addUsage } from './analyst.js';
import type { BudgetScope } from './gateway/budget-guard.js';
import { BudgetExceededError, GatewayFailure } from './gateway/gateway-errors.js';
import type { ModelGateway } from './gateway/model-gateway.js';
import type { ModelTier } from './model-id.js';
import { PROMPT_EVIDENCE_LIMIT } from './prompt-evidence.js';
import type { AgentPrompt } from './prompts/agent-prompt.js';
import { renderBriefContext } from './prompts/brief-context.js';
import { renderEvidenceBlocks } from './prompts/evidence-blocks.js';
import { citedIdsByFrequency, renderFrameworkDigest, renderSynthesisDigest } from './prompts/framework-digest.js';
import { FRAMEWORK_PROMPTS } from './prompts/framework-prompts.js';
import { qualityPrompt } from './prompts/quality.js';
import { synthesisPrompt } from './prompts/synthesis.js';

export interface ModelAnalystOptions {
  gateway: ModelGateway;
  /** Fallback chain per tier (`provider:model` ids); both empty means every part is extractive. */
  tiers: Record<ModelTier, readonly string[]>;
  /** Stands in when every model fails, so a run degrades instead of breaking. */
  fallback: Analyst;
  /** Chooses the evidence a prompt shows (ranked, capped by depth). */
  selectEvidence(brief: AnalysisBrief, purpose: string): Evidence[];
  /** The budgets a call counts against (the run's, the tenant's), from config and the request. */
  budgetScopes?(call: AnalystCall): Promise<BudgetScope[]> | BudgetScope[];
  /** Shortest gap between two streaming progress events. */
  progressIntervalMs?: number;
  logger?: Logger;
}

interface PartRequest<T> {
  prompt: AgentPrompt;
  schema: z.ZodType<T>;
  user: string;
  signal: AbortSignal;
  call: AnalystCall;
  fallback: () => Promise<AnalystResult<T>>;
  stream?: boolean;
}

/** Counts of the arrays in a partial JSON answer, e.g. `3 keyFindings, 1 recommendations`. */
async function partialCounts(text: string): Promise<Record<string, number>> {
  const { value } = await parsePartialJson(text);
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter(([, child]) => Array.isArray(child)).map(([key, child]) => [key, (child as unknown[]).length]));
}

/**
 * The analyst backed by the model gateway. Each agent's prompt file declares its tier, schema
 * name and output cap; the request's model override goes first in the chain. When the whole
 * chain fails, the extractive analyst stands in for that part and the generator says why; usage
 * of the failed attempts is kept. A refused budget fails the step, or — where the report cannot
 * do without the part — is answered by the extractive analyst at no cost.
 */
export class ModelAnalyst implements Analyst {
  readonly kind: 'model' | 'extractive';
  private readonly logger: Logger;

  constructor(private readonly options: ModelAnalystOptions) {
    this.logger = options.logger ?? silentLogger;
    this.kind = options.tiers.fast.length + options.tiers.strong.length > 0 ? 'model' : 'extractive';
  }

  private chainFor(tier: ModelTier, call: AnalystCall): string[] {
    return [...new Set([...(call.model ? [call.model] : []), ...this.options.tiers[tier]])];
  }

  private async part<T>(request: PartRequest<T>): Promise<AnalystResult<T>> {
    const { prompt, call, signal } = request;
    const chain = this.chainFor(call.tier ?? prompt.tier, call);
    if (chain.length === 0) return request.fallback();
    const streaming = request.stream && call.progress ? this.streamProgress(prompt.agent, call) : undefined;
    try {
      const result = await this.options.gateway.generate({
        purpose: prompt.agent,
        schema: request.schema,
        schemaName: prompt.schemaName,
        system: prompt.system,
        prompt: request.user,
        chain,
        signal,
        maxOutputTokens: prompt.maxOutputTokens,
        ...(call.tenantId ? { tenantId: call.tenantId } : {}),
        budgets: (await this.options.budgetScopes?.(call)) ?? [],
        onBudgetWarning: async (scope, state) => {
          const cap = scope.limits.maxCostUsd !== undefined ? `$${scope.limits.maxCostUsd}` : `${scope.limits.maxTokens} tokens`;
          await call.progress?.(`budget warning: ${scope.key} has committed over 80 % of its cap (${cap})`, {
            budget: { key: scope.key, warning: true, spentTokens: state.spent.tokens, spentUsd: state.spent.costUsd, reservedTokens: state.reserved.tokens, ...(scope.limits.maxTokens !== undefined ? { maxTokens: scope.limits.maxTokens } : {}), ...(scope.limits.maxCostUsd !== undefined ? { maxCostUsd: scope.limits.maxCostUsd } : {}) },
          });
        },
        ...(request.stream ? { stream: true } : {}),
        ...(streaming ? { onText: streaming.onText } : {}),
      });
      await streaming?.flush();
      const generator: GeneratorPart = { kind: 'model', model: result.model, ...(result.fallbackFrom.length > 0 ? { fallbackFrom: result.fallbackFrom.slice(0, 10) } : {}) };
      return { output: result.output, generator, usage: result.usage };
    } catch (error) {
      await streaming?.flush();
      if (signal.aborted) throw error;
      const spent: TokenUsage = (error as { usage?: TokenUsage }).usage ?? ZERO_USAGE;
      if (error instanceof BudgetExceededError && call.onBudgetExceeded !== 'fallback') throw error;
      const reason = error instanceof GatewayFailure ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
      this.logger.warn({ agent: prompt.agent, chain, reason: reason.slice(0, 500) }, 'no model answered; using the extractive analyst');
      const substitute = await request.fallback();
      return { ...substitute, generator: { kind: 'extractive', fallbackReason: reason.slice(0, 1000) }, usage: addUsage(substitute.usage, spent) };
    }
  }

  /**
   * Throttled `step-progress` events while an answer streams in. At most one is in flight;
   * `flush` waits for it, so no progress event of a step lands after the step has ended.
   */
  private streamProgress(agent: string, call: AnalystCall): { onText: (text: string) => void; flush: () => Promise<void> } {
    const interval = this.options.progressIntervalMs ?? 750;
    let last = 0;
    let pending: Promise<void> | undefined;
    const onText = (text: string): void => {
      const now = Date.now();
      if (pending || now - last < interval) return;
      last = now;
      pending = partialCounts(text)
        .then(async (counts) => {
          const so = Object.entries(counts).map(([key, count]) => `${count} ${key}`).join(', ');
          await call.progress?.(`${agent}: ${text.length} characters received${so ? ` (${so} so far)` : ''}`, { streaming: { characters: text.length, ...counts } });
        })
        .catch(() => undefined)
        .finally(() => {
          pending = undefined;
        });
    };
    return { onText, flush: async () => pending };
  }

  private userPrompt(brief: AnalysisBrief, purpose: string): string {
    const evidence = this.options.selectEvidence(brief, purpose);
    return [renderBriefContext(brief), 'Evidence:', renderEvidenceBlocks(evidence)].join('\n\n');
  }

  framework<K extends FrameworkName>(name: K, brief: AnalysisBrief, signal: AbortSignal, call: AnalystCall = {}): Promise<AnalystResult<FrameworkResultMap[K]>> {
    return this.part({
      prompt: FRAMEWORK_PROMPTS[name],
      schema: FRAMEWORK_SCHEMAS[name] as unknown as z.ZodType<FrameworkResultMap[K]>,
      user: this.userPrompt(brief, name),
      signal,
      call,
      fallback: () => this.options.fallback.framework(name, brief, signal),
    });
  }

  synthesis(brief: AnalysisBrief, input: SynthesisInput, signal: AbortSignal, call: AnalystCall = {}): Promise<AnalystResult<Synthesis>> {
    // The evidence the analyses lean on most, capped at half the depth's allowance.
    const byId = new Map(brief.evidence.map((item) => [item.id, item]));
    const cited = citedIdsByFrequency(input.frameworks).flatMap((id) => byId.get(id) ?? []).slice(0, Math.ceil(PROMPT_EVIDENCE_LIMIT[brief.depth] / 2));
    const user = [
      renderBriefContext(brief),
      'Framework analyses (written by other analysts from the same evidence; evidence ids in brackets):',
      renderFrameworkDigest(input.frameworks),
      'Evidence most cited by the analyses:',
      renderEvidenceBlocks(cited),
    ].join('\n\n');
    return this.part({ prompt: synthesisPrompt, schema: Synthesis, user, signal, call, stream: true, fallback: () => this.options.fallback.synthesis(brief, input, signal) });
  }

  quality(brief: AnalysisBrief, input: QualityInput, signal: AbortSignal, call: AnalystCall = {}): Promise<AnalystResult<QualityReview>> {
    const user = [renderBriefContext(brief), 'Draft report — framework analyses:', renderFrameworkDigest(input.frameworks), 'Draft report — synthesis:', renderSynthesisDigest(input.synthesis)].join('\n\n');
    return this.part({ prompt: qualityPrompt, schema: QualityReview, user, signal, call, fallback: () => this.options.fallback.quality(brief, input, signal) });
  }
}
