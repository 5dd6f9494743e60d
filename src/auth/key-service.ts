import { ConsultantError } from '../core/errors.js';
import { type Actor, auditBy } from './actor.js';
import { generateApiKey } from './api-key-format.js';
import type { ApiKeyRecord } from './model.js';
import { type Permission, isPermission } from './roles.js';
import { forbidden } from './security-errors.js';
import type { SecurityServices } from './security-services.js';

/** Keys live at most two years; shorter is better, and rotation makes it cheap. */
export const MAX_KEY_LIFETIME_MS = 730 * 86_400_000;

export interface CreateKeyInput {
  name: string;
  /** Permissions, or `['*']` for everything the user's role allows (now and after role changes). */
  scopes: string[];
  expiresInMs?: number;
  /** Whose key it is; defaults to the actor. Only the CLI (local owner) creates keys for others. */
  userId?: string;
}

export interface CreatedKey {
  record: ApiKeyRecord;
  /** The whole key: returned once, never stored or shown again. */
  key: string;
}

/**
 * A key can never grant more than the credential that creates it: every requested scope must be
 * one the actor holds, and `*` from a narrowed key is expanded to that key's own scopes.
 */
function grantedScopes(actor: Actor, requested: string[]): string[] {
  const unknown = requested.filter((scope) => scope !== '*' && !isPermission(scope));
  if (unknown.length > 0) throw new ConsultantError('INVALID_INPUT', `Unknown scope(s): ${unknown.slice(0, 5).join(', ').slice(0, 200)}`);
  if (requested.includes('*')) return actor.fullRole ? ['*'] : [...actor.permissions].sort();
  const missing = requested.filter((scope) => !actor.permissions.has(scope as Permission));
  if (missing.length > 0) throw forbidden(`You cannot grant scopes you do not hold: ${missing.join(', ')}`);
  return [...new Set(requested)].sort();
}

function mayManage(actor: Actor, key: ApiKeyRecord): boolean {
  if (actor.permissions.has('keys:manage')) return true;
  return actor.permissions.has('keys:own') && actor.userId !== null && key.userId === actor.userId;
}

export async function createKey(services: SecurityServices, actor: Actor, input: CreateKeyInput): Promise<CreatedKey> {
  const userId = input.userId ?? actor.userId;
  if (!userId) throw new ConsultantError('INVALID_INPUT', 'Name the user the key belongs to');
  // Users mint keys for themselves only; the CLI and the bootstrap (no user) name the owner.
  if (input.userId && actor.userId !== null && input.userId !== actor.userId) throw forbidden('Keys can only be created for yourself');
  const membership = await services.identities.getMembership(actor.tenantId, userId);
  if (!membership) throw new ConsultantError('NOT_FOUND', 'No such member in this tenant');
  const scopes = grantedScopes(actor, input.scopes.length > 0 ? input.scopes : ['*']);
  if (input.expiresInMs !== undefined && (input.expiresInMs < 60_000 || input.expiresInMs > MAX_KEY_LIFETIME_MS)) {
    throw new ConsultantError('INVALID_INPUT', 'A key must live between one minute and two years');
  }
  const now = services.clock.now();
  const generated = generateApiKey();
  const record: ApiKeyRecord = {
    id: generated.id,
    prefix: generated.prefix,
    tenantId: actor.tenantId,
    userId,
    name: input.name,
    scopes,
    createdAt: now.toISOString(),
    expiresAt: input.expiresInMs !== undefined ? new Date(now.getTime() + input.expiresInMs).toISOString() : null,
    lastUsedAt: null,
    revokedAt: null,
    replacedBy: null,
  };
  await services.keys.insertKey({ record, secretHash: generated.secretHash });
  await services.audit.append(auditBy(actor, { action: 'key.create', targetType: 'api-key', targetId: record.id, outcome: 'success', details: { keyUserId: userId, scopes, expiresAt: record.expiresAt } }));
  return { record, key: generated.key };
}

export async function listKeys(services: SecurityServices, actor: Actor): Promise<ApiKeyRecord[]> {
  if (actor.permissions.has('keys:manage')) return services.keys.listKeys(actor.tenantId);
  if (!actor.permissions.has('keys:own') || !actor.userId) throw forbidden();
  return services.keys.listKeys(actor.tenantId, { userId: actor.userId });
}

async function manageableKey(services: SecurityServices, actor: Actor, keyId: string): Promise<ApiKeyRecord> {
  const key = await services.keys.getKey(actor.tenantId, keyId);
  // Someone else's key looks exactly like a missing one to a member who may not manage it.
  if (!key || !mayManage(actor, key)) throw new ConsultantError('NOT_FOUND', `Key ${keyId} not found`);
  return key;
}

/**
 * Issues a successor with the same owner, name, scopes and expiry; the old key keeps working for
 * the overlap (so deployments can switch over), then stops.
 */
export async function rotateKey(services: SecurityServices, actor: Actor, keyId: string, overlapMs = services.config.keyRotationOverlapMs): Promise<CreatedKey & { previous: { id: string; expiresAt: string } }> {
  const key = await manageableKey(services, actor, keyId);
  // Rotation hands the successor's secret to the caller, who would then act as the key's user:
  // only that user (or the CLI's operator) may rotate it; a manager revokes instead.
  if (actor.userId !== null && actor.userId !== key.userId) throw forbidden("Only a key's own user can rotate it (the new secret acts as that user); revoke it instead");
  // Nor may a narrowed credential rotate a broader key into its hands: the successor keeps the
  // key's scopes, which must all be ones the caller holds (as when creating a key).
  if (!actor.fullRole && (key.scopes.includes('*') || key.scopes.some((scope) => !actor.permissions.has(scope as Permission)))) {
    throw forbidden('You cannot rotate a key with scopes your credential does not hold');
  }
  const now = services.clock.now();
  const generated = generateApiKey();
  const record: ApiKeyRecord = { ...key, id: generated.id, prefix: generated.prefix, createdAt: now.toISOString(), lastUsedAt: null, revokedAt: null, replacedBy: null };
  const oldExpiresAt = new Date(now.getTime() + overlapMs).toISOString();
  const stored = await services.keys.rotateKey(actor.tenantId, key.id, { record, secretHash: generated.secretHash }, oldExpiresAt);
  if (!stored) throw new ConsultantError('INVALID_STATE', `Key ${keyId} is revoked, expired or already rotated`);
  const previousExpiresAt = key.expiresAt !== null && key.expiresAt < oldExpiresAt ? key.expiresAt : oldExpiresAt;
  await services.audit.append(auditBy(actor, { action: 'key.rotate', targetType: 'api-key', targetId: key.id, outcome: 'success', details: { successorId: record.id, overlapMs, previousExpiresAt } }));
  return { record: stored, key: generated.key, previous: { id: key.id, expiresAt: previousExpiresAt } };
}

export async function revokeKey(services: SecurityServices, actor: Actor, keyId: string): Promise<ApiKeyRecord> {
  const key = await manageableKey(services, actor, keyId);
  // Only owners manage owners: an admin may not cut an owner off.
  if (actor.role !== 'owner' && key.userId !== actor.userId && (await services.identities.getMembership(actor.tenantId, key.userId))?.role === 'owner') {
    throw forbidden("Only an owner can revoke an owner's key");
  }
  const revoked = await services.keys.revokeKey(actor.tenantId, key.id, services.clock.now().toISOString());
  if (!revoked) throw new ConsultantError('INVALID_STATE', `Key ${keyId} is already revoked`);
  await services.audit.append(auditBy(actor, { action: 'key.revoke', targetType: 'api-key', targetId: key.id, outcome: 'success', details: { keyUserId: key.userId } }));
  return (await services.keys.getKey(actor.tenantId, key.id))!;
}
