import { newId } from '../../core/ids.js';
import type { BudgetAmount, BudgetLimits, BudgetState, BudgetStore } from '../../core/ports/budget-store.js';
import { ZERO_USAGE } from '../analyst.js';
import { BudgetExceededError } from './gateway-errors.js';

/** One budget a call counts against: the run's, and later the tenant's or the user's. */
export interface BudgetScope {
  key: string;
  limits: BudgetLimits;
}

export interface BudgetGuardOptions {
  /** Fraction of a cap at which one warning is raised (0.8). */
  warnFraction: number;
  /** A reservation its holder never settled (it crashed) stops counting after this long. */
  reservationTtlMs: number;
}

export type BudgetWarning = (scope: BudgetScope, state: BudgetState) => Promise<void> | void;

/** Reservations held for one upstream request, to settle when it ends. */
export interface HeldReservation {
  scopes: readonly BudgetScope[];
  reservationId: string;
}

function hasLimits(scope: BudgetScope): boolean {
  return scope.limits.maxTokens !== undefined || scope.limits.maxCostUsd !== undefined;
}

/**
 * Reserve before, settle after: each upstream request reserves its upper-bound estimate in every
 * scope, atomically in the BudgetStore, and settles to its real usage when it ends. Concurrent
 * runs on one budget therefore cannot pass a cap on their estimates; real usage can exceed its
 * estimate only by what the estimate missed of the prompt (output is capped by maxOutputTokens).
 */
export class BudgetGuard {
  constructor(
    private readonly store: BudgetStore,
    private readonly options: BudgetGuardOptions,
  ) {}

  async reserve(scopes: readonly BudgetScope[], amount: BudgetAmount, onWarning?: BudgetWarning): Promise<HeldReservation | undefined> {
    const limited = scopes.filter(hasLimits);
    if (limited.length === 0) return undefined;
    const reservationId = newId('bud');
    const held: BudgetScope[] = [];
    for (const scope of limited) {
      const decision = await this.store.reserve({ key: scope.key, reservationId, amount, limits: scope.limits, warnFraction: this.options.warnFraction, ttlMs: this.options.reservationTtlMs });
      if (!decision.allowed) {
        // All or nothing: what the earlier scopes reserved is released.
        await Promise.all(held.map((earlier) => this.store.settle(earlier.key, reservationId, { tokens: 0, costUsd: 0 })));
        const cap = decision.exceeded === 'tokens' ? `${scope.limits.maxTokens} tokens` : `$${scope.limits.maxCostUsd}`;
        const spent = decision.exceeded === 'tokens' ? `${decision.state.spent.tokens} tokens spent` : `$${decision.state.spent.costUsd.toFixed(4)} spent`;
        throw new BudgetExceededError(`Budget ${scope.key} (${cap}) would be exceeded: ${spent}, this call needs up to ${decision.exceeded === 'tokens' ? `${amount.tokens} tokens` : `$${amount.costUsd.toFixed(4)}`}`, ZERO_USAGE, {
          budgetKey: scope.key,
          exceeded: decision.exceeded,
        });
      }
      held.push(scope);
      if (decision.warning && onWarning) await Promise.resolve(onWarning(scope, decision.state)).catch(() => undefined);
    }
    return { scopes: held, reservationId };
  }

  async settle(reservation: HeldReservation | undefined, actual: BudgetAmount): Promise<void> {
    if (!reservation) return;
    await Promise.all(reservation.scopes.map((scope) => this.store.settle(scope.key, reservation.reservationId, actual)));
  }
}
