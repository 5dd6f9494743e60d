import type { Command } from 'commander';
import { addMember, changeRole, listMembers, removeMember, setPassword } from '../../auth/member-service.js';
import { auditBy } from '../../auth/actor.js';
import { type GlobalOptions, command, EXIT, print, printJson, withApplication } from '../context.js';
import { cliActorFor, parseRole, readSecretFromStdin, userIdByEmail } from './security-helpers.js';

interface TenantOption {
  tenant?: string;
}

export function registerUsers(program: Command, globals: () => GlobalOptions): void {
  const users = program.command('users').description('Members of a tenant and their roles (the CLI acts as the tenant owner)');

  users
    .command('list')
    .description('Members and roles')
    .option('--tenant <id>', 'tenant (default: the local tenant)')
    .option('--json', 'JSON output')
    .action(command(async (options: TenantOption & { json?: boolean }) =>
      withApplication(globals(), async (app) => {
        const members = await listMembers(app.security, await cliActorFor(app, options.tenant));
        if (options.json) printJson(members);
        else for (const member of members) print(`${member.userId}  ${member.role.padEnd(8)}  ${member.email}${member.disabledAt ? '  (disabled)' : ''}`);
        return EXIT.ok;
      })),
    );

  users
    .command('add')
    .description('Add a member, creating the user if the email is new')
    .argument('<email>')
    .requiredOption('--role <role>', 'owner | admin | analyst | viewer')
    .option('--name <name>', 'display name')
    .option('--password-stdin', 'read the new user\'s password from standard input')
    .option('--tenant <id>', 'tenant (default: the local tenant)')
    .action(command(async (email: string, options: TenantOption & { role: string; name?: string; passwordStdin?: boolean }) => {
      const role = parseRole(options.role);
      const password = options.passwordStdin ? await readSecretFromStdin() : undefined;
      return withApplication(globals(), async (app) => {
        const member = await addMember(app.security, await cliActorFor(app, options.tenant), { email, role, ...(options.name ? { name: options.name } : {}), ...(password !== undefined ? { password } : {}) });
        print(`Added ${member.email} (${member.userId}) as ${member.role}`);
        return EXIT.ok;
      });
    }));

  users
    .command('set-role')
    .description("Change a member's role")
    .argument('<email>')
    .argument('<role>', 'owner | admin | analyst | viewer')
    .option('--tenant <id>', 'tenant (default: the local tenant)')
    .action(command(async (email: string, roleText: string, options: TenantOption) => {
      const role = parseRole(roleText);
      return withApplication(globals(), async (app) => {
        const actor = await cliActorFor(app, options.tenant);
        const membership = await changeRole(app.security, actor, await userIdByEmail(app, email), role);
        print(`${email} is now ${membership.role}`);
        return EXIT.ok;
      });
    }));

  users
    .command('remove')
    .description('Remove a member (their keys and sessions in the tenant are revoked)')
    .argument('<email>')
    .option('--tenant <id>', 'tenant (default: the local tenant)')
    .action(command(async (email: string, options: TenantOption) =>
      withApplication(globals(), async (app) => {
        await removeMember(app.security, await cliActorFor(app, options.tenant), await userIdByEmail(app, email));
        print(`Removed ${email}`);
        return EXIT.ok;
      })),
    );

  users
    .command('set-password')
    .description("Set a user's password, read from standard input (ends the user's sessions)")
    .argument('<email>')
    .option('--tenant <id>', 'tenant whose audit log records the change (default: the local tenant)')
    .action(command(async (email: string, options: TenantOption) => {
      const password = await readSecretFromStdin();
      return withApplication(globals(), async (app) => {
        await setPassword(app.security, await cliActorFor(app, options.tenant), await userIdByEmail(app, email), password);
        print(`Password set for ${email}`);
        return EXIT.ok;
      });
    }));

  for (const [name, disable] of [['disable', true], ['enable', false]] as const) {
    users
      .command(name)
      .description(disable ? 'Disable a user everywhere: every credential is refused from the next request' : 'Enable a disabled user')
      .argument('<email>')
      .option('--tenant <id>', 'tenant whose audit log records the change (default: the local tenant)')
      .action(command(async (email: string, options: TenantOption) =>
        withApplication(globals(), async (app) => {
          const actor = await cliActorFor(app, options.tenant);
          const userId = await userIdByEmail(app, email);
          const now = app.security.clock.now().toISOString();
          await app.security.identities.setUserDisabled(userId, disable ? now : null);
          if (disable) await app.security.sessions.revokeUserSessions(userId, 'user-disabled', now);
          await app.security.audit.append(auditBy(actor, { action: disable ? 'user.disable' : 'user.enable', targetType: 'user', targetId: userId, outcome: 'success' }));
          print(`${email} ${disable ? 'disabled' : 'enabled'}`);
          return EXIT.ok;
        })),
      );
  }
}
