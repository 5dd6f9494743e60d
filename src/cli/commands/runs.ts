import type { Command } from 'commander';
import { ConsultantError } from '../../core/errors.js';
import { RUN_STATUSES, type RunStatus } from '../../core/ports/run-store.js';
import { REPORT_EXPORT_FORMATS, isReportExportFormat } from '../../reports/render/index.js';
import { type GlobalOptions, command, EXIT, print, printJson, withApplication } from '../context.js';
import { isDeadLocalOwner } from '../run-execution.js';
import { describeRun } from '../../app/run-views.js';
import { finishForeground } from './finish.js';
import { parseLimit } from './options.js';
import { auditCli } from './security-helpers.js';

export function registerRuns(program: Command, globals: () => GlobalOptions): void {
  const runs = program.command('runs').description('List, inspect, resume and cancel runs');

  runs
    .command('list')
    .description('Runs, newest first')
    .option('--status <status>', RUN_STATUSES.join(' | '))
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'JSON output')
    .action(command(async (options: { status?: string; limit: string; json?: boolean }) => {
      if (options.status && !(RUN_STATUSES as readonly string[]).includes(options.status)) {
        throw new ConsultantError('INVALID_INPUT', `--status must be one of ${RUN_STATUSES.join(', ')}`);
      }
      const limit = parseLimit(options.limit);
      return withApplication(globals(), async (app) => {
        const page = await app.stores.runs.listRuns(app.config.tenantId, { limit, ...(options.status ? { status: options.status as RunStatus } : {}) });
        if (options.json) printJson(page.items.map(({ plan: _plan, input, ...run }) => ({ ...run, company: (input as { company?: string }).company })));
        else if (page.items.length === 0) print('No runs yet.');
        else for (const run of page.items) print(`${run.id}  ${run.status.padEnd(9)}  ${run.createdAt}  ${String((run.input as { company?: string }).company ?? '')}`);
        return EXIT.ok;
      });
    }));

  runs
    .command('show')
    .description('A run: status, steps, attempts, usage, errors')
    .argument('<runId>')
    .option('--json', 'JSON output')
    .action(command(async (runId: string, options: { json?: boolean }) =>
      withApplication(globals(), async (app) => {
        const run = await app.stores.runs.getRun(app.config.tenantId, runId);
        if (!run) throw new ConsultantError('NOT_FOUND', `Run ${runId} not found`);
        const view = describeRun(run, await app.stores.runs.listAttempts(run.id));
        const { steps, usage } = view;
        const report = await app.stores.reports.getReportByRun(run.tenantId, run.id);
        if (options.json) {
          printJson({ id: run.id, status: run.status, workflow: `${run.workflow}@${run.workflowVersion}`, createdAt: run.createdAt, startedAt: run.startedAt, endedAt: run.endedAt, cancelRequested: run.cancelRequested, error: run.error, reportId: report?.id ?? null, usage, steps });
          return EXIT.ok;
        }
        print(`Run ${run.id}: ${run.status}${run.cancelRequested ? ' (cancel requested)' : ''}`);
        print(`  workflow ${run.workflow}@${run.workflowVersion}, created ${run.createdAt}${run.endedAt ? `, ended ${run.endedAt}` : ''}`);
        if (report) print(`  report ${report.id} (version ${report.version})`);
        print(`  usage: ${usage.inputTokens} input tokens, ${usage.outputTokens} output tokens, $${usage.costUsd.toFixed(4)}`);
        for (const step of steps) {
          const time = step.durationMs !== null ? `${(step.durationMs / 1000).toFixed(2)}s` : '';
          print(`  ${step.status.padEnd(9)} ${step.id.padEnd(20)} ${String(step.attempts).padStart(2)} attempt(s) ${time}${step.error ? `  ${step.error.code}: ${step.error.message}` : ''}`);
        }
        if (run.error) print(`  error: ${run.error.code}: ${run.error.message}`);
        return EXIT.ok;
      })),
    );

  runs
    .command('resume')
    .description('Continue an interrupted, failed or cancelled run from its last completed step')
    .argument('<runId>')
    .option('--format <format>', REPORT_EXPORT_FORMATS.join(' | '), 'md')
    .option('--out <file>', 'where to write the report')
    .option('--json', 'JSON output')
    .action(command(async (runId: string, options: { format: string; out?: string; json?: boolean }) => {
      if (!isReportExportFormat(options.format)) throw new ConsultantError('INVALID_INPUT', `--format must be one of ${REPORT_EXPORT_FORMATS.join(', ')} (got "${options.format}")`);
      const format = options.format;
      return withApplication(globals(), async (app) => {
        const run = await app.stores.runs.getRun(app.config.tenantId, runId);
        if (!run) throw new ConsultantError('NOT_FOUND', `Run ${runId} not found`);
        let takeoverFrom: string | undefined;
        if (run.status === 'running' && run.leaseExpiresAt !== null && run.leaseExpiresAt > new Date().toISOString()) {
          // The owner's lease is still live; take over only if it is a dead process of this machine.
          if (!isDeadLocalOwner(run.leaseOwner)) {
            throw new ConsultantError('INVALID_STATE', `Run ${runId} is being executed by ${run.leaseOwner} (lease until ${run.leaseExpiresAt})`);
          }
          takeoverFrom = run.leaseOwner ?? undefined;
        } else {
          await app.engine.resume(app.config.tenantId, runId);
        }
        await auditCli(app, { action: 'run.resume', targetType: 'run', targetId: runId, ...(takeoverFrom ? { details: { takeoverFrom } } : {}) });
        const current = (await app.stores.runs.getRun(app.config.tenantId, runId))!;
        if (!options.json) process.stderr.write(`Resuming run ${runId}\n`);
        return finishForeground(app, current, { format, json: options.json ?? false, ...(options.out ? { out: options.out } : {}), ...(takeoverFrom ? { takeoverFrom } : {}) });
      });
    }));

  runs
    .command('cancel')
    .description('Cancel a run (a running one stops at its next heartbeat)')
    .argument('<runId>')
    .action(command(async (runId: string) =>
      withApplication(globals(), async (app) => {
        const run = await app.engine.cancel(app.config.tenantId, runId);
        await auditCli(app, { action: 'run.cancel', targetType: 'run', targetId: runId });
        print(run.status === 'running' ? `Cancellation requested for run ${runId}` : `Run ${runId} is ${run.status}`);
        return EXIT.ok;
      })),
    );
}
