import { describe, expect, it } from 'vitest';
import type { FrameworkResults } from '../../reports/model/frameworks.js';
import { Synthesis } from '../../reports/model/report.js';
import type { AnalysisBrief } from '../analyst.js';
import { extractBlueOcean } from './blue-ocean.js';
import { startsWithActionVerb } from './framework-items.js';
import { extractPestel } from './pestel.js';
import { extractPorter } from './porter.js';
import { extractSwot } from './swot.js';
import { extractSynthesis } from './synthesis.js';
import { briefOf, citedIds, fixtureBrief } from './test-fixtures.js';

function frameworksOf(brief: AnalysisBrief): FrameworkResults {
  return { porter: extractPorter(brief), swot: extractSwot(brief), pestel: extractPestel(brief), blue_ocean: extractBlueOcean(brief) };
}

function sentenceCount(text: string): number {
  return text.split(/(?<=[.!?])\s+(?=[A-Z])/).length;
}

describe('extractSynthesis', () => {
  const brief = fixtureBrief();
  const frameworks = frameworksOf(brief);
  const synthesis = Synthesis.parse(extractSynthesis(brief, frameworks));

  it('writes a 3–5 sentence summary naming the company, its forces, SWOT and figures', () => {
    expect(synthesis.executiveSummary).toContain('Orchardly Systems');
    expect(sentenceCount(synthesis.executiveSummary)).toBeGreaterThanOrEqual(3);
    expect(sentenceCount(synthesis.executiveSummary)).toBeLessThanOrEqual(5);
    // Several forces can share the top rating; supplier power is among the strongest either way.
    expect(synthesis.executiveSummary).toMatch(/strongest forces? (?:is|are) [^.]*supplier power/);
    expect(synthesis.executiveSummary).toMatch(/revenue growth 38\.0% \(FY2024\)/);
    expect(synthesis.summaryEvidenceIds.length).toBeGreaterThan(0);
  });

  it('picks distinct key findings across sections', () => {
    const texts = synthesis.keyFindings.map((finding) => finding.text);
    expect(texts.length).toBe(5);
    expect(new Set(texts.map((text) => text.split(':')[0])).size).toBeGreaterThanOrEqual(4);
    expect(synthesis.keyFindings.every((finding) => finding.evidenceIds.length > 0)).toBe(true);
  });

  it('writes recommendations as short actions that cite the items they rest on and quote them only in the rationale', () => {
    expect(synthesis.recommendations.length).toBeGreaterThan(1);
    for (const recommendation of synthesis.recommendations) {
      expect(startsWithActionVerb(recommendation.text)).toBe(true);
      expect(recommendation.text.length).toBeLessThanOrEqual(220);
      expect(recommendation.text).not.toMatch(/[“”…]/);
      expect(recommendation.evidenceIds.length).toBeGreaterThan(0);
      expect(recommendation.rationale).toMatch(/Priority (high|medium|low); horizon (now|next|later)/);
      expect(recommendation.rationale).toMatch(/“[^”]{20,}”/);
    }
    const fromThreat = synthesis.recommendations.find((recommendation) => recommendation.rationale.startsWith('A threat in the SWOT'));
    const threat = frameworks.swot?.threats.find((item) => fromThreat?.rationale.includes(item.text.slice(0, 40)));
    expect(threat).toBeDefined();
    for (const id of threat?.evidenceIds ?? []) expect(fromThreat?.evidenceIds).toContain(id);
    const supplier = synthesis.recommendations.find((recommendation) => recommendation.rationale.startsWith('Supplier power is rated'));
    expect(supplier?.text).toMatch(/^Qualify second sources for .*camera modules/);
    expect(new Set(synthesis.recommendations.map((recommendation) => recommendation.priority)).size).toBeGreaterThan(1);
  });

  it('lists risks from strong forces and threats, and next steps that start with verbs', () => {
    expect(synthesis.risks.some((risk) => /^Supplier power is high \(5\/5\)/.test(risk.text))).toBe(true);
    expect(synthesis.nextSteps.length).toBeGreaterThan(0);
    expect(synthesis.nextSteps.every((step) => startsWithActionVerb(step))).toBe(true);
  });

  it('cites only evidence in the brief and has no context response without a context', () => {
    const known = new Set(brief.evidence.map((evidence) => evidence.id));
    expect(citedIds(synthesis).every((id) => known.has(id))).toBe(true);
    expect(synthesis.contextResponse).toBeUndefined();
  });
});

describe('context response', () => {
  it('answers the context from the passages that mention the focus terms', () => {
    const brief = fixtureBrief({ context: 'How exposed is Orchardly to battery costs and tariffs?', focusTerms: ['battery', 'tariffs'] });
    const synthesis = extractSynthesis(brief, frameworksOf(brief));
    const response = synthesis.contextResponse;
    expect(response?.text).toMatch(/battery/);
    expect(response?.text).toMatch(/26 weeks|25%/);
    const mentioning = brief.evidence.filter((evidence) => /battery|tariff/i.test(evidence.excerpt)).map((evidence) => evidence.id);
    expect(response?.evidenceIds.length).toBeGreaterThan(0);
    expect(response?.evidenceIds.every((id) => mentioning.includes(id))).toBe(true);
  });

  it('says so when no evidence mentions the focus terms', () => {
    const brief = fixtureBrief({ context: 'What about blockchain traceability?', focusTerms: ['blockchain'] });
    const response = extractSynthesis(brief, frameworksOf(brief)).contextResponse;
    expect(response?.text).toMatch(/^None of the retrieved evidence mentions blockchain/);
    expect(response?.evidenceIds).toEqual([]);
  });
});

describe('without evidence', () => {
  it('states the gap in a valid synthesis', () => {
    const brief = briefOf([]);
    const synthesis = Synthesis.parse(extractSynthesis(brief, frameworksOf(brief)));
    expect(synthesis.keyFindings).toEqual([{ text: expect.stringMatching(/^No evidence was retrieved for Orchardly Systems/), evidenceIds: [] }]);
    expect(synthesis.recommendations).toHaveLength(1);
    expect(synthesis.recommendations[0]?.text).toMatch(/^Collect evidence/);
    expect(synthesis.executiveSummary).toMatch(/no evidence was retrieved/);
    expect(synthesis.risks).toEqual([]);
  });

  it('handles a brief with no framework results at all', () => {
    const synthesis = Synthesis.parse(extractSynthesis(fixtureBrief(), {}));
    expect(synthesis.keyFindings[0]?.text).toMatch(/do not address the requested frameworks/);
    expect(sentenceCount(synthesis.executiveSummary)).toBeGreaterThanOrEqual(3);
  });
});
