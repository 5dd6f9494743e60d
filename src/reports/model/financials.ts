import { z } from 'zod';

/** One reported number, with the provenance needed to find it again in the filing. */
export const FinancialFact = z.object({
  /** XBRL concept, e.g. `us-gaap:Revenues`. */
  concept: z.string(),
  label: z.string(),
  value: z.number(),
  unit: z.string(),
  periodStart: z.string().optional(),
  periodEnd: z.string(),
  fiscalYear: z.number().int(),
  /** FY, Q1..Q4, or TTM for a computed trailing twelve months. */
  fiscalPeriod: z.string(),
  form: z.string(),
  accession: z.string(),
  filed: z.string(),
  /** Evidence registered for this fact (kind `financial-fact`). */
  evidenceId: z.string().optional(),
});
export type FinancialFact = z.infer<typeof FinancialFact>;

export const MetricUnit = z.enum(['USD', 'ratio', 'percent', 'shares', 'multiple']);
export type MetricUnit = z.infer<typeof MetricUnit>;

/** A reference to the exact fact a metric was computed from. */
export const FactReference = z.object({
  concept: z.string(),
  fiscalYear: z.number().int(),
  fiscalPeriod: z.string(),
  accession: z.string(),
  value: z.number(),
});
export type FactReference = z.infer<typeof FactReference>;

/** A number computed in code (never by a model) from facts, with its formula. */
export const FinancialMetric = z.object({
  key: z.string(),
  label: z.string(),
  value: z.number(),
  unit: MetricUnit,
  fiscalYear: z.number().int(),
  fiscalPeriod: z.string(),
  formula: z.string(),
  facts: z.array(FactReference).min(1),
  evidenceIds: z.array(z.string()),
});
export type FinancialMetric = z.infer<typeof FinancialMetric>;

export const Financials = z.object({
  entityName: z.string().optional(),
  cik: z.string().optional(),
  currency: z.string().optional(),
  facts: z.array(FinancialFact),
  metrics: z.array(FinancialMetric),
});
export type Financials = z.infer<typeof Financials>;
