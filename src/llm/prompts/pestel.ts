import { type AgentPrompt, frameworkSystem } from './agent-prompt.js';

export const pestelPrompt: AgentPrompt = {
  agent: 'framework-pestel',
  tier: 'fast',
  schemaName: 'pestel_analysis',
  maxOutputTokens: 2_500,
  system: frameworkSystem(
    'Build a PESTEL analysis of the external environment: political, economic, social, technological, environmental and legal factors that bear on the company. Give up to three items per factor; each states its impact on the company (positive, negative or neutral) and cites evidence.',
  ),
};
