import { z } from 'zod';
import { PERMISSIONS, ROLES } from './roles.js';
import type { ApiKeyRecord } from './model.js';

/** Visible text without control characters; the length cap aborts before the pattern runs. */
const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max, { abort: true })
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

export const Email = z.string().trim().max(254, { abort: true }).pipe(z.email());
export const Password = z.string().min(1).max(256);
export const PersonName = Text(100);
export const KeyName = Text(100);
export const RoleName = z.enum(ROLES);
export const Scope = z.enum([...PERMISSIONS, '*']);
export const TenantIdText = z.string().min(1).max(100, { abort: true }).regex(/^[A-Za-z0-9_.-]+$/);
export const ResourceIdParams = z.strictObject({ id: z.string().min(1).max(64, { abort: true }).regex(/^[A-Za-z0-9_-]+$/) });

export const LoginBody = z
  .strictObject({
    email: Email,
    password: Password,
    tenantId: TenantIdText.optional(),
    /** `cookie` (browsers): tokens go into HttpOnly cookies. `token` (other clients): tokens in the body. */
    mode: z.enum(['cookie', 'token']).default('cookie'),
  })
  .meta({ id: 'LoginRequest' });

export const SessionView = z
  .object({
    tenantId: z.string(),
    userId: z.string(),
    accessTokenExpiresAt: z.string(),
    refreshTokenExpiresAt: z.string(),
    csrfToken: z.string(),
    accessToken: z.string().optional(),
    refreshToken: z.string().optional(),
  })
  .meta({ id: 'Session' });

export const RefreshBody = z.strictObject({ refreshToken: z.string().min(1).max(200).optional(), mode: z.enum(['cookie', 'token']).default('cookie') }).meta({ id: 'RefreshRequest' });

export const PasswordBody = z.strictObject({ currentPassword: Password.optional(), newPassword: Password }).meta({ id: 'PasswordChange' });

export const MeView = z
  .object({
    user: z.object({ id: z.string(), email: z.string(), name: z.string(), hasPassword: z.boolean() }),
    tenant: z.object({ id: z.string(), name: z.string(), tier: z.string() }),
    role: RoleName,
    permissions: z.array(z.string()),
    via: z.string(),
  })
  .meta({ id: 'Me' });

export const ScopedTokenView = z.object({ token: z.string(), expiresAt: z.string(), url: z.string() }).meta({ id: 'ScopedToken' });

export const ApiKeyView = z
  .object({
    id: z.string(),
    prefix: z.string(),
    name: z.string(),
    userId: z.string(),
    scopes: z.array(z.string()),
    status: z.enum(['active', 'rotating', 'expired', 'revoked']),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    replacedBy: z.string().nullable(),
  })
  .meta({ id: 'ApiKey' });
export type ApiKeyView = z.infer<typeof ApiKeyView>;

export const CreateKeyBody = z
  .strictObject({
    name: KeyName,
    scopes: z.array(Scope).max(PERMISSIONS.length + 1).default(['*']),
    expiresInDays: z.number().int().min(1).max(730).optional(),
  })
  .meta({ id: 'CreateApiKey' });

export const CreatedKeyView = z
  .object({ key: z.string().describe('The whole key; shown once'), apiKey: ApiKeyView, previous: z.object({ id: z.string(), expiresAt: z.string() }).optional() })
  .meta({ id: 'CreatedApiKey' });

export const RotateKeyBody = z.strictObject({ overlapSeconds: z.number().int().min(0).max(30 * 86_400).optional() }).meta({ id: 'RotateApiKey' });

export const MemberView = z
  .object({ userId: z.string(), email: z.string(), name: z.string(), role: RoleName, createdAt: z.string(), updatedAt: z.string(), disabled: z.boolean() })
  .meta({ id: 'Member' });

export const AddMemberBody = z.strictObject({ email: Email, name: PersonName.optional(), role: RoleName, password: Password.optional() }).meta({ id: 'AddMember' });
export const ChangeRoleBody = z.strictObject({ role: RoleName }).meta({ id: 'ChangeRole' });

export const TenantView = z
  .object({
    id: z.string(),
    name: z.string(),
    tier: z.string(),
    createdAt: z.string(),
    limits: z.object({ requestsPerMinute: z.number(), tenantRequestsPerMinute: z.number(), analysesPerDay: z.number(), tokensPerMonth: z.number().nullable(), costUsdPerMonth: z.number().nullable() }),
  })
  .meta({ id: 'Tenant' });
export const UpdateTenantBody = z.strictObject({ name: Text(200) }).meta({ id: 'UpdateTenant' });

export const AuditEntryView = z
  .object({
    id: z.string(),
    at: z.string(),
    actorType: z.string(),
    actorId: z.string().nullable(),
    action: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    outcome: z.string(),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
    requestId: z.string().nullable(),
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEntry' });
export const AuditPage = z.object({ items: z.array(AuditEntryView), nextCursor: z.string().nullable() }).meta({ id: 'AuditPage' });

const IsoTime = z.iso.datetime({ offset: true });
export const AuditQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().min(1).max(512).optional(),
  action: z.string().min(1).max(64, { abort: true }).regex(/^[a-z.-]+$/).optional(),
  actorId: z.string().min(1).max(128).optional(),
  targetId: z.string().min(1).max(128).optional(),
  since: IsoTime.optional(),
  until: IsoTime.optional(),
});

export function keyStatus(key: ApiKeyRecord, now: Date): ApiKeyView['status'] {
  if (key.revokedAt !== null) return 'revoked';
  if (key.expiresAt !== null && Date.parse(key.expiresAt) <= now.getTime()) return 'expired';
  return key.replacedBy !== null ? 'rotating' : 'active';
}

export function presentKey(key: ApiKeyRecord, now: Date): ApiKeyView {
  return {
    id: key.id,
    prefix: key.prefix,
    name: key.name,
    userId: key.userId,
    scopes: key.scopes,
    status: keyStatus(key, now),
    createdAt: key.createdAt,
    expiresAt: key.expiresAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
    replacedBy: key.replacedBy,
  };
}
