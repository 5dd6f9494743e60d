import type { Kysely } from 'kysely';
import type { Config, SecurityConfig } from '../config/schema.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { BudgetLimits, BudgetState } from '../core/ports/budget-store.js';
import type { RateLimitStore } from '../core/ports/rate-limit-store.js';
import type { Database } from '../store/schema.js';
import type { ApiKeyStore, AuditLog, IdentityStore, SessionStore } from './auth-store.js';
import { SqlApiKeyStore } from './sql/sql-api-key-store.js';
import { SqlAuditLog } from './sql/sql-audit-log.js';
import { SqlIdentityStore } from './sql/sql-identity-store.js';
import { SqlSessionStore } from './sql/sql-session-store.js';
import { resolveTokenSecret } from './token-secret.js';
import { TokenService } from './tokens.js';

/** What quota checks need of the model gateway's budget store: reading a budget's state. */
export interface BudgetReader {
  get(key: string): Promise<BudgetState>;
}

/** Everything authentication, authorisation, limits and the audit log need, wired once. */
export interface SecurityServices {
  config: SecurityConfig;
  /** The tenant the CLI and the bootstrap act in. */
  localTenantId: string;
  identities: IdentityStore;
  keys: ApiKeyStore;
  sessions: SessionStore;
  audit: AuditLog;
  tokens: TokenService;
  /** Signs CSRF tokens; never leaves the process. */
  tokenSecret: string;
  limits: RateLimitStore;
  /** Monthly token and cost quotas read the model gateway's budgets; absent → not enforced. */
  budgets?: BudgetReader;
  /**
   * Tokens a model call reserves at most for its answer: a monthly token quota with less than
   * this left cannot pay for another call, so new runs are refused rather than run extractive.
   */
  callReserveTokens: number;
  /** Deployment-wide monthly caps per tenant (`budgets.tenantMonthlyMax*`), on top of the tier's. */
  configuredMonthlyCaps: BudgetLimits;
  clock: Clock;
}

export interface SecurityDependencies {
  db: Kysely<Database>;
  limits: RateLimitStore;
  budgets?: BudgetReader;
  clock?: Clock;
}

export function createSecurityServices(config: Config, dependencies: SecurityDependencies): SecurityServices {
  const clock = dependencies.clock ?? systemClock;
  const tokenSecret = resolveTokenSecret(config);
  return {
    config: config.security,
    localTenantId: config.tenantId,
    callReserveTokens: config.models.maxOutputTokens,
    configuredMonthlyCaps: {
      ...(config.budgets.tenantMonthlyMaxTokens !== undefined ? { maxTokens: config.budgets.tenantMonthlyMaxTokens } : {}),
      ...(config.budgets.tenantMonthlyMaxCostUsd !== undefined ? { maxCostUsd: config.budgets.tenantMonthlyMaxCostUsd } : {}),
    },
    identities: new SqlIdentityStore(dependencies.db),
    keys: new SqlApiKeyStore(dependencies.db),
    sessions: new SqlSessionStore(dependencies.db),
    audit: new SqlAuditLog(dependencies.db, clock),
    tokens: new TokenService(tokenSecret, () => clock.now()),
    tokenSecret,
    limits: dependencies.limits,
    ...(dependencies.budgets ? { budgets: dependencies.budgets } : {}),
    clock,
  };
}
