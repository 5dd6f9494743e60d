import type { Kysely } from 'kysely';
import { ConsultantError } from '../../core/errors.js';
import { lockKeyForTransaction } from '../../store/sql/dialect.js';
import { isUniqueViolation } from '../../store/sql/rows.js';
import type { Database } from '../../store/schema.js';
import type { IdentityStore, NewUser } from '../auth-store.js';
import type { Member, Membership, Tenant, TierName, User } from '../model.js';
import type { Role } from '../roles.js';
import { type AuthDatabase, type AuthExecutor, type MembershipsTable, type TenantsTable, type UsersTable, authDatabase } from './auth-tables.js';

function toTenant(row: TenantsTable): Tenant {
  return { id: row.id, name: row.name, tier: row.tier as TierName, createdAt: row.created_at, disabledAt: row.disabled_at };
}

function toUser(row: UsersTable): User {
  return { id: row.id, email: row.email, name: row.name, hasPassword: row.password_hash !== null, createdAt: row.created_at, disabledAt: row.disabled_at };
}

function toMembership(row: MembershipsTable): Membership {
  return { tenantId: row.tenant_id, userId: row.user_id, role: row.role as Role, createdAt: row.created_at, updatedAt: row.updated_at };
}

export class SqlIdentityStore implements IdentityStore {
  private readonly db: AuthDatabase;

  constructor(db: Kysely<Database>) {
    this.db = authDatabase(db);
  }

  async createTenant(tenant: Tenant): Promise<Tenant> {
    try {
      await this.db.insertInto('tenants').values({ id: tenant.id, name: tenant.name, tier: tenant.tier, created_at: tenant.createdAt, disabled_at: tenant.disabledAt }).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConsultantError('CONFLICT', `Tenant ${tenant.id} already exists`);
      throw error;
    }
    return tenant;
  }

  async getTenant(id: string): Promise<Tenant | undefined> {
    const row = await this.db.selectFrom('tenants').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toTenant(row) : undefined;
  }

  async listTenants(): Promise<Tenant[]> {
    return (await this.db.selectFrom('tenants').selectAll().orderBy('created_at').orderBy('id').execute()).map(toTenant);
  }

  async updateTenant(id: string, change: { name?: string; tier?: TierName; disabledAt?: string | null }): Promise<Tenant | undefined> {
    const values = {
      ...(change.name !== undefined ? { name: change.name } : {}),
      ...(change.tier !== undefined ? { tier: change.tier } : {}),
      ...(change.disabledAt !== undefined ? { disabled_at: change.disabledAt } : {}),
    };
    if (Object.keys(values).length > 0) await this.db.updateTable('tenants').set(values).where('id', '=', id).execute();
    return this.getTenant(id);
  }

  async countTenants(): Promise<number> {
    const row = await this.db.selectFrom('tenants').select((expression) => expression.fn.countAll<number>().as('count')).executeTakeFirst();
    return Number(row?.count ?? 0);
  }

  async createUser(user: NewUser): Promise<User> {
    const row: UsersTable = { id: user.id, email: user.email.toLowerCase(), name: user.name, password_hash: user.passwordHash, created_at: user.createdAt, updated_at: user.createdAt, disabled_at: null };
    try {
      await this.db.insertInto('users').values(row).execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConsultantError('CONFLICT', 'A user with this email already exists');
      throw error;
    }
    return toUser(row);
  }

  async getUser(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : undefined;
  }

  async findUserByEmail(email: string): Promise<(User & { passwordHash: string | null }) | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
    return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
  }

  async setPassword(userId: string, passwordHash: string, now: string): Promise<void> {
    await this.db.updateTable('users').set({ password_hash: passwordHash, updated_at: now }).where('id', '=', userId).execute();
  }

  async setUserDisabled(userId: string, disabledAt: string | null): Promise<void> {
    await this.db.updateTable('users').set({ disabled_at: disabledAt }).where('id', '=', userId).execute();
  }

  async addMember(membership: Membership): Promise<Membership> {
    try {
      await this.db
        .insertInto('memberships')
        .values({ tenant_id: membership.tenantId, user_id: membership.userId, role: membership.role, created_at: membership.createdAt, updated_at: membership.updatedAt })
        .execute();
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConsultantError('CONFLICT', 'The user is already a member of this tenant');
      throw error;
    }
    return membership;
  }

  async getMembership(tenantId: string, userId: string): Promise<Membership | undefined> {
    const row = await this.db.selectFrom('memberships').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
    return row ? toMembership(row) : undefined;
  }

  async getAccess(tenantId: string, userId: string): Promise<{ tier: TierName; role: Role } | undefined> {
    const row = await this.db
      .selectFrom('memberships')
      .innerJoin('tenants', 'tenants.id', 'memberships.tenant_id')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['tenants.tier', 'memberships.role'])
      .where('memberships.tenant_id', '=', tenantId)
      .where('memberships.user_id', '=', userId)
      .where('tenants.disabled_at', 'is', null)
      .where('users.disabled_at', 'is', null)
      .executeTakeFirst();
    return row ? { tier: row.tier as TierName, role: row.role as Role } : undefined;
  }

  async listMemberships(userId: string): Promise<Membership[]> {
    return (await this.db.selectFrom('memberships').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('tenant_id').execute()).map(toMembership);
  }

  async listMembers(tenantId: string): Promise<Member[]> {
    const rows = await this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .select(['memberships.tenant_id', 'memberships.user_id', 'memberships.role', 'memberships.created_at', 'memberships.updated_at', 'users.email', 'users.name', 'users.disabled_at'])
      .where('memberships.tenant_id', '=', tenantId)
      .orderBy('memberships.created_at')
      .orderBy('memberships.user_id')
      .execute();
    return rows.map((row) => ({ ...toMembership(row), email: row.email, name: row.name, disabledAt: row.disabled_at }));
  }

  async changeRole(tenantId: string, userId: string, role: Role, now: string): Promise<Membership | undefined> {
    return this.db.transaction().execute(async (trx) => {
      // Two admins demoting the last two owners at once must not both succeed.
      await lockKeyForTransaction(trx, `owners:${tenantId}`);
      const current = await trx.selectFrom('memberships').selectAll().where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
      if (!current) return undefined;
      if (current.role === 'owner' && role !== 'owner') await this.assertAnotherOwner(trx, tenantId);
      await trx.updateTable('memberships').set({ role, updated_at: now }).where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
      return { ...toMembership(current), role, updatedAt: now };
    });
  }

  async removeMember(tenantId: string, userId: string, now: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      await lockKeyForTransaction(trx, `owners:${tenantId}`);
      const current = await trx.selectFrom('memberships').select('role').where('tenant_id', '=', tenantId).where('user_id', '=', userId).executeTakeFirst();
      if (!current) return false;
      if (current.role === 'owner') await this.assertAnotherOwner(trx, tenantId);
      await trx.deleteFrom('memberships').where('tenant_id', '=', tenantId).where('user_id', '=', userId).execute();
      await trx.updateTable('api_keys').set({ revoked_at: now }).where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
      await trx.updateTable('sessions').set({ revoked_at: now, revoked_reason: 'membership-removed' }).where('tenant_id', '=', tenantId).where('user_id', '=', userId).where('revoked_at', 'is', null).execute();
      return true;
    });
  }

  private async assertAnotherOwner(trx: AuthExecutor, tenantId: string): Promise<void> {
    const row = await trx.selectFrom('memberships').select((expression) => expression.fn.countAll<number>().as('count')).where('tenant_id', '=', tenantId).where('role', '=', 'owner').executeTakeFirst();
    if (Number(row?.count ?? 0) <= 1) throw new ConsultantError('INVALID_STATE', 'A tenant must keep at least one owner');
  }
}
