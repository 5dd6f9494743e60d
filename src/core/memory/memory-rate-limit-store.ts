import { type Clock, systemClock } from '../clock.js';
import type { RateLimitDecision, RateLimitStore } from '../ports/rate-limit-store.js';

/** In-process fixed-window counters (embedded mode); windows align to multiples of `windowMs`. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { windowStart: number; used: number }>();

  constructor(private readonly clock: Clock = systemClock) {}

  async consume(key: string, cost: number, limit: number, windowMs: number): Promise<RateLimitDecision> {
    const now = this.clock.now().getTime();
    const windowStart = now - (now % windowMs);
    const current = this.windows.get(key);
    const used = current && current.windowStart === windowStart ? current.used : 0;
    const allowed = used + cost <= limit;
    const next = allowed ? used + cost : used;
    this.windows.set(key, { windowStart, used: next });
    if (this.windows.size > 100_000) this.sweep(now);
    return { allowed, limit, remaining: Math.max(0, limit - next), resetMs: windowStart + windowMs - now };
  }

  async reset(key: string): Promise<void> {
    this.windows.delete(key);
  }

  private sweep(now: number): void {
    for (const [key, value] of this.windows) if (value.windowStart + 3_600_000 < now) this.windows.delete(key);
  }
}
