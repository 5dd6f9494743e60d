import type { FrameworkName, FrameworkResultMap } from '../../reports/model/frameworks.js';
import type { GeneratorPart, QualityReview, Synthesis, TokenUsage } from '../../reports/model/report.js';
import { CancelledError, ConsultantError } from '../../core/errors.js';
import type { AnalysisBrief, Analyst, AnalystResult, QualityInput, SynthesisInput } from '../analyst.js';
import { extractBlueOcean } from './blue-ocean.js';
import { extractPestel } from './pestel.js';
import { extractPorter } from './porter.js';
import { reviewQuality } from './quality.js';
import { extractSwot } from './swot.js';
import { extractSynthesis } from './synthesis.js';

const EXTRACTORS: { [K in FrameworkName]: (brief: AnalysisBrief) => FrameworkResultMap[K] } = {
  porter: extractPorter,
  swot: extractSwot,
  pestel: extractPestel,
  blue_ocean: extractBlueOcean,
};

function usage(): TokenUsage {
  return { inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, calls: 0 };
}

function generator(): GeneratorPart {
  return { kind: 'extractive' };
}

/**
 * Lets timers and I/O (lease heartbeats, SSE) run before a synchronous pass over the evidence,
 * which on the largest runs takes a noticeable fraction of a second.
 */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError('The analysis was cancelled', { cause: signal.reason });
}

/**
 * The deterministic analyst: classification, scoring and templated text over the brief's
 * evidence and metrics, with no model and no network. Each call is one synchronous pass, so the
 * signal is checked before and after it rather than in the middle.
 */
export class ExtractiveAnalyst implements Analyst {
  readonly kind = 'extractive' as const;

  async framework<K extends FrameworkName>(name: K, brief: AnalysisBrief, signal: AbortSignal): Promise<AnalystResult<FrameworkResultMap[K]>> {
    await yieldToEventLoop();
    throwIfAborted(signal);
    const extract = EXTRACTORS[name] as ((brief: AnalysisBrief) => FrameworkResultMap[K]) | undefined;
    if (extract === undefined) {
      throw new ConsultantError('UNKNOWN_FRAMEWORK', `The extractive analyst has no framework named "${String(name)}"`, { details: { framework: name } });
    }
    const output = extract(brief);
    throwIfAborted(signal);
    return { output, generator: generator(), usage: usage() };
  }

  async synthesis(brief: AnalysisBrief, input: SynthesisInput, signal: AbortSignal): Promise<AnalystResult<Synthesis>> {
    await yieldToEventLoop();
    throwIfAborted(signal);
    const output = extractSynthesis(brief, input.frameworks);
    throwIfAborted(signal);
    return { output, generator: generator(), usage: usage() };
  }

  async quality(brief: AnalysisBrief, input: QualityInput, signal: AbortSignal): Promise<AnalystResult<QualityReview>> {
    await yieldToEventLoop();
    throwIfAborted(signal);
    const output = reviewQuality(brief, input.frameworks, input.synthesis);
    throwIfAborted(signal);
    return { output, generator: generator(), usage: usage() };
  }
}
