import { userInfo } from 'node:os';
import type { Application } from '../../app/application.js';
import { type Actor, auditBy, cliActor } from '../../auth/actor.js';
import { ensureBootstrap } from '../../auth/bootstrap.js';
import { isRole, type Role } from '../../auth/roles.js';
import { ConsultantError } from '../../core/errors.js';

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * The CLI has direct database access, so it acts as the owner of the tenant it names (the
 * local tenant by default). The local tenant is created on first use, like a first `serve`.
 */
export async function cliActorFor(app: Application, tenant: string | undefined): Promise<Actor> {
  const tenantId = tenant ?? app.config.tenantId;
  if (tenantId === app.config.tenantId) await ensureBootstrap(app.security, { issueKey: false });
  if (!(await app.security.identities.getTenant(tenantId))) throw new ConsultantError('NOT_FOUND', `Tenant ${tenantId} not found`);
  return cliActor(tenantId, osUser());
}

/**
 * Records what the CLI did to runs and reports of the tenant it acts in, as the API records the
 * same actions: the operator (OS user) as a `cli` actor.
 */
export async function auditCli(app: Application, entry: { action: string; targetType: 'run' | 'report'; targetId: string; details?: Record<string, unknown> }): Promise<void> {
  const actor = cliActor(app.config.tenantId, osUser());
  await app.security.audit.append(auditBy(actor, { action: entry.action, targetType: entry.targetType, targetId: entry.targetId, outcome: 'success', ...(entry.details ? { details: entry.details } : {}) }));
}

export function parseRole(text: string): Role {
  if (!isRole(text)) throw new ConsultantError('INVALID_INPUT', `The role must be owner, admin, analyst or viewer (got "${text.slice(0, 40)}")`);
  return text;
}

/** Reads a secret from standard input (never from the command line, where `ps` and shell history would see it). */
export async function readSecretFromStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new ConsultantError('INVALID_INPUT', 'Pipe the password on standard input, e.g. `printf %s "$PASSWORD" | consultantos users set-password …`');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > 4_096) throw new ConsultantError('INVALID_INPUT', 'The password on standard input is too long');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

export async function userIdByEmail(app: Application, email: string): Promise<string> {
  const user = await app.security.identities.findUserByEmail(email);
  if (!user) throw new ConsultantError('NOT_FOUND', `No user with email ${email.slice(0, 254)}`);
  return user.id;
}
