import pg from 'pg';

/** PostgreSQL type OIDs whose default text parsing does not fit ADR 0003. */
const OID = {
  INT8: 20,
  NUMERIC: 1700,
  DATE: 1082,
  TIMESTAMP: 1114,
  TIMESTAMPTZ: 1184,
} as const;

/**
 * `pg` returns BIGINT and NUMERIC as strings (they can exceed a double). Our BIGINT columns are
 * counters and epoch milliseconds, far below 2^53, and the SQL adapters expect numbers as SQLite
 * returns them; a value that would lose precision fails loudly instead of being rounded.
 */
export function parseBigint(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`BIGINT ${text} does not fit a JavaScript number without losing precision`);
  return value;
}

function parseNumeric(text: string): number {
  return Number(text);
}

/** Timestamps stay text (ADR 0003): a query that selects `now()` must not turn into a Date. */
function keepText(text: string): string {
  return text;
}

/**
 * Per-pool type parsers, so this process's other `pg` users (BullMQ's optional PostgreSQL
 * backend, tools) keep the driver's defaults; `pg.types.setTypeParser` would change them globally.
 */
export const consultantTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (format === undefined || format === 'text') {
      if (oid === OID.INT8) return parseBigint;
      if (oid === OID.NUMERIC) return parseNumeric;
      if (oid === OID.DATE || oid === OID.TIMESTAMP || oid === OID.TIMESTAMPTZ) return keepText;
    }
    return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};
