import { type Clock, systemClock } from '../clock.js';
import {
  type BudgetAmount,
  type BudgetCounters,
  type BudgetState,
  type BudgetStore,
  type ReserveDecision,
  type ReserveRequest,
  exceededCap,
  fromMicroUsd,
  reachesWarning,
  toMicroUsd,
  toWholeTokens,
} from '../ports/budget-store.js';

interface Reservation extends BudgetCounters {
  status: 'reserved' | 'expired' | 'settled';
  expiresAt: number;
}

interface Budget {
  spent: BudgetCounters;
  reserved: BudgetCounters;
  warned: boolean;
  reservations: Map<string, Reservation>;
}

function amountOf(counters: BudgetCounters): BudgetAmount {
  return { tokens: counters.tokens, costUsd: fromMicroUsd(counters.microUsd) };
}

/**
 * In-process budgets (embedded mode, tests). Every method runs to completion without awaiting
 * in between, so on one event loop each reserve/settle is atomic by construction.
 */
export class MemoryBudgetStore implements BudgetStore {
  private readonly budgets = new Map<string, Budget>();

  constructor(private readonly clock: Clock = systemClock) {}

  private budget(key: string): Budget {
    let budget = this.budgets.get(key);
    if (!budget) {
      budget = { spent: { tokens: 0, microUsd: 0 }, reserved: { tokens: 0, microUsd: 0 }, warned: false, reservations: new Map() };
      this.budgets.set(key, budget);
    }
    return budget;
  }

  private state(key: string, budget: Budget): BudgetState {
    return { key, spent: amountOf(budget.spent), reserved: amountOf(budget.reserved), warned: budget.warned };
  }

  /** Releases reservations whose holder never settled them (a crashed process). */
  private sweep(budget: Budget): void {
    const now = this.clock.now().getTime();
    for (const reservation of budget.reservations.values()) {
      if (reservation.status !== 'reserved' || reservation.expiresAt > now) continue;
      reservation.status = 'expired';
      budget.reserved.tokens -= reservation.tokens;
      budget.reserved.microUsd -= reservation.microUsd;
    }
  }

  async reserve(request: ReserveRequest): Promise<ReserveDecision> {
    const budget = this.budget(request.key);
    this.sweep(budget);
    if (budget.reservations.has(request.reservationId)) {
      // A retried reserve of the same id must not count twice.
      return { allowed: true, state: this.state(request.key, budget), warning: false };
    }
    const amount = { tokens: toWholeTokens(request.amount.tokens), microUsd: toMicroUsd(request.amount.costUsd) };
    const committed = {
      tokens: budget.spent.tokens + budget.reserved.tokens + amount.tokens,
      microUsd: budget.spent.microUsd + budget.reserved.microUsd + amount.microUsd,
    };
    const exceeded = exceededCap(committed, request.limits);
    if (exceeded) return { allowed: false, state: this.state(request.key, budget), exceeded };
    budget.reserved.tokens += amount.tokens;
    budget.reserved.microUsd += amount.microUsd;
    budget.reservations.set(request.reservationId, { ...amount, status: 'reserved', expiresAt: this.clock.now().getTime() + request.ttlMs });
    const warning = !budget.warned && reachesWarning(committed, request.limits, request.warnFraction);
    if (warning) budget.warned = true;
    return { allowed: true, state: this.state(request.key, budget), warning };
  }

  async settle(key: string, reservationId: string, actual: BudgetAmount): Promise<BudgetState> {
    const budget = this.budget(key);
    const reservation = budget.reservations.get(reservationId);
    if (reservation?.status === 'settled') return this.state(key, budget);
    if (reservation?.status === 'reserved') {
      budget.reserved.tokens -= reservation.tokens;
      budget.reserved.microUsd -= reservation.microUsd;
    }
    budget.spent.tokens += toWholeTokens(actual.tokens);
    budget.spent.microUsd += toMicroUsd(actual.costUsd);
    budget.reservations.set(reservationId, { tokens: 0, microUsd: 0, expiresAt: 0, ...reservation, status: 'settled' });
    return this.state(key, budget);
  }

  async get(key: string): Promise<BudgetState> {
    const budget = this.budgets.get(key);
    if (!budget) return { key, spent: { tokens: 0, costUsd: 0 }, reserved: { tokens: 0, costUsd: 0 }, warned: false };
    this.sweep(budget);
    return this.state(key, budget);
  }
}
