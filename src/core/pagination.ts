import { ConsultantError } from './errors.js';

/** Keyset cursors: opaque to clients, a (sort key, id) pair inside. */
export interface CursorPosition {
  key: string;
  id: string;
}

export function encodeCursor(key: string | number, id: string): string {
  return Buffer.from(JSON.stringify([String(key), id]), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    if (cursor.length > 512) throw new Error('too long');
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // fall through to the user-facing error
  }
  throw new ConsultantError('INVALID_INPUT', 'The cursor is not valid; use nextCursor from a previous page', { details: { field: 'cursor' } });
}
