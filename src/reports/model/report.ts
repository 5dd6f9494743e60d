import { z } from 'zod';
import { Evidence } from './evidence.js';
import { Financials } from './financials.js';
import { CitedItem, EvidenceIds, FrameworkName, FrameworkResults } from './frameworks.js';

export const REPORT_SCHEMA_VERSION = 1;

export const Depth = z.enum(['quick', 'standard', 'deep']);
export type Depth = z.infer<typeof Depth>;

export const CompanyProfile = z.object({
  name: z.string().min(1).max(200),
  ticker: z.string().max(20).optional(),
  cik: z.string().max(20).optional(),
  industry: z.string().max(200).optional(),
  description: z.string().max(4000).optional(),
});
export type CompanyProfile = z.infer<typeof CompanyProfile>;

export const AnalysisRequest = z.object({
  company: z.string().trim().min(1, 'company must not be empty').max(200),
  industry: z.string().trim().max(200).optional(),
  frameworks: z.array(FrameworkName).min(1).max(4),
  depth: Depth.default('standard'),
  context: z.string().trim().max(4000).optional(),
  /** Local documents: files or folders of .md, .txt, .html, .pdf. */
  documents: z.array(z.string().min(1)).max(200).default([]),
  /** A local file in SEC's companyfacts JSON format. */
  factsFile: z.string().min(1).optional(),
  /** Per-request model override (`provider:model`): tried first, before the tier's chain. */
  model: z.string().max(200).optional(),
  /** Per-request caps of this run's model spend (on top of any configured ones; the lower wins). */
  budget: z
    .object({
      maxTokens: z.number().int().positive().max(1_000_000_000).optional(),
      maxCostUsd: z.number().positive().max(1_000_000).optional(),
    })
    .optional(),
  /**
   * No network evidence source is asked (each reports an "offline" gap), whatever the executing
   * process's configuration: `analyze --offline` sets it, so a resume elsewhere stays offline.
   */
  offline: z.boolean().optional(),
});
export type AnalysisRequest = z.infer<typeof AnalysisRequest>;
export type AnalysisRequestInput = z.input<typeof AnalysisRequest>;

export const Recommendation = CitedItem.extend({
  rationale: z.string().max(1500),
  priority: z.enum(['high', 'medium', 'low']),
  horizon: z.enum(['now', 'next', 'later']).describe('now = 0–6 months, next = 6–18 months, later = beyond'),
});
export type Recommendation = z.infer<typeof Recommendation>;

export const Synthesis = z.object({
  executiveSummary: z.string().min(1).max(4000),
  summaryEvidenceIds: EvidenceIds,
  keyFindings: z.array(CitedItem).min(1).max(10),
  recommendations: z.array(Recommendation).min(1).max(10),
  risks: z.array(CitedItem).max(10),
  nextSteps: z.array(z.string().min(1).max(500)).max(10),
  /** How the findings bear on the user's stated context, when one was given. */
  contextResponse: CitedItem.optional(),
});
export type Synthesis = z.infer<typeof Synthesis>;

export const QualityDimension = z.enum(['specificity', 'evidence', 'depth', 'actionability', 'consistency']);
export type QualityDimension = z.infer<typeof QualityDimension>;

export const QualityIssue = z.object({
  severity: z.enum(['info', 'warning', 'critical']),
  dimension: QualityDimension,
  section: z.string().max(200),
  message: z.string().max(1000),
});
export type QualityIssue = z.infer<typeof QualityIssue>;

export const QualityReview = z.object({
  scores: z.object({
    specificity: z.number().min(0).max(100),
    evidence: z.number().min(0).max(100),
    depth: z.number().min(0).max(100),
    actionability: z.number().min(0).max(100),
    consistency: z.number().min(0).max(100),
  }),
  overall: z.number().min(0).max(100),
  issues: z.array(QualityIssue).max(50),
});
export type QualityReview = z.infer<typeof QualityReview>;

export const DataGap = z.object({
  source: z.string(),
  reason: z.string(),
  impact: z.enum(['low', 'medium', 'high']),
});
export type DataGap = z.infer<typeof DataGap>;

export const Confidence = z.object({
  score: z.number().min(0).max(100),
  level: z.enum(['low', 'medium', 'high']),
  rationale: z.string(),
  dataGaps: z.array(DataGap),
});
export type Confidence = z.infer<typeof Confidence>;

export const TokenUsage = z.object({
  inputTokens: z.number().int().nonnegative(),
  outputTokens: z.number().int().nonnegative(),
  cachedTokens: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  /** Upstream model requests made (retries and repairs included; cache hits excluded). */
  calls: z.number().int().nonnegative(),
  /** Answers served by the exact response cache: zero tokens, zero cost. */
  cacheHits: z.number().int().nonnegative().optional(),
});
export type TokenUsage = z.infer<typeof TokenUsage>;

export const Usage = TokenUsage.extend({
  byStep: z.record(z.string(), TokenUsage),
});
export type Usage = z.infer<typeof Usage>;

export const Timings = z.object({
  startedAt: z.string(),
  endedAt: z.string(),
  durationMs: z.number().nonnegative(),
  steps: z.record(z.string(), z.number().nonnegative()),
});
export type Timings = z.infer<typeof Timings>;

export const GeneratorPart = z.object({
  kind: z.enum(['extractive', 'model']),
  model: z.string().optional(),
  /** Set when a model was tried and the extractive analyst stood in for it. */
  fallbackReason: z.string().optional(),
  /** Models of the fallback chain tried before this part's generator, each `model: why it failed`. */
  fallbackFrom: z.array(z.string().max(600)).max(10).optional(),
});
export type GeneratorPart = z.infer<typeof GeneratorPart>;

export const Generator = z.object({
  kind: z.enum(['extractive', 'model', 'mixed']),
  models: z.array(z.string()),
  parts: z.record(z.string(), GeneratorPart),
});
export type Generator = z.infer<typeof Generator>;

export const CitationStats = z.object({
  /** Evidence ids cited by any item, counted once each. */
  citedIds: z.number().int().nonnegative(),
  /** Citations (item × id) that point at retrieved evidence. */
  verified: z.number().int().nonnegative(),
  /** Citations removed because the id was never retrieved in this run. */
  removedInvalid: z.number().int().nonnegative(),
  /** Items dropped because none of their citations survived. */
  droppedItems: z.number().int().nonnegative(),
  /** Items kept but flagged as unsupported (e.g. a summary with no valid citation). */
  flaggedItems: z.number().int().nonnegative(),
  /** Items checked in all. */
  items: z.number().int().nonnegative(),
});
export type CitationStats = z.infer<typeof CitationStats>;

export const ReportStatus = z.enum(['succeeded', 'partial']);

export const Report = z.object({
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  id: z.string(),
  runId: z.string(),
  tenantId: z.string(),
  /** 1 for the first analysis of this company in the tenant, then 2, 3… */
  version: z.number().int().positive(),
  status: ReportStatus,
  createdAt: z.string(),
  company: CompanyProfile,
  request: AnalysisRequest,
  evidence: z.array(Evidence),
  financials: Financials.optional(),
  frameworks: FrameworkResults,
  synthesis: Synthesis,
  quality: QualityReview,
  confidence: Confidence,
  citations: CitationStats,
  usage: Usage,
  timings: Timings,
  generator: Generator,
  warnings: z.array(z.string()),
});
export type Report = z.infer<typeof Report>;

/** A report before the store assigns its version. */
export type ReportDraft = Omit<Report, 'version'>;

export function companyKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
