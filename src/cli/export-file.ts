import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { ConsultantError } from '../core/errors.js';
import type { Report } from '../reports/model/report.js';
import { type ReportExportFormat, renderExport, reportFileName } from '../reports/render/index.js';

/** Writes rendered output atomically (temporary file, then rename) and returns its path. */
export async function writeExportFile(path: string, content: string | Buffer): Promise<string> {
  try {
    await mkdir(dirname(path), { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    await writeFile(temporary, content, typeof content === 'string' ? 'utf8' : undefined);
    await rename(temporary, path);
  } catch (error) {
    throw new ConsultantError('INVALID_INPUT', `Cannot write the report to ${path}: ${(error as Error).message}`, { cause: error });
  }
  return path;
}

/** Writes a report in any export format; without `out`, under `<data dir>/reports/` with a safe name. */
export async function writeReportExport(report: Report, format: ReportExportFormat, config: Config, out?: string): Promise<string> {
  const path = out ? resolve(out) : join(config.dataDir, 'reports', reportFileName(report, format));
  return writeExportFile(path, await renderExport(report, format));
}
