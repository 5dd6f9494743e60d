import type { ModelTier } from '../model-id.js';
import { DATA_SAFETY_RULES } from './evidence-blocks.js';

/**
 * What one agent sends a model: its default tier, the schema name for native structured output,
 * the output cap (which also bounds its budget reservation) and its system prompt. One file per
 * agent (`porter.ts`, `synthesis.ts`…) declares one of these.
 */
export interface AgentPrompt {
  agent: string;
  tier: ModelTier;
  /** Letters, digits, `_` and `-` only (OpenAI's rule for schema names). */
  schemaName: string;
  maxOutputTokens: number;
  system: string;
}

/** The system prompt every framework agent shares around its own guidance. */
export function frameworkSystem(guidance: string): string {
  return [
    'You are a senior strategy consultant writing one section of a client report.',
    guidance,
    'Be specific: name companies, products, figures and dates from the evidence. Prefer fewer, well-supported items to many vague ones; keep each item to one or two sentences.',
    DATA_SAFETY_RULES,
    'Answer with JSON only, matching the schema.',
  ].join('\n\n');
}
