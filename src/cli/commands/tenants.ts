import type { Command } from 'commander';
import { auditBy } from '../../auth/actor.js';
import { createKey } from '../../auth/key-service.js';
import { addMember } from '../../auth/member-service.js';
import { TIER_NAMES, type TierName } from '../../auth/model.js';
import { ConsultantError } from '../../core/errors.js';
import { type GlobalOptions, command, EXIT, print, printJson, withApplication } from '../context.js';
import { cliActorFor } from './security-helpers.js';

const TENANT_ID = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

function parseTier(text: string): TierName {
  if (!(TIER_NAMES as readonly string[]).includes(text)) throw new ConsultantError('INVALID_INPUT', `The tier must be ${TIER_NAMES.join(', ')} (got "${text.slice(0, 40)}")`);
  return text as TierName;
}

export function registerTenants(program: Command, globals: () => GlobalOptions): void {
  const tenants = program.command('tenants').description('Tenants (organisations): create, list, change tier, disable');

  tenants
    .command('list')
    .description('Every tenant of this installation')
    .option('--json', 'JSON output')
    .action(command(async (options: { json?: boolean }) =>
      withApplication(globals(), async (app) => {
        await cliActorFor(app, undefined);
        const items = await app.security.identities.listTenants();
        if (options.json) printJson(items);
        else for (const tenant of items) print(`${tenant.id.padEnd(24)}  ${tenant.tier.padEnd(10)}  ${tenant.name}${tenant.disabledAt ? '  (disabled)' : ''}`);
        return EXIT.ok;
      })),
    );

  tenants
    .command('create')
    .description('Create a tenant with its first owner; prints the owner\'s one-time API key')
    .argument('<id>', 'lowercase letters, digits, _ . -')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--owner <email>', 'the first owner (created if new)')
    .option('--tier <tier>', TIER_NAMES.join(' | '))
    .action(command(async (id: string, options: { name: string; owner: string; tier?: string }) => {
      if (!TENANT_ID.test(id)) throw new ConsultantError('INVALID_INPUT', 'The tenant id must be 1–63 lowercase letters, digits, _ . or -, starting with a letter or digit');
      if (options.name.trim().length === 0 || options.name.length > 200) throw new ConsultantError('INVALID_INPUT', '--name must have 1 to 200 characters');
      const tier = options.tier ? parseTier(options.tier) : undefined;
      return withApplication(globals(), async (app) => {
        const local = await cliActorFor(app, undefined);
        const services = app.security;
        await services.identities.createTenant({ id, name: options.name.trim(), tier: tier ?? services.config.defaultTier, createdAt: services.clock.now().toISOString(), disabledAt: null });
        const actor = { ...local, tenantId: id };
        await services.audit.append(auditBy(actor, { action: 'tenant.create', targetType: 'tenant', targetId: id, outcome: 'success', details: { tier: tier ?? services.config.defaultTier } }));
        const owner = await addMember(services, actor, { email: options.owner, role: 'owner' });
        const key = await createKey(services, actor, { name: 'owner', scopes: ['*'], userId: owner.userId });
        print(key.key);
        process.stderr.write(`Tenant ${id} created with owner ${owner.email}. The key above is the owner's and will not be shown again.\n`);
        return EXIT.ok;
      });
    }));

  tenants
    .command('set-tier')
    .description("Change a tenant's tier (rate limits and quotas)")
    .argument('<id>')
    .argument('<tier>', TIER_NAMES.join(' | '))
    .action(command(async (id: string, tierText: string) => {
      const tier = parseTier(tierText);
      return withApplication(globals(), async (app) => {
        const actor = await cliActorFor(app, id);
        const before = await app.security.identities.getTenant(id);
        await app.security.identities.updateTenant(id, { tier });
        await app.security.audit.append(auditBy(actor, { action: 'tenant.set-tier', targetType: 'tenant', targetId: id, outcome: 'success', details: { from: before?.tier, to: tier } }));
        print(`Tenant ${id} is now on the ${tier} tier`);
        return EXIT.ok;
      });
    }));

  for (const [name, disable] of [['disable', true], ['enable', false]] as const) {
    tenants
      .command(name)
      .description(disable ? 'Disable a tenant: every credential of it is refused from the next request' : 'Enable a disabled tenant')
      .argument('<id>')
      .action(command(async (id: string) =>
        withApplication(globals(), async (app) => {
          const actor = await cliActorFor(app, id);
          await app.security.identities.updateTenant(id, { disabledAt: disable ? app.security.clock.now().toISOString() : null });
          await app.security.audit.append(auditBy(actor, { action: disable ? 'tenant.disable' : 'tenant.enable', targetType: 'tenant', targetId: id, outcome: 'success' }));
          print(`Tenant ${id} ${disable ? 'disabled' : 'enabled'}`);
          return EXIT.ok;
        })),
      );
  }
}
