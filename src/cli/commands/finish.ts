import type { Application } from '../../app/application.js';
import type { RunRecord } from '../../core/ports/run-store.js';
import type { ReportExportFormat } from '../../reports/render/index.js';
import { EXIT, print, printJson } from '../context.js';
import { writeReportExport } from '../export-file.js';
import { executeInForeground } from '../run-execution.js';

/**
 * Executes a run in the foreground, writes its report and prints the outcome. Returns the exit
 * code: 0 for succeeded and partial (with warnings), 1 for failed or cancelled, 130 when
 * interrupted (the run is resumable).
 */
export async function finishForeground(app: Application, run: RunRecord, options: { format: ReportExportFormat; out?: string; json: boolean; takeoverFrom?: string }): Promise<number> {
  const outcome = await executeInForeground(app, run, { interactive: Boolean(process.stderr.isTTY) && !options.json, quiet: options.json, ...(options.takeoverFrom ? { takeoverFrom: options.takeoverFrom } : {}) });
  if (outcome.kind === 'released') {
    process.stderr.write(`Interrupted. The run is saved; continue it with: consultantos runs resume ${run.id}\n`);
    return EXIT.interrupted;
  }
  if (outcome.kind !== 'finished') {
    process.stderr.write(outcome.kind === 'lease-lost' ? `Another worker took over run ${run.id}\n` : `Run ${run.id} is owned by another worker or already ended\n`);
    return EXIT.failed;
  }
  const finished = outcome.run;
  const report = await app.stores.reports.getReportByRun(finished.tenantId, finished.id);
  const path = report ? await writeReportExport(report, options.format, app.config, options.out) : undefined;
  if (options.json) {
    printJson({ runId: finished.id, status: finished.status, reportId: report?.id ?? null, version: report?.version ?? null, output: path ?? null, warnings: report?.warnings ?? [], error: finished.error });
  } else {
    if (report) {
      for (const warning of report.warnings) process.stderr.write(`warning: ${warning}\n`);
      for (const gap of report.confidence.dataGaps) process.stderr.write(`data gap: ${gap.source}: ${gap.reason}\n`);
    }
    if (finished.error) process.stderr.write(`error: ${finished.error.code}: ${finished.error.message}\n`);
    print(`Run ${finished.id} ${finished.status}`);
    if (report && path) {
      print(`Report ${report.id} (version ${report.version}, quality ${Math.round(report.quality.overall)}/100, confidence ${report.confidence.level}) written to ${path}`);
    }
  }
  return finished.status === 'succeeded' || finished.status === 'partial' ? EXIT.ok : EXIT.failed;
}
