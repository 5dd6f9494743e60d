import { ConsultantError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { type Actor, auditBy } from './actor.js';
import type { Member, Membership } from './model.js';
import { assertPasswordAcceptable, hashPassword } from './passwords.js';
import { type Role, mayAssignRole } from './roles.js';
import { forbidden } from './security-errors.js';
import type { SecurityServices } from './security-services.js';

export interface AddMemberInput {
  email: string;
  name?: string;
  role: Role;
  /** Sets the password of a new user; an existing user's password is never changed here. */
  password?: string;
}

function requireManage(actor: Actor): void {
  if (!actor.permissions.has('members:manage')) throw forbidden();
}

export async function listMembers(services: SecurityServices, actor: Actor): Promise<Member[]> {
  if (!actor.permissions.has('members:read')) throw forbidden();
  return services.identities.listMembers(actor.tenantId);
}

/**
 * Adds someone to the actor's tenant, creating the user when the email is new. The answer is
 * the same whether or not the user already existed elsewhere, so it reveals nothing about
 * other tenants.
 */
export async function addMember(services: SecurityServices, actor: Actor, input: AddMemberInput): Promise<Member> {
  requireManage(actor);
  if (!mayAssignRole(actor.role, input.role)) throw forbidden(`A ${actor.role} cannot grant the ${input.role} role`);
  const email = input.email.trim().toLowerCase();
  const now = services.clock.now().toISOString();
  let user = await services.identities.findUserByEmail(email);
  let created = false;
  if (!user) {
    if (input.password !== undefined) assertPasswordAcceptable(input.password, services.config.passwordMinLength);
    const passwordHash = input.password !== undefined ? await hashPassword(input.password) : null;
    try {
      const fresh = await services.identities.createUser({ id: newId('usr'), email, name: input.name ?? email, passwordHash, createdAt: now });
      user = { ...fresh, passwordHash };
      created = true;
    } catch (error) {
      // Another request created the same user a moment ago: use it.
      if (!(error instanceof ConsultantError && error.code === 'CONFLICT')) throw error;
      user = await services.identities.findUserByEmail(email);
      if (!user) throw error;
    }
  }
  const membership: Membership = { tenantId: actor.tenantId, userId: user.id, role: input.role, createdAt: now, updatedAt: now };
  await services.identities.addMember(membership);
  await services.audit.append(auditBy(actor, { action: 'member.add', targetType: 'user', targetId: user.id, outcome: 'success', details: { role: input.role, newUser: created } }));
  return { ...membership, email: user.email, name: user.name, disabledAt: user.disabledAt };
}

export async function changeRole(services: SecurityServices, actor: Actor, userId: string, role: Role): Promise<Membership> {
  requireManage(actor);
  const current = await services.identities.getMembership(actor.tenantId, userId);
  if (!current) throw new ConsultantError('NOT_FOUND', `Member ${userId} not found`);
  if (!mayAssignRole(actor.role, role, current.role)) {
    await services.audit.append(auditBy(actor, { action: 'member.role-change', targetType: 'user', targetId: userId, outcome: 'denied', details: { from: current.role, to: role } }));
    throw forbidden(`A ${actor.role} cannot change a ${current.role} to ${role}`);
  }
  const updated = await services.identities.changeRole(actor.tenantId, userId, role, services.clock.now().toISOString());
  if (!updated) throw new ConsultantError('NOT_FOUND', `Member ${userId} not found`);
  await services.audit.append(auditBy(actor, { action: 'member.role-change', targetType: 'user', targetId: userId, outcome: 'success', details: { from: current.role, to: role } }));
  return updated;
}

/** Removes a member and, in the same transaction, revokes their keys and sessions in this tenant. */
export async function removeMember(services: SecurityServices, actor: Actor, userId: string): Promise<void> {
  requireManage(actor);
  const current = await services.identities.getMembership(actor.tenantId, userId);
  if (!current) throw new ConsultantError('NOT_FOUND', `Member ${userId} not found`);
  if (current.role === 'owner' && actor.role !== 'owner') throw forbidden('Only an owner can remove an owner');
  await services.identities.removeMember(actor.tenantId, userId, services.clock.now().toISOString());
  await services.audit.append(auditBy(actor, { action: 'member.remove', targetType: 'user', targetId: userId, outcome: 'success', details: { role: current.role } }));
}

/** Sets a user's password; every session of the user ends, so a stolen session dies with the old password. */
export async function setPassword(services: SecurityServices, actor: Actor, userId: string, password: string): Promise<void> {
  assertPasswordAcceptable(password, services.config.passwordMinLength);
  const user = await services.identities.getUser(userId);
  if (!user) throw new ConsultantError('NOT_FOUND', `User ${userId} not found`);
  const now = services.clock.now().toISOString();
  await services.identities.setPassword(userId, await hashPassword(password), now);
  await services.sessions.revokeUserSessions(userId, 'password-changed', now);
  await services.audit.append(auditBy(actor, { action: 'user.password-change', targetType: 'user', targetId: userId, outcome: 'success' }));
}
