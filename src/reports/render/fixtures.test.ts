import { describe, expect, it } from 'vitest';
import { Report } from '../model/report.js';
import { FRAMEWORK_NAMES, PESTEL_FACTORS } from '../model/frameworks.js';
import { buildHostileReport, buildSampleReport, HOSTILE_TEXTS, HOSTILE_URLS, UNKNOWN_EVIDENCE_IDS } from '../../../test/support/sample-report.js';

describe('buildSampleReport', () => {
  it('is a complete, schema-valid report', () => {
    const report = buildSampleReport();
    expect(Report.parse(report)).toEqual(report);
    for (const name of FRAMEWORK_NAMES) expect(report.frameworks[name], name).toBeDefined();
    for (const factor of PESTEL_FACTORS) expect(report.frameworks.pestel![factor].length, factor).toBeGreaterThan(0);
    expect(report.financials!.metrics.every((metric) => metric.facts.length > 0)).toBe(true);
    expect(report.synthesis.contextResponse).toBeDefined();
    expect(report.confidence.dataGaps.length).toBeGreaterThan(0);
    expect(report.quality.issues.length).toBeGreaterThan(0);
    expect(Object.keys(report.generator.parts).length).toBeGreaterThan(0);
  });

  it('cites only evidence it holds', () => {
    const report = buildSampleReport();
    const known = new Set(report.evidence.map((evidence) => evidence.id));
    const cited = JSON.stringify(report.synthesis).match(/ev_[0-9a-f]{16}/g) ?? [];
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.filter((id) => !known.has(id))).toEqual([]);
  });

  it('applies overrides and returns fresh objects on every call', () => {
    const first = buildSampleReport({ status: 'partial', version: 7 });
    expect(first.status).toBe('partial');
    expect(first.version).toBe(7);
    first.synthesis.keyFindings.length = 0;
    expect(buildSampleReport().synthesis.keyFindings.length).toBeGreaterThan(0);
  });

  it('is identical on every call, so rendered output can be compared', () => {
    expect(JSON.stringify(buildSampleReport())).toBe(JSON.stringify(buildSampleReport()));
  });
});

describe('buildHostileReport', () => {
  it('is schema-valid despite its contents', () => {
    const report = buildHostileReport();
    expect(Report.parse(report)).toEqual(report);
  });

  it('carries every hostile text, URL and unknown id', () => {
    const serialized = JSON.stringify(buildHostileReport());
    for (const [name, value] of Object.entries(HOSTILE_TEXTS)) expect(serialized.includes(JSON.stringify(value).slice(1, -1)), name).toBe(true);
    for (const url of HOSTILE_URLS) expect(serialized.includes(JSON.stringify(url).slice(1, -1)), url).toBe(true);
    for (const id of UNKNOWN_EVIDENCE_IDS) expect(serialized.includes(JSON.stringify(id).slice(1, -1)), id).toBe(true);
    expect(HOSTILE_TEXTS.long).toHaveLength(5_000);
  });
});
