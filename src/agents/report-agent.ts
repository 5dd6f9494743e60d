import type { StepHandler } from '../core/engine.js';
import { ConsultantError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { toJsonValue } from '../core/json.js';
import { addUsage, ZERO_USAGE } from '../llm/analyst.js';
import { checkCitations } from '../reports/citation-check.js';
import { assessConfidence } from '../reports/confidence.js';
import { REPORT_SCHEMA_VERSION, Report, type DataGap, type GeneratorPart, type ReportDraft, type TokenUsage } from '../reports/model/report.js';
import {
  AnalystStepOutput,
  FinancialOutput,
  MarketOutput,
  QualityOutput,
  ResearchOutput,
  SynthesisOutput,
  readOutput,
} from '../workflows/strategy/outputs.js';
import { type AgentServices, companyOf, requestOf } from './services.js';
import { frameworkResultsOf } from './synthesis-agent.js';
import { z } from 'zod';

const Timed = z.object({ durationMs: z.number() }).passthrough();

/**
 * Assembles the report from every step's output, runs the citation check against the run's
 * evidence registry, assesses confidence and saves the report as the company's next version.
 * Saving is idempotent per run, so a re-executed report step never creates two versions.
 */
export function reportAgent(services: AgentServices): StepHandler {
  return async (context) => {
    const request = requestOf(context);
    const dependencies = context.dependencies;
    const synthesis = readOutput(SynthesisOutput, dependencies.synthesis);
    const quality = readOutput(QualityOutput, dependencies.quality);
    if (!synthesis || !quality) throw new ConsultantError('STEP_FAILED', 'The report needs the synthesis and the quality review');
    const research = readOutput(ResearchOutput, dependencies.research);
    const financial = readOutput(FinancialOutput, dependencies.financial);
    const market = readOutput(MarketOutput, dependencies.market);
    const evidence = await context.listEvidence();
    const frameworks = frameworkResultsOf(dependencies);
    const checked = checkCitations(frameworks, synthesis.synthesis, evidence.map((item) => item.id));

    const failedSteps = Object.entries(dependencies).filter(([, value]) => value === undefined).map(([stepId]) => stepId);
    const missingFrameworks = request.frameworks.filter((name) => frameworks[name] === undefined);
    const gaps: DataGap[] = [...(research?.gaps ?? []), ...(financial?.gaps ?? []), ...(market?.gaps ?? [])];
    for (const stepId of failedSteps) gaps.push({ source: `step ${stepId}`, reason: 'The step failed; its part of the analysis is missing', impact: 'high' });

    const parts: Record<string, GeneratorPart> = {};
    const byStep: Record<string, TokenUsage> = {};
    const steps: Record<string, number> = {};
    let total = ZERO_USAGE;
    for (const [stepId, value] of Object.entries(dependencies)) {
      const timedOutput = Timed.safeParse(value);
      if (timedOutput.success) steps[stepId] = timedOutput.data.durationMs;
      const analystOutput = AnalystStepOutput.safeParse(value);
      if (!analystOutput.success) continue;
      parts[stepId] = analystOutput.data.generator;
      byStep[stepId] = analystOutput.data.usage;
      total = addUsage(total, analystOutput.data.usage);
    }
    const kinds = new Set(Object.values(parts).map((part) => part.kind));
    const models = [...new Set(Object.values(parts).flatMap((part) => (part.model ? [part.model] : [])))];
    const warnings = [...checked.warnings];
    if (missingFrameworks.length > 0) warnings.push(`Frameworks not produced: ${missingFrameworks.join(', ')}`);
    for (const [stepId, part] of Object.entries(parts)) {
      if (part.fallbackReason) warnings.push(`${stepId} used the extractive analyst because the model failed (${part.fallbackReason})`);
    }

    const now = services.clock.now();
    const startedAt = research ? new Date(now.getTime() - Object.values(steps).reduce((a, b) => Math.max(a, b), 0)) : now;
    const draft: ReportDraft = {
      schemaVersion: REPORT_SCHEMA_VERSION,
      id: newId('rep'),
      runId: context.runId,
      tenantId: context.tenantId,
      status: failedSteps.length > 0 || missingFrameworks.length > 0 ? 'partial' : 'succeeded',
      createdAt: now.toISOString(),
      company: companyOf(context),
      request,
      evidence,
      ...(financial?.financials ? { financials: financial.financials } : {}),
      frameworks: checked.frameworks,
      synthesis: checked.synthesis,
      quality: quality.quality,
      confidence: assessConfidence({ depth: request.depth, evidence, financials: financial?.financials ?? undefined, citations: checked.stats, quality: quality.quality, dataGaps: gaps }),
      citations: checked.stats,
      usage: { ...total, byStep },
      timings: { startedAt: startedAt.toISOString(), endedAt: now.toISOString(), durationMs: now.getTime() - startedAt.getTime(), steps },
      generator: { kind: kinds.size > 1 ? 'mixed' : kinds.has('model') ? 'model' : 'extractive', models, parts },
      warnings,
    };
    // Validate the whole report before it is stored: a malformed report is a bug, never saved.
    const validated = Report.omit({ version: true }).parse(draft) as ReportDraft;
    const saved = await services.reports.saveReport(validated);
    await context.progress(`saved report ${saved.id} (version ${saved.version})`);
    return { output: toJsonValue({ reportId: saved.id, version: saved.version, status: saved.status }) };
  };
}
