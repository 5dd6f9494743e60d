/**
 * Deterministic hashing and pseudo-random numbers. Everything the stub "decides" comes from
 * here, so two runs with the same seed and the same requests give the same answers.
 */

/** FNV-1a over the parts joined with a separator that cannot appear in ordinary text. */
export function hashText(...parts: readonly (string | number)[]): number {
  let hash = 0x811c9dc5;
  const text = parts.join('\u241f');
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export interface SeededRandom {
  /** Uniform in [0, 1). */
  next(): number;
}

/** mulberry32: tiny, fast and good enough to draw faults; not for anything cryptographic. */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let mixed = state;
      mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
      mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
      return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/**
 * Picks values keyed by a path (for example `$.forces[1].rationale`), so each value depends
 * only on the request and its position, never on the order in which values were generated.
 */
export class PathChooser {
  constructor(private readonly seed: number) {}

  hash(path: string, salt = ''): number {
    return hashText(this.seed, path, salt);
  }

  /** An integer in [0, count). */
  index(path: string, count: number, salt = ''): number {
    if (count <= 0) return 0;
    return this.hash(path, salt) % count;
  }

  /** An integer in [minimum, maximum]. */
  between(path: string, minimum: number, maximum: number, salt = ''): number {
    if (maximum <= minimum) return minimum;
    return minimum + this.index(path, maximum - minimum + 1, salt);
  }

  pick<T>(path: string, values: readonly T[], salt = ''): T {
    const value = values[this.index(path, values.length, salt)];
    if (value === undefined) throw new RangeError('cannot pick from an empty list');
    return value;
  }
}
