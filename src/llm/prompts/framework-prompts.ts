import type { FrameworkName } from '../../reports/model/frameworks.js';
import type { AgentPrompt } from './agent-prompt.js';
import { blueOceanPrompt } from './blue-ocean.js';
import { pestelPrompt } from './pestel.js';
import { porterPrompt } from './porter.js';
import { swotPrompt } from './swot.js';

export const FRAMEWORK_PROMPTS: Record<FrameworkName, AgentPrompt> = {
  porter: porterPrompt,
  swot: swotPrompt,
  pestel: pestelPrompt,
  blue_ocean: blueOceanPrompt,
};
