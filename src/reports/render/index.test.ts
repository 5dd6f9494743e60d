import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildSampleReport } from '../../../test/support/sample-report.js';
import { ConsultantError } from '../../core/errors.js';
import type { ExportFormat } from './index.js';
import { EXPORT_CONTENT_TYPES, EXPORT_FILE_EXTENSIONS, EXPORT_FORMATS, isExportFormat, renderReport, reportFileName } from './index.js';

describe('renderReport', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('renders every format, each naming the company and every recommendation', () => {
    const report = buildSampleReport();
    for (const format of EXPORT_FORMATS) {
      const output = renderReport(report, format);
      expect(output, format).toContain('Lumen Ridge Coffee Co.');
      for (const recommendation of report.synthesis.recommendations) expect(output, format).toContain(recommendation.text);
    }
    expect(renderReport(report, 'html')).toMatch(/^<!doctype html>/);
    expect(renderReport(report, 'md')).toMatch(/^# Lumen Ridge/);
    expect(JSON.parse(renderReport(report, 'json'))).toEqual(report);
  });

  it('puts no rendering time in the output', () => {
    const report = buildSampleReport();
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2030-01-01T00:00:00.000Z'));
    const early = EXPORT_FORMATS.map((format) => renderReport(report, format));
    vi.setSystemTime(new Date('2031-06-15T12:34:56.000Z'));
    const late = EXPORT_FORMATS.map((format) => renderReport(report, format));
    expect(late).toEqual(early);
    for (const output of early) expect(output).not.toMatch(/2030|2031/);
  });

  it('refuses an unknown format from an untyped caller', () => {
    expect(() => renderReport(buildSampleReport(), 'pdfx' as ExportFormat)).toThrow(ConsultantError);
    expect(isExportFormat('pdfx')).toBe(false);
    expect(isExportFormat('md')).toBe(true);
  });
});

describe('export metadata', () => {
  it('gives every format a UTF-8 content type and an extension', () => {
    for (const format of EXPORT_FORMATS) {
      expect(EXPORT_CONTENT_TYPES[format]).toMatch(/; charset=utf-8$/);
      expect(EXPORT_FILE_EXTENSIONS[format]).toBe(format);
    }
    expect(EXPORT_CONTENT_TYPES.md).toBe('text/markdown; charset=utf-8');
  });

  it('names downloads safely', () => {
    expect(reportFileName(buildSampleReport(), 'md')).toBe('lumen-ridge-coffee-co-v3.md');
    const hostile = buildSampleReport({ company: { name: '../../<script>"; rm -rf' } });
    expect(reportFileName(hostile, 'html')).toBe('script-rm-rf-v3.html');
    expect(reportFileName(buildSampleReport({ company: { name: 'שלום' } }), 'json')).toBe('report-v3.json');
  });
});
