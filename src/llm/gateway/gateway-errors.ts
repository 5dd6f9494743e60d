import { ConsultantError, NonRetryableError } from '../../core/errors.js';
import type { TokenUsage } from '../../reports/model/report.js';

/** Usage of a logical call that failed: tokens spent on rejected answers still count. */
export interface CarriesUsage {
  readonly usage: TokenUsage;
}

/** A reservation was refused: the call would pass a run's (or tenant's) budget. Never retried. */
export class BudgetExceededError extends NonRetryableError implements CarriesUsage {
  constructor(
    message: string,
    readonly usage: TokenUsage,
    details: { budgetKey: string; exceeded: 'tokens' | 'cost' },
  ) {
    super('BUDGET_EXCEEDED', message, { details });
    this.name = 'BudgetExceededError';
  }
}

/** Every model of the chain failed (or was skipped); `trail` says why, model by model. */
export class GatewayFailure extends ConsultantError implements CarriesUsage {
  constructor(
    readonly trail: readonly string[],
    readonly usage: TokenUsage,
    readonly upstreamCalls: number,
  ) {
    super('PROVIDER_UNAVAILABLE', trail.length > 0 ? trail.join('; ') : 'No model is configured for this call', { details: { trail: [...trail], upstreamCalls } });
    this.name = 'GatewayFailure';
  }
}

/** The model answered, but neither its answer nor its one repair validated. */
export class InvalidOutputError extends NonRetryableError {
  constructor(message: string, errors: readonly string[]) {
    super('PROVIDER_BAD_RESPONSE', message, { details: { errors: [...errors] } });
    this.name = 'InvalidOutputError';
  }
}

/** The logical call has used its allowance of upstream requests. */
export class UpstreamLimitError extends NonRetryableError {
  constructor(limit: number) {
    super('PROVIDER_UNAVAILABLE', `reached the limit of ${limit} upstream requests for one call`, { details: { limit } });
    this.name = 'UpstreamLimitError';
  }
}
