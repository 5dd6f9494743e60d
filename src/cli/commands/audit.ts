import type { Command } from 'commander';
import { INSTALLATION_TENANT } from '../../auth/session-service.js';
import { ConsultantError } from '../../core/errors.js';
import { type GlobalOptions, command, EXIT, print, printJson, withApplication } from '../context.js';
import { cliActorFor } from './security-helpers.js';
import { parseLimit } from './options.js';

interface AuditOptions {
  tenant?: string;
  action?: string;
  actor?: string;
  target?: string;
  since?: string;
  limit: string;
  cursor?: string;
  json?: boolean;
}

export function registerAudit(program: Command, globals: () => GlobalOptions): void {
  program
    .command('audit')
    .description('The audit log, newest first: who did what, when, from where')
    .option('--tenant <id>', `tenant (default: the local tenant; ${INSTALLATION_TENANT} for sign-ins with unknown emails)`)
    .option('--action <action>', 'e.g. auth.login, key.create, run.cancel, report.export')
    .option('--actor <id>', 'user id or cli:<name>')
    .option('--target <id>', 'run, report, key or user id')
    .option('--since <iso>', 'entries at or after this time')
    .option('--limit <n>', 'how many', '50')
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--json', 'JSON output')
    .action(command(async (options: AuditOptions) => {
      const limit = parseLimit(options.limit, 1_000);
      if (options.since !== undefined && Number.isNaN(Date.parse(options.since))) throw new ConsultantError('INVALID_INPUT', '--since must be an ISO date or time');
      return withApplication(globals(), async (app) => {
        const tenantId = options.tenant === INSTALLATION_TENANT ? INSTALLATION_TENANT : (await cliActorFor(app, options.tenant)).tenantId;
        const page = await app.security.audit.list(tenantId, {
          limit,
          ...(options.cursor ? { cursor: options.cursor } : {}),
          ...(options.action ? { action: options.action } : {}),
          ...(options.actor ? { actorId: options.actor } : {}),
          ...(options.target ? { targetId: options.target } : {}),
          ...(options.since ? { since: new Date(options.since).toISOString() } : {}),
        });
        if (options.json) printJson(page);
        else {
          if (page.items.length === 0) print('No audit entries.');
          for (const entry of page.items) {
            const target = entry.targetId ? ` ${entry.targetType ?? ''}:${entry.targetId}` : '';
            print(`${entry.at}  ${entry.outcome.padEnd(7)}  ${entry.action.padEnd(20)}  ${entry.actorType}:${entry.actorId ?? '-'}${target}${entry.ip ? `  from ${entry.ip}` : ''}`);
          }
          if (page.nextCursor) print(`(more: --cursor ${page.nextCursor})`);
        }
        return EXIT.ok;
      });
    }));
}
