import { describe, expect, it } from 'vitest';
import { CancelledError, ConsultantError } from '../../core/errors.js';
import { FRAMEWORK_NAMES, FRAMEWORK_SCHEMAS } from '../../reports/model/frameworks.js';
import type { FrameworkName, FrameworkResults } from '../../reports/model/frameworks.js';
import { QualityReview, Synthesis } from '../../reports/model/report.js';
import type { AnalysisBrief, Analyst } from '../analyst.js';
import { ExtractiveAnalyst } from './extractive-analyst.js';
import { extractBlueOcean, extractMarketSignals, extractPestel, extractPorter, extractSwot, extractSynthesis, reviewQuality } from './index.js';
import { fixtureBrief } from './test-fixtures.js';

const signal = new AbortController().signal;

async function runAll(analyst: Analyst, brief: AnalysisBrief): Promise<{ frameworks: FrameworkResults; synthesis: Synthesis; quality: QualityReview }> {
  const frameworks: FrameworkResults = {};
  for (const name of FRAMEWORK_NAMES) {
    const result = await analyst.framework(name, brief, signal);
    Object.assign(frameworks, { [name]: result.output });
  }
  const synthesis = (await analyst.synthesis(brief, { frameworks }, signal)).output;
  const quality = (await analyst.quality(brief, { frameworks, synthesis }, signal)).output;
  return { frameworks, synthesis, quality };
}

function listSizes(frameworks: FrameworkResults): number[] {
  return [
    ...(frameworks.porter?.forces.map((force) => force.drivers.length) ?? []),
    frameworks.swot?.strengths.length ?? 0,
    frameworks.swot?.weaknesses.length ?? 0,
    frameworks.swot?.opportunities.length ?? 0,
    frameworks.swot?.threats.length ?? 0,
    ...Object.values(frameworks.pestel ?? {}).filter(Array.isArray).map((items) => items.length),
  ];
}

describe('ExtractiveAnalyst', () => {
  const analyst = new ExtractiveAnalyst();

  it('implements every framework with schema-valid output, an extractive generator and zero usage', async () => {
    expect(analyst.kind).toBe('extractive');
    for (const name of FRAMEWORK_NAMES) {
      const result = await analyst.framework(name, fixtureBrief(), signal);
      expect(() => FRAMEWORK_SCHEMAS[name].parse(result.output)).not.toThrow();
      expect(result.generator).toEqual({ kind: 'extractive' });
      expect(result.usage).toEqual({ inputTokens: 0, outputTokens: 0, cachedTokens: 0, costUsd: 0, calls: 0 });
    }
    const { synthesis, quality } = await runAll(analyst, fixtureBrief());
    expect(() => Synthesis.parse(synthesis)).not.toThrow();
    expect(() => QualityReview.parse(quality)).not.toThrow();
  });

  it('returns the same output as the pure functions', async () => {
    const brief = fixtureBrief();
    const { frameworks, synthesis, quality } = await runAll(analyst, brief);
    expect(frameworks).toEqual({ porter: extractPorter(brief), swot: extractSwot(brief), pestel: extractPestel(brief), blue_ocean: extractBlueOcean(brief) });
    expect(synthesis).toEqual(extractSynthesis(brief, frameworks));
    expect(quality).toEqual(reviewQuality(brief, frameworks, synthesis));
  });

  it('is deterministic: the same brief gives byte-identical output', async () => {
    const first = JSON.stringify(await runAll(analyst, fixtureBrief({ context: 'battery supply', focusTerms: ['battery'] })));
    const second = JSON.stringify(await runAll(new ExtractiveAnalyst(), fixtureBrief({ context: 'battery supply', focusTerms: ['battery'] })));
    expect(second).toBe(first);
    expect(JSON.stringify(extractMarketSignals(fixtureBrief()))).toBe(JSON.stringify(extractMarketSignals(fixtureBrief())));
  });

  it('gives more items at deeper depth', async () => {
    const quick = await runAll(analyst, fixtureBrief({ depth: 'quick' }));
    const deep = await runAll(analyst, fixtureBrief({ depth: 'deep' }));
    expect(Math.max(...listSizes(quick.frameworks))).toBeLessThanOrEqual(3);
    const total = (sizes: number[]) => sizes.reduce((sum, size) => sum + size, 0);
    expect(total(listSizes(deep.frameworks))).toBeGreaterThan(total(listSizes(quick.frameworks)));
    expect(deep.synthesis.keyFindings.length).toBeGreaterThan(quick.synthesis.keyFindings.length);
  });

  it('selects different passages when the focus terms change', async () => {
    const plain = (await analyst.framework('swot', fixtureBrief({ depth: 'quick' }), signal)).output;
    const focused = (await analyst.framework('swot', fixtureBrief({ depth: 'quick', focusTerms: ['drought', 'water'] }), signal)).output;
    const texts = (result: typeof plain) => [...result.strengths, ...result.weaknesses, ...result.opportunities, ...result.threats].map((item) => item.text);
    expect(texts(focused)).not.toEqual(texts(plain));
    expect(texts(focused).some((text) => /Drought/.test(text))).toBe(true);
  });

  it('refuses to start on an aborted signal and rejects unknown frameworks', async () => {
    const controller = new AbortController();
    controller.abort(new Error('user cancelled'));
    await expect(analyst.framework('porter', fixtureBrief(), controller.signal)).rejects.toBeInstanceOf(CancelledError);
    await expect(analyst.synthesis(fixtureBrief(), { frameworks: {} }, controller.signal)).rejects.toBeInstanceOf(CancelledError);
    const unknown = analyst.framework('ansoff' as FrameworkName, fixtureBrief(), signal);
    await expect(unknown).rejects.toBeInstanceOf(ConsultantError);
    await expect(unknown).rejects.toMatchObject({ code: 'UNKNOWN_FRAMEWORK' });
  });
});
