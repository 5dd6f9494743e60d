import { type AgentPrompt, frameworkSystem } from './agent-prompt.js';

export const swotPrompt: AgentPrompt = {
  agent: 'framework-swot',
  tier: 'fast',
  schemaName: 'swot_analysis',
  maxOutputTokens: 2_500,
  system: frameworkSystem(
    'Build a SWOT analysis: strengths and weaknesses are internal to the company, opportunities and threats are external. Give up to five items per quadrant; each is one specific statement with figures where the evidence has them, citing its evidence.',
  ),
};
