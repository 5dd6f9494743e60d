import type { Role } from './roles.js';

export const TIER_NAMES = ['free', 'pro', 'enterprise'] as const;
export type TierName = (typeof TIER_NAMES)[number];

export interface Tenant {
  id: string;
  name: string;
  tier: TierName;
  createdAt: string;
  disabledAt: string | null;
}

export interface User {
  id: string;
  email: string;
  name: string;
  hasPassword: boolean;
  createdAt: string;
  disabledAt: string | null;
}

export interface Membership {
  tenantId: string;
  userId: string;
  role: Role;
  createdAt: string;
  updatedAt: string;
}

/** A membership with the user it belongs to, for member listings. */
export interface Member extends Membership {
  email: string;
  name: string;
  disabledAt: string | null;
}

export interface ApiKeyRecord {
  id: string;
  /** `cos_…`: the visible part of the key. */
  prefix: string;
  tenantId: string;
  userId: string;
  name: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  replacedBy: string | null;
}

export interface Session {
  id: string;
  tenantId: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
}

export interface RefreshTokenRecord {
  id: string;
  sessionId: string;
  secretHash: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
}

/** Who did something: a user through a session or key, the CLI (local owner), or the system. */
export type ActorType = 'user' | 'api-key' | 'cli' | 'system' | 'anonymous';
export type AuditOutcome = 'success' | 'failure' | 'denied';

export interface AuditEntry {
  id: string;
  tenantId: string;
  at: string;
  actorType: ActorType;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
}

export type NewAuditEntry = Omit<AuditEntry, 'id' | 'at'> & { at?: string };
