import type { Kysely } from 'kysely';
import { newId } from '../../core/ids.js';
import { parseStoredJson } from '../../core/json.js';
import { decodeCursor, encodeCursor } from '../../core/pagination.js';
import type { Page } from '../../core/ports/run-store.js';
import type { Clock } from '../../core/clock.js';
import { systemClock } from '../../core/clock.js';
import type { Database } from '../../store/schema.js';
import type { AuditLog, AuditQuery } from '../auth-store.js';
import type { ActorType, AuditEntry, AuditOutcome, NewAuditEntry } from '../model.js';
import { type AuditLogTable, type AuthDatabase, authDatabase } from './auth-tables.js';

/** Stored text is capped so one request cannot bloat the log (user agents, details). */
const MAX_TEXT = 512;
const MAX_DETAILS = 4_000;

function cap(value: string | null): string | null {
  return value === null ? null : value.slice(0, MAX_TEXT);
}

function toEntry(row: AuditLogTable): AuditEntry {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    at: row.at,
    actorType: row.actor_type as ActorType,
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    outcome: row.outcome as AuditOutcome,
    ip: row.ip,
    userAgent: row.user_agent,
    requestId: row.request_id,
    details: parseStoredJson<Record<string, unknown>>(row.details),
  };
}

export class SqlAuditLog implements AuditLog {
  private readonly db: AuthDatabase;

  constructor(
    db: Kysely<Database>,
    private readonly clock: Clock = systemClock,
  ) {
    this.db = authDatabase(db);
  }

  async append(entry: NewAuditEntry): Promise<AuditEntry> {
    const at = entry.at ?? this.clock.now().toISOString();
    let details = entry.details ? JSON.stringify(entry.details) : null;
    if (details !== null && details.length > MAX_DETAILS) details = JSON.stringify({ truncated: true });
    const row: AuditLogTable = {
      id: newId('aud', Date.parse(at)),
      tenant_id: entry.tenantId,
      at,
      actor_type: entry.actorType,
      actor_id: cap(entry.actorId),
      action: entry.action.slice(0, 64),
      target_type: cap(entry.targetType),
      target_id: cap(entry.targetId),
      outcome: entry.outcome,
      ip: cap(entry.ip),
      user_agent: cap(entry.userAgent),
      request_id: cap(entry.requestId),
      details,
    };
    await this.db.insertInto('audit_log').values(row).execute();
    return toEntry(row);
  }

  async list(tenantId: string, query: AuditQuery): Promise<Page<AuditEntry>> {
    let select = this.db.selectFrom('audit_log').selectAll().where('tenant_id', '=', tenantId);
    if (query.action) select = select.where('action', '=', query.action);
    if (query.actorId) select = select.where('actor_id', '=', query.actorId);
    if (query.targetId) select = select.where('target_id', '=', query.targetId);
    if (query.since) select = select.where('at', '>=', query.since);
    if (query.until) select = select.where('at', '<', query.until);
    if (query.cursor) {
      const position = decodeCursor(query.cursor);
      select = select.where((expression) => expression.or([expression('at', '<', position.key), expression.and([expression('at', '=', position.key), expression('id', '<', position.id)])]));
    }
    const rows = await select.orderBy('at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
    const items = rows.slice(0, query.limit).map(toEntry);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > query.limit && last ? encodeCursor(last.at, last.id) : null };
  }
}
