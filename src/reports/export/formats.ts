import type { ExportFormat } from '../render/index.js';

/**
 * Every format a stored report can be exported to: the text formats rendered by
 * `src/reports/render` and the binary deliverables built here.
 */
export const REPORT_EXPORT_FORMATS = ['md', 'html', 'json', 'pdf', 'docx', 'xlsx', 'pptx'] as const;
export type ReportExportFormat = (typeof REPORT_EXPORT_FORMATS)[number];
export type BinaryExportFormat = Exclude<ReportExportFormat, ExportFormat>;

export interface ReportExportFormatDetails {
  /** For `Content-Type`; text formats carry their charset. */
  contentType: string;
  /** Without the dot. */
  fileExtension: string;
  label: string;
  /** Binary formats are Buffers; text formats are UTF-8 strings. */
  binary: boolean;
}

export const REPORT_EXPORT_FORMAT_DETAILS: Readonly<Record<ReportExportFormat, ReportExportFormatDetails>> = {
  md: { contentType: 'text/markdown; charset=utf-8', fileExtension: 'md', label: 'Markdown', binary: false },
  html: { contentType: 'text/html; charset=utf-8', fileExtension: 'html', label: 'HTML', binary: false },
  json: { contentType: 'application/json; charset=utf-8', fileExtension: 'json', label: 'JSON', binary: false },
  pdf: { contentType: 'application/pdf', fileExtension: 'pdf', label: 'PDF', binary: true },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', fileExtension: 'docx', label: 'Word (DOCX)', binary: true },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileExtension: 'xlsx', label: 'Excel (XLSX)', binary: true },
  pptx: { contentType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', fileExtension: 'pptx', label: 'PowerPoint (PPTX)', binary: true },
};

export function isReportExportFormat(value: string): value is ReportExportFormat {
  return (REPORT_EXPORT_FORMATS as readonly string[]).includes(value);
}
