import { type AgentPrompt, frameworkSystem } from './agent-prompt.js';

export const porterPrompt: AgentPrompt = {
  agent: 'framework-porter',
  tier: 'fast',
  schemaName: 'porter_five_forces',
  maxOutputTokens: 3_000,
  system: frameworkSystem(
    "Assess Porter's Five Forces for the company's industry: competitive rivalry, threat of new entrants, supplier power, buyer power and threat of substitutes. Rate each force 1 (weak) to 5 (strong) with a level, a rationale that quotes the figures in the evidence, and up to three drivers that each cite evidence. Industry attractiveness is high when the forces are weak.",
  ),
};
