import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../../core/clock.js';
import { ConsultantError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Database, ReportSharesTable } from '../../store/schema.js';

export interface ReportShare {
  id: string;
  tenantId: string;
  reportId: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export interface CreatedShare {
  share: ReportShare;
  /** Shown once: the read-only capability to this one report. */
  token: string;
}

const TOKEN_SHAPE = /^shr_([0-9A-HJKMNP-TV-Z]{26})_([A-Za-z0-9_-]{43})$/;
export const MAX_SHARE_HOURS = 24 * 30;

function rowToShare(row: ReportSharesTable): ReportShare {
  return { id: row.id, tenantId: row.tenant_id, reportId: row.report_id, createdBy: row.created_by, createdAt: row.created_at, expiresAt: row.expires_at, revokedAt: row.revoked_at };
}

/**
 * Share links: signed, expiring, revocable, read-only access to one report and its exports.
 * The token is `shr_<share id>_<HMAC of the share's tenant, report and expiry>`; the row decides
 * whether it is still valid (revocation), the signature that it was issued by us for exactly
 * that report. Rotating the token secret invalidates every link.
 */
export class ShareService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly secret: string,
    private readonly clock: Clock,
  ) {}

  private sign(share: Pick<ReportShare, 'id' | 'tenantId' | 'reportId' | 'expiresAt'>): string {
    return createHmac('sha256', this.secret).update(`share\u0000${share.id}\u0000${share.tenantId}\u0000${share.reportId}\u0000${share.expiresAt}`).digest('base64url');
  }

  async create(tenantId: string, reportId: string, createdBy: string, expiresInHours: number): Promise<CreatedShare> {
    if (!Number.isFinite(expiresInHours) || expiresInHours <= 0 || expiresInHours > MAX_SHARE_HOURS) {
      throw new ConsultantError('INVALID_INPUT', `expiresInHours must be between 1 and ${MAX_SHARE_HOURS}`);
    }
    const now = this.clock.now();
    const share: ReportShare = {
      id: newId('shr').slice(4),
      tenantId,
      reportId,
      createdBy,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + expiresInHours * 3_600_000).toISOString(),
      revokedAt: null,
    };
    await this.db
      .insertInto('report_shares')
      .values({ id: share.id, tenant_id: tenantId, report_id: reportId, created_by: createdBy, created_at: share.createdAt, expires_at: share.expiresAt, revoked_at: null })
      .execute();
    return { share, token: `shr_${share.id}_${this.sign(share)}` };
  }

  async list(tenantId: string, reportId: string): Promise<ReportShare[]> {
    const rows = await this.db.selectFrom('report_shares').selectAll().where('tenant_id', '=', tenantId).where('report_id', '=', reportId).orderBy('created_at', 'desc').execute();
    return rows.map(rowToShare);
  }

  /** `false` when no live share with that id exists for that report in that tenant. */
  async revoke(tenantId: string, reportId: string, shareId: string): Promise<boolean> {
    const result = await this.db
      .updateTable('report_shares')
      .set({ revoked_at: this.clock.now().toISOString() })
      .where('id', '=', shareId)
      .where('tenant_id', '=', tenantId)
      .where('report_id', '=', reportId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * The share a token grants, or NOT_FOUND — for a malformed, forged, expired or revoked token
   * alike, so a probe learns nothing about which.
   */
  async resolve(token: string): Promise<ReportShare> {
    const refused = new ConsultantError('NOT_FOUND', 'This share link does not exist, has expired or was revoked');
    if (token.length > 100) throw refused;
    const match = TOKEN_SHAPE.exec(token);
    if (!match) throw refused;
    const row = await this.db.selectFrom('report_shares').selectAll().where('id', '=', match[1]!).executeTakeFirst();
    if (!row) throw refused;
    const share = rowToShare(row);
    const expected = Buffer.from(this.sign(share));
    const given = Buffer.from(match[2]!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw refused;
    if (share.revokedAt !== null || share.expiresAt <= this.clock.now().toISOString()) throw refused;
    return share;
  }
}
