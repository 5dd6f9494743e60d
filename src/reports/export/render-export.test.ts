import { describe, expect, it } from 'vitest';
import { buildSampleReport } from '../../../test/support/sample-report.js';
import { ConsultantError } from '../../core/errors.js';
import { contentDisposition, exportStream, isReportExportFormat, renderExport, REPORT_EXPORT_FORMAT_DETAILS, REPORT_EXPORT_FORMATS, reportFileName } from '../render/index.js';
import type { ReportExportFormat } from '../render/index.js';

const MAGIC: Record<ReportExportFormat, (output: string | Buffer) => boolean> = {
  md: (output) => typeof output === 'string' && output.startsWith('# Lumen Ridge'),
  html: (output) => typeof output === 'string' && output.startsWith('<!doctype html>'),
  json: (output) => typeof output === 'string' && JSON.parse(output).id === 'rep_01JNB7Q3W4X5Y6Z7A8B9C0D1E2',
  pdf: (output) => Buffer.isBuffer(output) && output.subarray(0, 5).toString('latin1') === '%PDF-',
  // Office files are zips.
  docx: (output) => Buffer.isBuffer(output) && output.subarray(0, 2).toString('latin1') === 'PK',
  xlsx: (output) => Buffer.isBuffer(output) && output.subarray(0, 2).toString('latin1') === 'PK',
  pptx: (output) => Buffer.isBuffer(output) && output.subarray(0, 2).toString('latin1') === 'PK',
};

// Rendering is CPU-bound; shared CI machines can be slow, so allow more than the default.
describe('renderExport', { timeout: 120_000 }, () => {
  it('renders every format: text formats as strings, the others as Buffers', async () => {
    const report = buildSampleReport();
    for (const format of REPORT_EXPORT_FORMATS) {
      const output = await renderExport(report, format);
      expect(MAGIC[format](output), format).toBe(true);
      expect(typeof output === 'string', format).toBe(!REPORT_EXPORT_FORMAT_DETAILS[format].binary);
    }
  });

  it('streams every format', async () => {
    const report = buildSampleReport();
    for (const format of REPORT_EXPORT_FORMATS) {
      const chunks: Buffer[] = [];
      for await (const chunk of exportStream(report, format)) chunks.push(Buffer.from(chunk as Uint8Array));
      const body = Buffer.concat(chunks);
      expect(MAGIC[format](REPORT_EXPORT_FORMAT_DETAILS[format].binary ? body : body.toString('utf8')), format).toBe(true);
    }
  });

  it('refuses an unknown format from an untyped caller', async () => {
    await expect(renderExport(buildSampleReport(), 'exe' as ReportExportFormat)).rejects.toBeInstanceOf(ConsultantError);
    expect(() => exportStream(buildSampleReport(), '../x' as ReportExportFormat)).toThrow(ConsultantError);
    expect(isReportExportFormat('pptx')).toBe(true);
    expect(isReportExportFormat('PDF')).toBe(false);
  });
});

describe('export file names', () => {
  it('gives every format its extension and a content type', () => {
    const report = buildSampleReport();
    for (const format of REPORT_EXPORT_FORMATS) {
      expect(reportFileName(report, format)).toBe(`lumen-ridge-coffee-co-v3.${format}`);
      expect(REPORT_EXPORT_FORMAT_DETAILS[format].contentType).toMatch(/^[a-z]+\/[a-z0-9.+-]+(; charset=utf-8)?$/);
    }
    expect(REPORT_EXPORT_FORMAT_DETAILS.pdf.contentType).toBe('application/pdf');
  });

  it('cannot be steered into a path or a header', () => {
    for (const name of ['../../etc/passwd', 'a\r\nSet-Cookie: x=1', 'C:\\Windows\\system32', '"quoted";', '..', '\u202Efdp.exe']) {
      const fileName = reportFileName(buildSampleReport({ company: { name } }), 'pdf');
      expect(fileName, name).toMatch(/^[a-z0-9-]+-v\d+\.pdf$/);
      expect(fileName).not.toContain('..');
    }
  });

  it('builds a Content-Disposition header that cannot break out of its quotes', () => {
    expect(contentDisposition('lumen-ridge-coffee-co-v3.pdf')).toBe(`attachment; filename="lumen-ridge-coffee-co-v3.pdf"; filename*=UTF-8''lumen-ridge-coffee-co-v3.pdf`);
    const header = contentDisposition('../evil"\r\nX-Injected: 1.pdf');
    expect(header).not.toMatch(/[\r\n]/);
    expect(header).toMatch(/^attachment; filename="[A-Za-z0-9._-]+"; filename\*=UTF-8''[A-Za-z0-9%._~!*'()-]+$/);
    expect(contentDisposition('战略.pdf')).toContain(`filename*=UTF-8''${encodeURIComponent('战略.pdf')}`);
  });
});
