import { describe, expect, it } from 'vitest';
import { buildHostileReport, buildSampleReport } from '../../../test/support/sample-report.js';
import { ConsultantError } from '../../core/errors.js';
import { Report } from '../model/report.js';
import type { Report as ReportType } from '../model/report.js';
import { parseReportJson, renderJson } from './json.js';

describe('renderJson', () => {
  it('round-trips the sample and the hostile report through the schema unchanged', () => {
    for (const report of [buildSampleReport(), buildHostileReport()]) {
      const json = renderJson(report);
      expect(Report.parse(JSON.parse(json))).toEqual(report);
      expect(parseReportJson(json)).toEqual(report);
    }
  });

  it('is pretty-printed in stored key order', () => {
    const report = buildSampleReport();
    const json = renderJson(report);
    expect(json).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(Object.keys(JSON.parse(json) as object)).toEqual(Object.keys(report));
    expect(json.split('\n')[1]).toBe('  "schemaVersion": 1,');
  });

  it('shows every recommendation and cited evidence title', () => {
    const report = buildSampleReport();
    const parsed = JSON.parse(renderJson(report)) as ReportType;
    expect(parsed.synthesis.recommendations.map((item) => item.text)).toEqual(report.synthesis.recommendations.map((item) => item.text));
    expect(parsed.evidence.map((item) => item.title)).toEqual(report.evidence.map((item) => item.title));
  });

  it('refuses to export a stored report that no longer matches the schema', () => {
    const broken = { ...buildSampleReport(), quality: { scores: {}, overall: 500, issues: [] } } as unknown as ReportType;
    expect(() => renderJson(broken)).toThrow(ConsultantError);
    try {
      renderJson(broken);
    } catch (error) {
      expect((error as ConsultantError).code).toBe('INTERNAL');
      expect(JSON.stringify((error as ConsultantError).details)).toContain('quality');
    }
  });
});

describe('parseReportJson', () => {
  it('rejects text that is not JSON or not a report as invalid input', () => {
    expect(() => parseReportJson('{not json')).toThrow(/cannot be parsed/);
    const error = (() => {
      try {
        parseReportJson(JSON.stringify({ schemaVersion: 1 }));
      } catch (caught) {
        return caught as ConsultantError;
      }
      return undefined;
    })();
    expect(error?.code).toBe('INVALID_INPUT');
    expect((error?.details.issues as unknown[]).length).toBeGreaterThan(0);
  });
});
