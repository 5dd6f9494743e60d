import { Readable } from 'node:stream';
import { ConsultantError } from '../../core/errors.js';
import type { Report } from '../model/report.js';
import { renderHtml } from '../render/html.js';
import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { REPORT_EXPORT_FORMATS } from './formats.js';
import type { ReportExportFormat } from './formats.js';

// The binary renderers load pdfkit, docx, exceljs and pptxgenjs (and parse fonts) on first use
// only, so a CLI command or API process that never exports a PDF does not pay for them.

function unknownFormat(format: unknown): ConsultantError {
  // Reachable from untyped callers (a CLI flag, a query string) that skipped the type guard.
  return new ConsultantError('INVALID_INPUT', `Unknown export format: ${String(format)}`, {
    details: { format: String(format), supported: [...REPORT_EXPORT_FORMATS] },
  });
}

/**
 * Renders a stored report in any export format: a UTF-8 string for md, html and json, a Buffer
 * for pdf, docx, xlsx and pptx. Every format is built from the same document outline (or, for
 * spreadsheets and slides, the same citation numbering), so they agree in content.
 */
export async function renderExport(report: Report, format: ReportExportFormat): Promise<string | Buffer> {
  switch (format) {
    case 'md':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
    case 'json':
      return renderJson(report);
    case 'pdf':
      return (await import('./pdf/render-pdf.js')).renderPdf(report);
    case 'docx':
      return (await import('./docx/render-docx.js')).renderDocx(report);
    case 'xlsx':
      return (await import('./xlsx/render-xlsx.js')).renderXlsx(report);
    case 'pptx':
      return (await import('./pptx/render-pptx.js')).renderPptx(report);
    default:
      throw unknownFormat(format);
  }
}

/**
 * The export as a Readable, for an HTTP response or a file. PDF is pdfkit's own stream (its
 * pages are buffered until the table of contents and page numbers are known, then streamed);
 * the zip-based formats are built in memory (a zip's directory comes last) and then streamed;
 * text formats are one chunk. Rendering errors surface as the stream's `error` event.
 */
export function exportStream(report: Report, format: ReportExportFormat): Readable {
  if (!(REPORT_EXPORT_FORMATS as readonly string[]).includes(format)) throw unknownFormat(format);
  return Readable.from(
    (async function* () {
      if (format === 'pdf') {
        const { createPdfStream } = await import('./pdf/render-pdf.js');
        for await (const chunk of createPdfStream(report)) yield chunk as Buffer;
        return;
      }
      const output = await renderExport(report, format);
      yield typeof output === 'string' ? Buffer.from(output, 'utf8') : output;
    })(),
  );
}
