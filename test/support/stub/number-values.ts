/**
 * Numbers for JSON Schema `number` / `integer` nodes, inside every bound the schema sets
 * (minimum, maximum, both exclusive forms, multipleOf) and in a readable range otherwise.
 */
import type { PathChooser } from './random.js';

function finiteOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function decimalsOf(step: number): number {
  const text = String(step);
  const exponent = /e-(\d+)$/.exec(text);
  if (exponent !== null) return Number(exponent[1]) + (text.split('e')[0]!.split('.')[1]?.length ?? 0);
  return text.split('.')[1]?.length ?? 0;
}

function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(Math.min(decimals, 15)));
}

interface Bounds {
  lower: number;
  upper: number;
  strictLower: boolean;
  strictUpper: boolean;
}

/** Reads draft-4 (boolean) and draft-6+ (numeric) exclusive bounds alike. */
function readBounds(schema: Record<string, unknown>): Bounds {
  let lower = finiteOr(schema.minimum, -Infinity);
  let upper = finiteOr(schema.maximum, Infinity);
  let strictLower = schema.exclusiveMinimum === true;
  let strictUpper = schema.exclusiveMaximum === true;
  if (typeof schema.exclusiveMinimum === 'number' && schema.exclusiveMinimum >= lower) {
    lower = schema.exclusiveMinimum;
    strictLower = true;
  }
  if (typeof schema.exclusiveMaximum === 'number' && schema.exclusiveMaximum <= upper) {
    upper = schema.exclusiveMaximum;
    strictUpper = true;
  }
  return { lower, upper, strictLower, strictUpper };
}

/**
 * The range to draw from: the schema's bounds, narrowed to something a reader expects
 * (Zod's `.int()` alone allows ±2^53, and "a year" should look like one).
 */
function preferredRange(bounds: Bounds, name: string | undefined): [number, number] {
  let preferredLower = 0;
  let preferredUpper = 100;
  if (name !== undefined && /year$/i.test(name)) [preferredLower, preferredUpper] = [2020, 2025];
  else if (name !== undefined && /(confidence|probability|likelihood|ratio)$/i.test(name)) [preferredLower, preferredUpper] = [0, 1];
  const lower = Math.max(bounds.lower, preferredLower);
  const upper = Math.min(bounds.upper, preferredUpper);
  if (lower <= upper) return [lower, upper];
  // The preferred range misses the schema's: stay near whichever bound is finite.
  if (Number.isFinite(bounds.lower)) return [bounds.lower, Number.isFinite(bounds.upper) ? Math.min(bounds.upper, bounds.lower + 100) : bounds.lower + 100];
  return [Math.max(bounds.lower, bounds.upper - 100), bounds.upper];
}

export function generateNumber(
  schema: Record<string, unknown>,
  name: string | undefined,
  path: string,
  chooser: PathChooser,
  integer: boolean,
): number {
  const bounds = readBounds(schema);
  const [lower, upper] = preferredRange(bounds, name);
  const multipleOf = typeof schema.multipleOf === 'number' && schema.multipleOf > 0 ? schema.multipleOf : undefined;
  const step = integer ? (multipleOf !== undefined && Number.isInteger(multipleOf) ? multipleOf : 1) : multipleOf;
  if (step !== undefined) {
    let lowest = Math.ceil(lower / step - 1e-9);
    let highest = Math.floor(upper / step + 1e-9);
    if (bounds.strictLower && lowest * step <= bounds.lower) lowest += 1;
    if (bounds.strictUpper && highest * step >= bounds.upper) highest -= 1;
    if (lowest > highest) return roundTo(lowest * step, decimalsOf(step));
    return roundTo(chooser.between(path, lowest, highest, 'number') * step, decimalsOf(step));
  }
  const fraction = chooser.index(path, 1000, 'number') / 1000;
  let value = roundTo(lower + (upper - lower) * fraction, 2);
  const inside = (candidate: number): boolean =>
    (bounds.strictLower ? candidate > bounds.lower : candidate >= bounds.lower) &&
    (bounds.strictUpper ? candidate < bounds.upper : candidate <= bounds.upper);
  if (!inside(value)) value = (lower + upper) / 2;
  return value;
}
