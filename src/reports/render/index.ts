import { ConsultantError } from '../../core/errors.js';
import { REPORT_EXPORT_FORMAT_DETAILS } from '../export/formats.js';
import type { ReportExportFormat } from '../export/formats.js';
import type { Report } from '../model/report.js';
import { companyKey } from '../model/report.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';

/**
 * The text formats rendered here. Every export format, binary ones (PDF, DOCX, XLSX, PPTX)
 * included, goes through `renderExport` / `REPORT_EXPORT_FORMATS`, re-exported below.
 */
export const EXPORT_FORMATS = ['md', 'html', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportFormatDetails {
  /** For `Content-Type`; every format is UTF-8. */
  contentType: string;
  /** Without the dot. */
  fileExtension: string;
  label: string;
}

export const EXPORT_FORMAT_DETAILS: Readonly<Record<ExportFormat, ExportFormatDetails>> = {
  md: { contentType: 'text/markdown; charset=utf-8', fileExtension: 'md', label: 'Markdown' },
  html: { contentType: 'text/html; charset=utf-8', fileExtension: 'html', label: 'HTML' },
  json: { contentType: 'application/json; charset=utf-8', fileExtension: 'json', label: 'JSON' },
};

export const EXPORT_CONTENT_TYPES: Readonly<Record<ExportFormat, string>> = {
  md: EXPORT_FORMAT_DETAILS.md.contentType,
  html: EXPORT_FORMAT_DETAILS.html.contentType,
  json: EXPORT_FORMAT_DETAILS.json.contentType,
};

export const EXPORT_FILE_EXTENSIONS: Readonly<Record<ExportFormat, string>> = {
  md: EXPORT_FORMAT_DETAILS.md.fileExtension,
  html: EXPORT_FORMAT_DETAILS.html.fileExtension,
  json: EXPORT_FORMAT_DETAILS.json.fileExtension,
};

export function isExportFormat(value: string): value is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(value);
}

/** Renders a stored report whole. The same report always renders to the same string. */
export function renderReport(report: Report, format: ExportFormat): string {
  switch (format) {
    case 'md':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
    case 'json':
      return renderJson(report);
    default:
      // Reachable from untyped callers (a CLI flag, a query string) that skipped `isExportFormat`.
      throw new ConsultantError('INVALID_INPUT', `Unknown export format: ${String(format)}`, {
        details: { format: String(format), supported: [...EXPORT_FORMATS] },
      });
  }
}

/**
 * A download name safe on every file system and in a `Content-Disposition` header:
 * `lumen-ridge-coffee-co-v3.md`, for any export format. Only `[a-z0-9-]`, a version and a
 * known extension: no path separator, dot segment, quote or line break can survive. Names with
 * no Latin letters fall back to `report`.
 */
export function reportFileName(report: Report, format: ReportExportFormat): string {
  const base = companyKey(report.company.name).replace(/ /g, '-').slice(0, 80).replace(/-+$/, '') || 'report';
  const version = Number.isSafeInteger(report.version) && report.version > 0 ? report.version : 0;
  return `${base}-v${version}.${REPORT_EXPORT_FORMAT_DETAILS[format].fileExtension}`;
}

export { renderHtml } from './html.js';
export { parseReportJson, renderJson } from './json.js';
export { renderMarkdown } from './markdown.js';
export { buildReportDocument } from './build-document.js';
export { REPORT_SECTIONS } from './section-titles.js';
export { REPORT_EXPORT_FORMAT_DETAILS, REPORT_EXPORT_FORMATS, isReportExportFormat } from '../export/formats.js';
export type { ReportExportFormat, ReportExportFormatDetails } from '../export/formats.js';
export { exportStream, renderExport } from '../export/render-export.js';
export { contentDisposition } from '../export/file-name.js';
export type { ReportDocument } from './document-model.js';
