import type { StepHandler } from '../../core/engine.js';
import { challengeAgent } from '../../agents/challenge-agent.js';
import { financialAgent } from '../../agents/financial/financial-agent.js';
import { focusAgent } from '../../agents/focus-agent.js';
import { frameworkAgent } from '../../agents/frameworks/framework-agent.js';
import { marketAgent } from '../../agents/market-agent.js';
import { qualityAgent } from '../../agents/quality-agent.js';
import { reportAgent } from '../../agents/report-agent.js';
import { researchAgent } from '../../agents/research-agent.js';
import type { AgentServices } from '../../agents/services.js';
import { synthesisAgent } from '../../agents/synthesis-agent.js';

/** Handlers of the strategy-analysis workflow, by agent name. */
export function strategyHandlers(services: AgentServices): Map<string, StepHandler> {
  return new Map<string, StepHandler>([
    ['research', researchAgent(services)],
    ['financial', financialAgent(services)],
    ['market', marketAgent(services)],
    ['focus', focusAgent()],
    ['framework', frameworkAgent(services)],
    ['synthesis', synthesisAgent(services)],
    ['challenge', challengeAgent()],
    ['quality', qualityAgent(services)],
    ['report', reportAgent(services)],
  ]);
}
