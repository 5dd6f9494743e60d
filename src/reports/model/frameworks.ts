import { z } from 'zod';

/**
 * Each framework's structured result. Every item names the evidence it rests on; the citation
 * check drops or flags items whose ids the run never retrieved. These schemas are also what a
 * model must answer with, so they stay flat and described.
 */
export const EvidenceIds = z
  .array(z.string())
  .max(12)
  .describe('Ids of the evidence blocks (ev_…) that support this item; only ids that appear in the evidence');

export const CitedItem = z.object({
  text: z.string().min(1).max(1200).describe('One specific, self-contained statement'),
  evidenceIds: EvidenceIds,
});
export type CitedItem = z.infer<typeof CitedItem>;

export const FRAMEWORK_NAMES = ['porter', 'swot', 'pestel', 'blue_ocean'] as const;
export const FrameworkName = z.enum(FRAMEWORK_NAMES);
export type FrameworkName = z.infer<typeof FrameworkName>;

export const FRAMEWORK_TITLES: Record<FrameworkName, string> = {
  porter: "Porter's Five Forces",
  swot: 'SWOT',
  pestel: 'PESTEL',
  blue_ocean: 'Blue Ocean Strategy',
};

// Porter's Five Forces -------------------------------------------------------------------------
export const PORTER_FORCES = [
  'competitive_rivalry',
  'threat_of_new_entrants',
  'supplier_power',
  'buyer_power',
  'threat_of_substitutes',
] as const;
export const PorterForceName = z.enum(PORTER_FORCES);
export type PorterForceName = z.infer<typeof PorterForceName>;

export const PORTER_FORCE_TITLES: Record<PorterForceName, string> = {
  competitive_rivalry: 'Competitive rivalry',
  threat_of_new_entrants: 'Threat of new entrants',
  supplier_power: 'Supplier power',
  buyer_power: 'Buyer power',
  threat_of_substitutes: 'Threat of substitutes',
};

export const IntensityLevel = z.enum(['low', 'medium', 'high']);

export const PorterForce = z.object({
  force: PorterForceName,
  rating: z.number().int().min(1).max(5).describe('1 = very weak force, 5 = very strong force'),
  level: IntensityLevel,
  rationale: z.string().min(1).max(1500),
  drivers: z.array(CitedItem).max(8),
  evidenceIds: EvidenceIds,
});
export type PorterForce = z.infer<typeof PorterForce>;

export const PorterResult = z.object({
  forces: z.array(PorterForce).min(1).max(5),
  industryAttractiveness: z.number().int().min(1).max(5).describe('1 = unattractive, 5 = very attractive'),
  summary: z.string().min(1).max(2000),
});
export type PorterResult = z.infer<typeof PorterResult>;

// SWOT -------------------------------------------------------------------------------------------
export const SwotResult = z.object({
  strengths: z.array(CitedItem).max(10),
  weaknesses: z.array(CitedItem).max(10),
  opportunities: z.array(CitedItem).max(10),
  threats: z.array(CitedItem).max(10),
  summary: z.string().min(1).max(2000),
});
export type SwotResult = z.infer<typeof SwotResult>;
export const SWOT_QUADRANTS = ['strengths', 'weaknesses', 'opportunities', 'threats'] as const;
export type SwotQuadrant = (typeof SWOT_QUADRANTS)[number];

// PESTEL -----------------------------------------------------------------------------------------
export const PESTEL_FACTORS = ['political', 'economic', 'social', 'technological', 'environmental', 'legal'] as const;
export const PestelFactorName = z.enum(PESTEL_FACTORS);
export type PestelFactorName = z.infer<typeof PestelFactorName>;

export const PestelItem = CitedItem.extend({
  impact: z.enum(['positive', 'negative', 'neutral']),
});
export type PestelItem = z.infer<typeof PestelItem>;

export const PestelResult = z.object({
  political: z.array(PestelItem).max(8),
  economic: z.array(PestelItem).max(8),
  social: z.array(PestelItem).max(8),
  technological: z.array(PestelItem).max(8),
  environmental: z.array(PestelItem).max(8),
  legal: z.array(PestelItem).max(8),
  summary: z.string().min(1).max(2000),
});
export type PestelResult = z.infer<typeof PestelResult>;

// Blue Ocean -------------------------------------------------------------------------------------
export const ERRC_ACTIONS = ['eliminate', 'reduce', 'raise', 'create'] as const;
export type ErrcAction = (typeof ERRC_ACTIONS)[number];

export const CanvasFactor = z.object({
  factor: z.string().min(1).max(120),
  company: z.number().min(0).max(10).describe('Offering level of the company, 0–10'),
  competitors: z.number().min(0).max(10).describe('Typical offering level of competitors, 0–10'),
  evidenceIds: EvidenceIds,
});
export type CanvasFactor = z.infer<typeof CanvasFactor>;

export const BlueOceanResult = z.object({
  eliminate: z.array(CitedItem).max(6),
  reduce: z.array(CitedItem).max(6),
  raise: z.array(CitedItem).max(6),
  create: z.array(CitedItem).max(6),
  strategyCanvas: z.array(CanvasFactor).max(10),
  summary: z.string().min(1).max(2000),
});
export type BlueOceanResult = z.infer<typeof BlueOceanResult>;

export const FRAMEWORK_SCHEMAS = {
  porter: PorterResult,
  swot: SwotResult,
  pestel: PestelResult,
  blue_ocean: BlueOceanResult,
} as const;

export const FrameworkResults = z.object({
  porter: PorterResult.optional(),
  swot: SwotResult.optional(),
  pestel: PestelResult.optional(),
  blue_ocean: BlueOceanResult.optional(),
});
export type FrameworkResults = z.infer<typeof FrameworkResults>;

export type FrameworkResultMap = {
  porter: PorterResult;
  swot: SwotResult;
  pestel: PestelResult;
  blue_ocean: BlueOceanResult;
};
