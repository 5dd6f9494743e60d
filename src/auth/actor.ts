import type { ActorType, NewAuditEntry } from './model.js';
import type { Principal } from './principal.js';
import { type Permission, type Role, ROLE_PERMISSIONS } from './roles.js';
import type { RequestOrigin } from './session-service.js';

/**
 * Who performs an administrative action: a signed-in user or key (through the API) or the CLI,
 * which has direct database access and therefore acts as the local owner.
 */
export interface Actor {
  tenantId: string;
  /** The acting user; the CLI has none. */
  userId: string | null;
  role: Role;
  permissions: ReadonlySet<Permission>;
  /** False for API keys with narrowed scopes: they cannot mint keys broader than themselves. */
  fullRole: boolean;
  actorType: ActorType;
  actorId: string;
  origin: RequestOrigin;
  credential?: Record<string, string>;
}

export function actorOf(principal: Principal, origin: RequestOrigin): Actor {
  const full = ROLE_PERMISSIONS[principal.role];
  return {
    tenantId: principal.tenantId,
    userId: principal.userId,
    role: principal.role,
    permissions: principal.permissions,
    fullRole: principal.permissions.size === full.size,
    actorType: 'user',
    actorId: principal.userId,
    origin,
    credential: { via: principal.via, ...(principal.keyId ? { keyId: principal.keyId } : {}), ...(principal.sessionId ? { sessionId: principal.sessionId } : {}) },
  };
}

/** The CLI: the local owner of `tenantId`, named after the operating-system account that ran it. */
export function cliActor(tenantId: string, osUser: string): Actor {
  return {
    tenantId,
    userId: null,
    role: 'owner',
    permissions: ROLE_PERMISSIONS.owner,
    fullRole: true,
    actorType: 'cli',
    actorId: osUser.slice(0, 64),
    origin: { ip: null, userAgent: 'consultantos-cli', requestId: null },
  };
}

/** An audit entry by this actor; the credential used goes into the details. */
export function auditBy(actor: Actor, entry: Pick<NewAuditEntry, 'action' | 'targetType' | 'targetId' | 'outcome'> & { details?: Record<string, unknown> }): NewAuditEntry {
  const details = { ...(actor.credential ?? {}), ...(entry.details ?? {}) };
  return {
    tenantId: actor.tenantId,
    actorType: actor.actorType,
    actorId: actor.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    outcome: entry.outcome,
    ip: actor.origin.ip,
    userAgent: actor.origin.userAgent,
    requestId: actor.origin.requestId,
    details: Object.keys(details).length > 0 ? details : null,
  };
}
