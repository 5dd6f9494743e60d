/**
 * The extractive analyst: deterministic, offline, the default when no model is configured and
 * the fallback when every provider is down.
 */
export { ExtractiveAnalyst } from './extractive-analyst.js';
export { extractPorter } from './porter.js';
export { extractSwot } from './swot.js';
export { extractPestel } from './pestel.js';
export { extractBlueOcean } from './blue-ocean.js';
export { extractSynthesis } from './synthesis.js';
export { reviewQuality, QUALITY_WEIGHTS } from './quality.js';
export { extractMarketSignals, competitorNames, MarketOverview, MarketSignal, CompetitorSignal } from './market.js';
export { depthSettings } from './passages.js';
export type { DepthSettings } from './passages.js';
