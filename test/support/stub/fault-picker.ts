/**
 * Decides which fault, if any, a request gets. Precedence: the `x-stub-fault` header, then the
 * scripted queue, then a draw from the seeded mix. Forced and scripted faults do not consume
 * random numbers, so a targeted test in the middle of a run does not shift the random sequence.
 */
import { faultNames, parseFaultName } from './options.js';
import type { FaultMix, FaultName } from './options.js';
import { createSeededRandom } from './random.js';
import type { SeededRandom } from './random.js';

export class FaultPicker {
  private random: SeededRandom;
  private scripted: FaultName[] = [];

  constructor(
    private seed: number,
    private mix: FaultMix,
  ) {
    this.random = createSeededRandom(seed);
  }

  /** Rewinds the random sequence so a reset run replays the same faults. */
  reseed(seed: number = this.seed): void {
    this.seed = seed;
    this.random = createSeededRandom(seed);
  }

  setMix(mix: FaultMix): void {
    this.mix = mix;
  }

  setScript(faults: readonly FaultName[]): void {
    this.scripted = [...faults];
  }

  /** @throws RangeError when the header names an unknown fault. */
  pick(headerValue: string | undefined): FaultName | null {
    if (headerValue !== undefined && headerValue.trim().length > 0) return parseFaultName(headerValue);
    const next = this.scripted.shift();
    if (next !== undefined) return next;
    const draw = this.random.next();
    let cumulative = 0;
    for (const name of faultNames) {
      cumulative += this.mix[name] ?? 0;
      if (draw < cumulative) return name;
    }
    return null;
  }
}
