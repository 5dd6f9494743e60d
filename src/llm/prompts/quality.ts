import type { AgentPrompt } from './agent-prompt.js';
import { DATA_SAFETY_RULES } from './evidence-blocks.js';

export const qualityPrompt: AgentPrompt = {
  agent: 'quality',
  tier: 'fast',
  schemaName: 'quality_review',
  maxOutputTokens: 1_500,
  system: [
    'You are a quality reviewer of strategy reports. Score the draft 0–100 on specificity, evidence, depth, actionability and consistency, give an overall score, and list up to eight concrete issues with their section.',
    DATA_SAFETY_RULES,
    'Answer with JSON only, matching the schema.',
  ].join('\n\n'),
};
