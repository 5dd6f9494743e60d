import { ConsultantError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { cliActor } from './actor.js';
import { type CreatedKey, createKey } from './key-service.js';
import type { TierName } from './model.js';
import type { SecurityServices } from './security-services.js';

export const LOCAL_OWNER_EMAIL = 'owner@localhost';

export interface BootstrapResult {
  /** Whether this call gave the local tenant its first owner (first start). */
  created: boolean;
  /** The one-time key, only when `created` and a key was asked for. */
  key?: CreatedKey;
}

async function ignoreConflict(work: () => Promise<unknown>): Promise<boolean> {
  try {
    await work();
    return true;
  } catch (error) {
    if (error instanceof ConsultantError && error.code === 'CONFLICT') return false;
    throw error;
  }
}

/**
 * First start: creates the local tenant, its owner (`owner@localhost`, without a password until
 * one is set with `consultantos users set-password`) and, when asked, a one-time API key.
 * Idempotent, safe when several processes start at once (only the one whose owner membership
 * insert succeeds issues the key) and self-healing if a previous start died half-way.
 */
export async function ensureBootstrap(services: SecurityServices, options: { issueKey: boolean; tier?: TierName }): Promise<BootstrapResult> {
  const tenantId = services.localTenantId;
  const existing = await services.identities.getTenant(tenantId);
  if (existing && (await services.identities.listMembers(tenantId)).length > 0) return { created: false };
  const now = services.clock.now().toISOString();
  await ignoreConflict(() => services.identities.createTenant({ id: tenantId, name: tenantId === 'local' ? 'Local' : tenantId, tier: options.tier ?? services.config.bootstrapTier, createdAt: now, disabledAt: null }));
  await ignoreConflict(() => services.identities.createUser({ id: newId('usr'), email: LOCAL_OWNER_EMAIL, name: 'Local owner', passwordHash: null, createdAt: now }));
  const owner = await services.identities.findUserByEmail(LOCAL_OWNER_EMAIL);
  if (!owner) throw new ConsultantError('STORE_FAILED', 'The local owner could not be created');
  const added = await ignoreConflict(() => services.identities.addMember({ tenantId, userId: owner.id, role: 'owner', createdAt: now, updatedAt: now }));
  if (!added) return { created: false };
  await services.audit.append({ tenantId, actorType: 'system', actorId: 'bootstrap', action: 'tenant.create', targetType: 'tenant', targetId: tenantId, outcome: 'success', ip: null, userAgent: null, requestId: null, details: { ownerId: owner.id } });
  if (!options.issueKey) return { created: true };
  const actor = { ...cliActor(tenantId, 'bootstrap'), actorType: 'system' as const, actorId: 'bootstrap' };
  const key = await createKey(services, actor, { name: 'bootstrap', scopes: ['*'], userId: owner.id });
  return { created: true, key };
}
