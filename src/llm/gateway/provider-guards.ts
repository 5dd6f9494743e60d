import { type BulkheadPolicy, CircuitState, ConsecutiveBreaker, type CircuitBreakerPolicy, bulkhead, circuitBreaker, handleWhen } from 'cockatiel';
import { UpstreamFailure } from './upstream-failure.js';

export interface ProviderGuardOptions {
  /** Consecutive provider failures (5xx, 429, timeouts, garbage) that open the circuit. */
  circuitFailureThreshold: number;
  /** How long an open circuit rejects before letting one trial request through. */
  circuitHalfOpenAfterMs: number;
  /** Requests in flight per provider endpoint; the rest wait their turn. */
  concurrency: number;
}

export type CircuitStateName = 'closed' | 'open' | 'half-open' | 'isolated';

export interface CircuitTransition {
  providerKey: string;
  state: CircuitStateName;
  at: number;
}

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

interface Guard {
  circuit: CircuitBreakerPolicy;
  concurrency: BulkheadPolicy;
}

const MAX_TRANSITIONS = 1_000;

/**
 * Per provider endpoint, per process: a circuit breaker (closed → open → half-open, where one
 * trial request decides and concurrent callers wait for its outcome) and a concurrency limit.
 * Only provider health counts against a circuit; invalid output or a refused budget does not.
 */
export class ProviderGuards {
  private readonly guards = new Map<string, Guard>();
  private readonly history: CircuitTransition[] = [];

  constructor(private readonly options: ProviderGuardOptions) {}

  get(providerKey: string): Guard {
    let guard = this.guards.get(providerKey);
    if (!guard) {
      const circuit = circuitBreaker(
        handleWhen((error) => error instanceof UpstreamFailure && error.countsAgainstCircuit),
        { halfOpenAfter: this.options.circuitHalfOpenAfterMs, breaker: new ConsecutiveBreaker(this.options.circuitFailureThreshold) },
      );
      circuit.onStateChange((state) => {
        this.history.push({ providerKey, state: STATE_NAMES[state], at: Date.now() });
        if (this.history.length > MAX_TRANSITIONS) this.history.splice(0, this.history.length - MAX_TRANSITIONS);
      });
      // The queue is unbounded: callers are bounded upstream by run and step concurrency.
      guard = { circuit, concurrency: bulkhead(this.options.concurrency, Number.MAX_SAFE_INTEGER) };
      this.guards.set(providerKey, guard);
    }
    return guard;
  }

  /** Circuit state per provider endpoint (for `doctor`, metrics and tests). */
  states(): Record<string, CircuitStateName> {
    return Object.fromEntries([...this.guards].map(([key, guard]) => [key, STATE_NAMES[guard.circuit.state]]));
  }

  /** Every circuit state change so far, oldest first (bounded). */
  transitions(): readonly CircuitTransition[] {
    return [...this.history];
  }
}
