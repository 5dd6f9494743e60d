import { CancelledError, ConsultantError, toConsultantError } from '../core/errors.js';
import type { DataGap } from '../reports/model/report.js';

/**
 * What a connector call gives back: a value, or the gap that explains its absence. Connectors
 * never throw for upstream trouble; only cancellation escapes (as `CancelledError`).
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; gap: DataGap; error?: ConsultantError };

export function success<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

export function failure<T>(gap: DataGap, error?: ConsultantError): Outcome<T> {
  return error === undefined ? { ok: false, gap } : { ok: false, gap, error };
}

/**
 * Runs one connector call and turns any failure except cancellation into a gap naming the
 * source, what was wanted and why it could not be had.
 */
export async function guarded<T>(source: string, what: string, impact: DataGap['impact'], work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return success(await work());
  } catch (error) {
    if (error instanceof CancelledError) throw error;
    const normalized = toConsultantError(error, 'SOURCE_FAILED');
    return failure({ source, reason: `${what}: ${normalized.message}`, impact }, normalized);
  }
}

export const OFFLINE_REASON = 'offline: network sources are switched off (sources.offline, CONSULTANTOS_OFFLINE or --offline)';

/** The gap every connector reports in offline mode, without making a request. */
export function offlineGap(source: string): DataGap {
  return { source, reason: OFFLINE_REASON, impact: 'low' };
}

/** The gap of a connector that needs configuration it does not have. */
export function notConfiguredGap(source: string, what: string, impact: DataGap['impact'] = 'low'): DataGap {
  return { source, reason: `not configured: ${what}`, impact };
}

export function isConsultantError(error: unknown): error is ConsultantError {
  return error instanceof ConsultantError;
}
