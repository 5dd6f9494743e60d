import type { Clock } from '../core/clock.js';
import type { StepContext } from '../core/engine.js';
import type { Logger } from '../core/logger.js';
import type { ReportStore } from '../core/ports/report-store.js';
import type { Analyst, AnalysisBrief, AnalystCall } from '../llm/analyst.js';
import type { ModelTier } from '../llm/model-id.js';
import { AnalysisRequest, type CompanyProfile } from '../reports/model/report.js';
import { type EvidenceSources, offlineSources } from '../sources/evidence-sources.js';
import { FinancialOutput, FocusOutput, readOutput } from '../workflows/strategy/outputs.js';

/** What the strategy agents need from the application; wired once at startup. */
export interface AgentServices {
  /** The configured analyst (model with extractive fallback, or extractive). */
  analyst: Analyst;
  /** Always available: computed quality scores, market signals, offline fallbacks. */
  extractive: Analyst;
  reports: ReportStore;
  clock: Clock;
  logger: Logger;
  /** Network evidence connectors (SEC EDGAR, market data, Wikipedia, web search, news, trends). Absent: none are used. */
  sources?: EvidenceSources;
}

/** The services one run may use: no network evidence source when its request is offline. */
export function servicesForRun(services: AgentServices, request: AnalysisRequest): AgentServices {
  return request.offline && services.sources ? { ...services, sources: offlineSources(services.sources) } : services;
}

export function requestOf(context: StepContext): AnalysisRequest {
  return AnalysisRequest.parse(context.input);
}

export function companyOf(context: StepContext): CompanyProfile {
  const request = requestOf(context);
  const financial = readOutput(FinancialOutput, context.dependencies.financial);
  const profile: CompanyProfile = { name: request.company };
  if (request.industry) profile.industry = request.industry;
  if (financial?.company?.cik) profile.cik = financial.company.cik;
  if (financial?.company?.ticker) profile.ticker = financial.company.ticker;
  return profile;
}

/** The analysis brief a framework, synthesis or review step works from. */
export async function buildBrief(context: StepContext): Promise<AnalysisBrief> {
  const request = requestOf(context);
  const financial = readOutput(FinancialOutput, context.dependencies.financial);
  const focus = readOutput(FocusOutput, context.dependencies.focus);
  const brief: AnalysisBrief = {
    company: companyOf(context),
    depth: request.depth,
    focusTerms: focus?.focusTerms ?? [],
    evidence: await context.listEvidence(),
    metrics: financial?.financials?.metrics ?? [],
  };
  if (request.context) brief.context = request.context;
  return brief;
}

/**
 * What an analyst call needs from its step: the run (budgets), the request's model override and
 * budget, progress events, the agent's declared tier, and what a refused budget means for it.
 */
export function analystCall(context: StepContext, tier: ModelTier, onBudgetExceeded: 'fail' | 'fallback'): AnalystCall {
  const request = requestOf(context);
  return {
    runId: context.runId,
    tenantId: context.tenantId,
    stepId: context.stepId,
    tier,
    onBudgetExceeded,
    ...(request.model ? { model: request.model } : {}),
    ...(request.budget ? { budget: request.budget } : {}),
    progress: (message, data) => context.progress(message, data),
  };
}

/** Measures a step body and adds `durationMs` to its output. */
export async function timed<T extends object>(body: () => Promise<T>): Promise<T & { durationMs: number }> {
  const started = performance.now();
  const output = await body();
  return { ...output, durationMs: Math.round(performance.now() - started) };
}
