/**
 * Roles and the permission matrix (docs/security.md). A role is held per tenant (membership);
 * an API key carries scopes, and what a request may do is the intersection of the key's scopes
 * and the current permissions of the key's user, so demoting a user also narrows their keys.
 */
export const ROLES = ['owner', 'admin', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'runs:read',
  'runs:create',
  'runs:control',
  'reports:read',
  'reports:export',
  'reports:share',
  'reports:delete',
  'keys:own',
  'keys:manage',
  'members:read',
  'members:manage',
  'audit:read',
  'tenant:read',
  'tenant:manage',
  'metrics:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READER: readonly Permission[] = ['runs:read', 'reports:read', 'reports:export', 'keys:own', 'tenant:read'];
const ANALYST: readonly Permission[] = [...READER, 'runs:create', 'runs:control', 'reports:share'];
const ADMIN: readonly Permission[] = [...ANALYST, 'reports:delete', 'keys:manage', 'members:read', 'members:manage', 'audit:read', 'metrics:read'];
const OWNER: readonly Permission[] = [...ADMIN, 'tenant:manage'];

export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  owner: new Set(OWNER),
  admin: new Set(ADMIN),
  analyst: new Set(ANALYST),
  viewer: new Set(READER),
};

/** Higher outranks lower: an admin may manage analysts and viewers and other admins, never owners. */
export const ROLE_RANK: Readonly<Record<Role, number>> = { owner: 4, admin: 3, analyst: 2, viewer: 1 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isPermission(value: unknown): value is Permission {
  return typeof value === 'string' && (PERMISSIONS as readonly string[]).includes(value);
}

export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

/**
 * What a credential may do: the role's permissions, narrowed to the key's scopes when it has
 * any (`['*']` or no scopes means "everything the user's role allows").
 */
export function effectivePermissions(role: Role, scopes: readonly string[] | null): Set<Permission> {
  const granted = ROLE_PERMISSIONS[role];
  if (!scopes || scopes.length === 0 || scopes.includes('*')) return new Set(granted);
  return new Set(scopes.filter(isPermission).filter((scope) => granted.has(scope)));
}

/**
 * Whether `actor` may give `target` role to someone whose current role is `current`: owners
 * may do anything; admins may not create, demote or otherwise touch owners.
 */
export function mayAssignRole(actor: Role, target: Role, current?: Role): boolean {
  if (actor === 'owner') return true;
  if (actor !== 'admin') return false;
  if (target === 'owner') return false;
  return current === undefined || current !== 'owner';
}
