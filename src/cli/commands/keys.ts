import type { Command } from 'commander';
import { keyStatus } from '../../auth/api-schemas.js';
import { createKey, listKeys, revokeKey, rotateKey } from '../../auth/key-service.js';
import { ConsultantError } from '../../core/errors.js';
import { type GlobalOptions, command, EXIT, print, printJson, withApplication } from '../context.js';
import { cliActorFor, userIdByEmail } from './security-helpers.js';
import type { Application } from '../../app/application.js';
import { LOCAL_OWNER_EMAIL, ensureBootstrap } from '../../auth/bootstrap.js';

interface TenantOption {
  tenant?: string;
}

function positiveInteger(text: string, flag: string, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new ConsultantError('INVALID_INPUT', `${flag} must be an integer from 0 to ${max} (got "${text.slice(0, 20)}")`);
  return value;
}

export function registerKeys(program: Command, globals: () => GlobalOptions): void {
  const keys = program.command('keys').description('API keys: create (shown once), list, rotate, revoke');

  keys
    .command('list')
    .description("The tenant's keys (never their secrets)")
    .option('--tenant <id>', 'tenant (default: the local tenant)')
    .option('--json', 'JSON output')
    .action(command(async (options: TenantOption & { json?: boolean }) =>
      withApplication(globals(), async (app) => {
        const now = app.security.clock.now();
        const items = await listKeys(app.security, await cliActorFor(app, options.tenant));
        if (options.json) printJson(items.map((key) => ({ ...key, status: keyStatus(key, now) })));
        else for (const key of items) print(`${key.id}  ${keyStatus(key, now).padEnd(8)}  ${key.prefix}…  ${key.name}  ${key.scopes.join(',')}${key.expiresAt ? `  expires ${key.expiresAt}` : ''}`);
        return EXIT.ok;
      })),
    );

  keys
    .command('create')
    .description('Create a key; the whole key is printed once and cannot be shown again')
    .requiredOption('--name <name>', 'what the key is for')
    .option('--user <email>', `whose key it is (default: ${LOCAL_OWNER_EMAIL})`)
    .option('--scopes <list>', 'comma-separated permissions, or * for everything the role allows', '*')
    .option('--expires-in-days <n>', 'lifetime in days (at most 730)')
    .option('--tenant <id>', 'tenant (default: the local tenant)')
    .option('--json', 'JSON output')
    .action(command(async (options: TenantOption & { name: string; user?: string; scopes: string; expiresInDays?: string; json?: boolean }) => {
      if (options.name.trim().length === 0 || options.name.length > 100) throw new ConsultantError('INVALID_INPUT', '--name must have 1 to 100 characters');
      const days = options.expiresInDays !== undefined ? positiveInteger(options.expiresInDays, '--expires-in-days', 730) : undefined;
      return withApplication(globals(), async (app) => {
        const actor = await cliActorFor(app, options.tenant);
        const userId = await userIdByEmail(app, options.user ?? LOCAL_OWNER_EMAIL);
        const scopes = options.scopes.split(',').map((scope) => scope.trim()).filter(Boolean);
        const created = await createKey(app.security, actor, { name: options.name.trim(), scopes, userId, ...(days !== undefined ? { expiresInMs: days * 86_400_000 } : {}) });
        if (options.json) printJson({ key: created.key, id: created.record.id, prefix: created.record.prefix, scopes: created.record.scopes, expiresAt: created.record.expiresAt });
        else {
          print(created.key);
          process.stderr.write(`Key ${created.record.id} created. Store it now: it will not be shown again.\n`);
        }
        return EXIT.ok;
      });
    }));

  keys
    .command('rotate')
    .description('Issue a successor; the old key keeps working for the overlap, then stops')
    .argument('<keyId>')
    .option('--overlap-seconds <n>', 'how long the old key stays valid (default: security.keyRotationOverlapMs)')
    .option('--tenant <id>', 'tenant (default: the local tenant)')
    .action(command(async (keyId: string, options: TenantOption & { overlapSeconds?: string }) => {
      const overlap = options.overlapSeconds !== undefined ? positiveInteger(options.overlapSeconds, '--overlap-seconds', 30 * 86_400) * 1000 : undefined;
      return withApplication(globals(), async (app) => {
        const rotated = await rotateKey(app.security, await cliActorFor(app, options.tenant), keyId, overlap);
        print(rotated.key);
        process.stderr.write(`Key ${rotated.record.id} replaces ${keyId}, which stops working at ${rotated.previous.expiresAt}. Store the new key now.\n`);
        return EXIT.ok;
      });
    }));

  keys
    .command('revoke')
    .description('Revoke a key: refused from the next request on')
    .argument('<keyId>')
    .option('--tenant <id>', 'tenant (default: the local tenant)')
    .action(command(async (keyId: string, options: TenantOption) =>
      withApplication(globals(), async (app) => {
        await revokeKey(app.security, await cliActorFor(app, options.tenant), keyId);
        print(`Revoked ${keyId}`);
        return EXIT.ok;
      })),
    );
}

/**
 * First start of `serve`: creates the local tenant and owner and prints the owner's one-time
 * key on stderr (never into the logs). Later starts print nothing.
 */
export async function announceBootstrap(app: Application): Promise<void> {
  if (!app.config.security.bootstrap) return;
  const result = await ensureBootstrap(app.security, { issueKey: true });
  if (!result.key) return;
  process.stderr.write(
    [
      '',
      `First start: created tenant "${app.config.tenantId}" and its owner ${LOCAL_OWNER_EMAIL}.`,
      'Owner API key (shown once; send it as `Authorization: Bearer <key>` or `X-API-Key: <key>`):',
      '',
      `  ${result.key.key}`,
      '',
      'Lost it? `consultantos keys create --name <name>` issues another (the CLI acts as the local owner).',
      '',
    ].join('\n'),
  );
}
