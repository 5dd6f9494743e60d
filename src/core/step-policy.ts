import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { CircuitOpenError, ConsultantError, StepTimeoutError, isControlSignal, isRetryable } from './errors.js';
import type { StepPolicy } from './workflow.js';

export interface CircuitOptions {
  /** Consecutive failures that open the circuit. */
  failureThreshold: number;
  /** How long an open circuit rejects before letting one trial call through. */
  halfOpenAfterMs: number;
}

const DEFAULT_CIRCUIT_OPTIONS: CircuitOptions = { failureThreshold: 5, halfOpenAfterMs: 10_000 };

/** Failures of the user's own input say nothing about the health of a dependency. */
function countsAgainstCircuit(error: unknown): boolean {
  if (isControlSignal(error)) return false;
  return !(error instanceof ConsultantError && error.category === 'user');
}

/** One circuit breaker per key per process, shared by every run that uses the key. */
export class CircuitRegistry {
  private readonly breakers = new Map<string, CircuitBreakerPolicy>();

  constructor(private readonly options: CircuitOptions = DEFAULT_CIRCUIT_OPTIONS) {}

  get(key: string): CircuitBreakerPolicy {
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = circuitBreaker(handleWhen(countsAgainstCircuit), {
        halfOpenAfter: this.options.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(this.options.failureThreshold),
      });
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  /** `closed`, `open`, `half-open` or `isolated` per key (for metrics and `doctor`). */
  states(): Record<string, string> {
    const names: Record<CircuitState, string> = {
      [CircuitState.Closed]: 'closed',
      [CircuitState.Open]: 'open',
      [CircuitState.HalfOpen]: 'half-open',
      [CircuitState.Isolated]: 'isolated',
    };
    return Object.fromEntries([...this.breakers].map(([key, breaker]) => [key, names[breaker.state]]));
  }
}

export interface PolicyHooks {
  onRetry?(info: { nextAttempt: number; delayMs: number; error: unknown }): void;
}

/**
 * Runs `attempt` under the step's policy: retry with exponential backoff and decorrelated
 * jitter (only for retryable errors, never after the run signal fired), an optional circuit
 * breaker, and a per-attempt timeout that aborts the attempt's own signal.
 *
 * `attempt` receives a 0-based retry index and the attempt's AbortSignal (run ∧ timeout).
 */
export async function executeWithPolicy<T>(
  policy: StepPolicy,
  runSignal: AbortSignal,
  attempt: (retryIndex: number, signal: AbortSignal) => Promise<T>,
  options: { circuits?: CircuitRegistry; hooks?: PolicyHooks } = {},
): Promise<T> {
  const retryPolicy = retry(
    handleWhen((error) => !runSignal.aborted && isRetryable(error)),
    {
      maxAttempts: Math.max(0, policy.retry.maxAttempts - 1),
      backoff: new ExponentialBackoff({ initialDelay: policy.retry.initialDelayMs, maxDelay: policy.retry.maxDelayMs }),
    },
  );
  const listener = retryPolicy.onRetry((event) => {
    const error = 'error' in event ? event.error : undefined;
    options.hooks?.onRetry?.({ nextAttempt: event.attempt, delayMs: event.delay, error });
  });
  const timeoutPolicy = timeout(policy.timeoutMs, TimeoutStrategy.Aggressive);
  const breaker = policy.circuitKey !== undefined ? options.circuits?.get(policy.circuitKey) : undefined;

  const timed = async (retryIndex: number, signal: AbortSignal): Promise<T> => {
    try {
      return await timeoutPolicy.execute((_context, attemptSignal) => attempt(retryIndex, attemptSignal), signal);
    } catch (error) {
      if (error instanceof TaskCancelledError && !signal.aborted) {
        throw new StepTimeoutError(`Attempt exceeded ${policy.timeoutMs} ms`, { cause: error });
      }
      throw error;
    }
  };

  try {
    return await retryPolicy.execute(async ({ attempt: retryIndex, signal }) => {
      if (!breaker) return timed(retryIndex, signal);
      try {
        return await breaker.execute(() => timed(retryIndex, signal), signal);
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          throw new CircuitOpenError(`Circuit "${policy.circuitKey}" is open`, { cause: error, details: { circuitKey: policy.circuitKey } });
        }
        throw error;
      }
    }, runSignal);
  } catch (error) {
    // Cockatiel reports an abort of the outer signal as its own error; give callers the reason.
    if (error instanceof TaskCancelledError && runSignal.aborted) throw abortReason(runSignal);
    throw error;
  } finally {
    listener.dispose();
  }
}

/** The reason a signal was aborted, as an Error. */
export function abortReason(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new Error(typeof reason === 'string' ? reason : 'Aborted');
}
