import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConsultantError } from '../../core/errors.js';
import { FRAMEWORK_NAMES, type FrameworkName } from '../../reports/model/frameworks.js';
import { COMPARISON_FORMATS, compareReports, isComparisonFormat, renderComparison } from '../../reports/compare/index.js';
import { REPORT_EXPORT_FORMATS, isExportFormat, isReportExportFormat, renderReport } from '../../reports/render/index.js';
import { type GlobalOptions, command, EXIT, print, printJson, withApplication } from '../context.js';
import { writeExportFile, writeReportExport } from '../export-file.js';
import { parseLimit } from './options.js';
import { auditCli } from './security-helpers.js';

export function registerReports(program: Command, globals: () => GlobalOptions): void {
  const reports = program.command('reports').description('List, show, export and compare stored reports');

  reports
    .command('list')
    .description('Reports, newest first')
    .option('--company <name>', 'only this company')
    .option('--framework <name>', FRAMEWORK_NAMES.join(' | '))
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'JSON output')
    .action(command(async (options: { company?: string; framework?: string; limit: string; json?: boolean }) => {
      if (options.framework && !(FRAMEWORK_NAMES as readonly string[]).includes(options.framework)) {
        throw new ConsultantError('UNKNOWN_FRAMEWORK', `--framework must be one of ${FRAMEWORK_NAMES.join(', ')}`);
      }
      const limit = parseLimit(options.limit);
      return withApplication(globals(), async (app) => {
        const page = await app.stores.reports.listReports(app.config.tenantId, {
          limit,
          ...(options.company ? { company: options.company } : {}),
          ...(options.framework ? { framework: options.framework as FrameworkName } : {}),
        });
        if (options.json) printJson(page.items);
        else if (page.items.length === 0) print('No reports yet.');
        else for (const item of page.items) print(`${item.id}  v${item.version}  ${item.status.padEnd(9)}  ${item.createdAt}  ${item.companyName}  quality ${Math.round(item.qualityOverall)}`);
        return EXIT.ok;
      });
    }));

  reports
    .command('show')
    .description('Print a report (Markdown by default)')
    .argument('<reportId>')
    .option('--format <format>', 'md | html | json', 'md')
    .action(command(async (reportId: string, options: { format: string }) => {
      if (!isExportFormat(options.format)) throw new ConsultantError('INVALID_INPUT', `--format must be md, html or json (got "${options.format}")`);
      const format = options.format;
      return withApplication(globals(), async (app) => {
        const report = await app.stores.reports.getReport(app.config.tenantId, reportId);
        if (!report) throw new ConsultantError('NOT_FOUND', `Report ${reportId} not found`);
        await auditCli(app, { action: 'report.read', targetType: 'report', targetId: report.id, details: { format } });
        print(renderReport(report, format));
        return EXIT.ok;
      });
    }));

  reports
    .command('export')
    .description('Write a report to a file')
    .argument('<reportId>')
    .option('--format <format>', REPORT_EXPORT_FORMATS.join(' | '), 'md')
    .option('--out <file>', 'destination (default: <data dir>/reports/)')
    .action(command(async (reportId: string, options: { format: string; out?: string }) => {
      if (!isReportExportFormat(options.format)) throw new ConsultantError('INVALID_INPUT', `--format must be one of ${REPORT_EXPORT_FORMATS.join(', ')} (got "${options.format}")`);
      const format = options.format;
      return withApplication(globals(), async (app) => {
        const report = await app.stores.reports.getReport(app.config.tenantId, reportId);
        if (!report) throw new ConsultantError('NOT_FOUND', `Report ${reportId} not found`);
        const written = await writeReportExport(report, format, app.config, options.out);
        await auditCli(app, { action: 'report.export', targetType: 'report', targetId: report.id, details: { format } });
        print(`Written to ${written}`);
        return EXIT.ok;
      });
    }));

  reports
    .command('compare')
    .description('What changed between two reports (e.g. two versions of one company)')
    .argument('<before>', 'report id of the earlier report')
    .argument('<after>', 'report id of the later report')
    .option('--format <format>', COMPARISON_FORMATS.join(' | '), 'md')
    .option('--out <file>', 'write to a file instead of printing')
    .action(command(async (before: string, after: string, options: { format: string; out?: string }) => {
      if (!isComparisonFormat(options.format)) throw new ConsultantError('INVALID_INPUT', `--format must be one of ${COMPARISON_FORMATS.join(', ')} (got "${options.format}")`);
      const format = options.format;
      return withApplication(globals(), async (app) => {
        const [left, right] = await Promise.all([before, after].map((id) => app.stores.reports.getReport(app.config.tenantId, id)));
        if (!left) throw new ConsultantError('NOT_FOUND', `Report ${before} not found`);
        if (!right) throw new ConsultantError('NOT_FOUND', `Report ${after} not found`);
        const output = renderComparison(compareReports(left, right), format);
        if (options.out) print(`Written to ${await writeExportFile(resolve(options.out), output)}`);
        else print(output);
        return EXIT.ok;
      });
    }));
}
