import { type AgentPrompt, frameworkSystem } from './agent-prompt.js';

export const blueOceanPrompt: AgentPrompt = {
  agent: 'framework-blue-ocean',
  tier: 'fast',
  schemaName: 'blue_ocean_strategy',
  maxOutputTokens: 2_500,
  system: frameworkSystem(
    'Apply Blue Ocean Strategy: an Eliminate-Reduce-Raise-Create grid of moves the company could make (up to three per action), and a strategy canvas of up to six competing factors with the company and its competitors scored 0–10 from the evidence.',
  ),
};
