import { ConsultantError } from '../../core/errors.js';

export function parseLimit(text: string, max = 500): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max) throw new ConsultantError('INVALID_INPUT', `--limit must be an integer from 1 to ${max} (got "${text}")`);
  return value;
}
