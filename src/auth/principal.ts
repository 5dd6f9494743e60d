import type { TierName } from './model.js';
import type { Permission, Role } from './roles.js';

export type CredentialKind = 'api-key' | 'session' | 'run-events-token' | 'report-download-token';

/** The authenticated caller of one request. Every store query is scoped by `tenantId`. */
export interface Principal {
  tenantId: string;
  tier: TierName;
  userId: string;
  role: Role;
  permissions: ReadonlySet<Permission>;
  via: CredentialKind;
  keyId?: string;
  sessionId?: string;
  /** Scoped tokens open exactly one run's events or one report's export. */
  resourceId?: string;
  /** Credentials carried by a cookie need a CSRF token on writes. */
  fromCookie: boolean;
}

/** How a principal appears in the audit log. */
export function auditActor(principal: Principal): { actorType: 'user'; actorId: string; credential: Record<string, string> } {
  return {
    actorType: 'user',
    actorId: principal.userId,
    credential: { via: principal.via, ...(principal.keyId ? { keyId: principal.keyId } : {}), ...(principal.sessionId ? { sessionId: principal.sessionId } : {}) },
  };
}
