import { z } from 'zod';
import { MarketOverview } from '../../llm/extractive/market.js';
import { CitedItem, FrameworkName } from '../../reports/model/frameworks.js';
import { Financials } from '../../reports/model/financials.js';
import { CompanyProfile, DataGap, GeneratorPart, QualityReview, Synthesis, TokenUsage } from '../../reports/model/report.js';

/**
 * What each step of the strategy workflow stores as its output. Outputs are parsed with these
 * schemas when a later step (possibly in another process, after a resume) reads them.
 */
const StepTiming = z.object({ durationMs: z.number().nonnegative() });

export const ResearchOutput = StepTiming.extend({
  documents: z.array(z.object({ path: z.string(), title: z.string(), format: z.string(), passages: z.number().int() })),
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })),
  evidenceCount: z.number().int(),
  gaps: z.array(DataGap),
});
export type ResearchOutput = z.infer<typeof ResearchOutput>;

export const FinancialOutput = StepTiming.extend({
  financials: Financials.nullable(),
  company: CompanyProfile.partial().nullable(),
  gaps: z.array(DataGap),
});
export type FinancialOutput = z.infer<typeof FinancialOutput>;

export const MarketOutput = StepTiming.extend({
  overview: MarketOverview,
  gaps: z.array(DataGap),
});
export type MarketOutput = z.infer<typeof MarketOutput>;

export const FocusOutput = StepTiming.extend({
  focusTerms: z.array(z.string()),
  questions: z.array(z.string()),
});
export type FocusOutput = z.infer<typeof FocusOutput>;

export const AnalystStepOutput = StepTiming.extend({
  generator: GeneratorPart,
  usage: TokenUsage,
});

export const FrameworkOutput = AnalystStepOutput.extend({
  framework: FrameworkName,
  result: z.unknown(),
});
export type FrameworkOutput = z.infer<typeof FrameworkOutput>;

export const SynthesisOutput = AnalystStepOutput.extend({ synthesis: Synthesis });
export type SynthesisOutput = z.infer<typeof SynthesisOutput>;

export const ChallengeOutput = StepTiming.extend({ challenges: z.array(CitedItem) });
export type ChallengeOutput = z.infer<typeof ChallengeOutput>;

export const QualityOutput = AnalystStepOutput.extend({ quality: QualityReview });
export type QualityOutput = z.infer<typeof QualityOutput>;

export const ReportOutput = z.object({
  reportId: z.string(),
  version: z.number().int(),
  status: z.enum(['succeeded', 'partial']),
});
export type ReportOutput = z.infer<typeof ReportOutput>;

/** Reads a dependency's output; `undefined` when the (optional) step failed. */
export function readOutput<T>(schema: z.ZodType<T>, value: unknown): T | undefined {
  if (value === undefined || value === null) return undefined;
  return schema.parse(value);
}
