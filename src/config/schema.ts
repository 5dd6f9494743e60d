import { z } from 'zod';

/** Milliseconds are always `…Ms`; sizes `…Bytes`. One schema per section. */
export const DatabaseConfig = z.object({
  /** PostgreSQL URL for distributed mode; empty means the embedded SQLite file. */
  url: z.string().url().optional(),
  /** SQLite file; defaults to `<dataDir>/consultantos.db`. */
  sqlitePath: z.string().min(1).optional(),
  busyTimeoutMs: z.coerce.number().int().min(0).max(600_000).default(5_000),
  /** Apply migrations at start (embedded default). Distributed deployments run `consultantos migrate`. */
  autoMigrate: z.boolean().default(true),
  /** PostgreSQL connections per process (API and worker processes each have their own pool). */
  poolSize: z.coerce.number().int().min(1).max(200).default(10),
  /** PostgreSQL schema holding the tables, so deployments (or test runs) can share one database. */
  schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'lowercase letters, digits and underscores').default('public'),
});

/** Distributed mode's Redis: jobs (BullMQ), live events, the shared cache tier and rate limits. */
export const RedisConfig = z.object({
  /** `redis://[user:password@]host:port[/db]`; unset means embedded mode (in-process everything). */
  url: z.string().url().optional(),
  /** Prefix of every key, channel and queue, so several deployments can share one Redis. */
  keyPrefix: z.string().regex(/^[A-Za-z0-9:_.{}-]{1,64}$/, 'letters, digits and : _ . { } -').default('consultantos:'),
  /** Commands that take longer fail (the cache then falls through to the database). */
  commandTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(5_000),
  connectTimeoutMs: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** BullMQ job lock; a worker that stops renewing it (crash) has its jobs recovered after this. */
  jobLockMs: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /** How often workers look for jobs whose lock expired (stalled jobs). */
  stalledIntervalMs: z.coerce.number().int().min(1_000).max(3_600_000).default(15_000),
  /** Recoveries of one job before BullMQ gives up on it; the sweeper re-enqueues from the database after that. */
  maxStalledCount: z.coerce.number().int().min(0).max(1_000).default(5),
  /** Deliveries of a job whose handler threw (infrastructure errors; run failures are not thrown). */
  jobAttempts: z.coerce.number().int().min(1).max(100).default(3),
  /** The in-process tier in front of Redis: entry bound and longest time an entry may live there. */
  memoryCacheMaxEntries: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
  memoryCacheMaxTtlMs: z.coerce.number().int().min(0).max(86_400_000).default(30_000),
});

export const EngineConfig = z.object({
  leaseMs: z.coerce.number().int().min(1_000).max(3_600_000).default(30_000),
  /** Steps of one run executing at once. */
  runConcurrency: z.coerce.number().int().min(1).max(64).default(4),
  /** Runs one worker process executes at once. */
  workerConcurrency: z.coerce.number().int().min(1).max(256).default(2),
  attemptGraceMs: z.coerce.number().int().min(0).max(600_000).default(5_000),
  drainGraceMs: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
  stepTimeoutMs: z.coerce.number().int().min(1_000).max(3_600_000).default(180_000),
});

export const ModelsConfig = z.object({
  /** `provider:model` for quick agents; unset means the extractive analyst. */
  fast: z.string().min(3).optional(),
  /** `provider:model` for synthesis-grade agents; defaults to `fast`. */
  strong: z.string().min(3).optional(),
  /** Base URL for `openai-compatible:` models (vLLM, LM Studio, llama.cpp, Ollama's /v1). */
  openaiCompatibleBaseUrl: z.string().url().optional(),
  openaiCompatibleApiKey: z.string().optional(),
  /** Whether the OpenAI-compatible server honours `response_format: json_schema`. */
  openaiCompatibleStructuredOutputs: z.boolean().default(true),
  /** Per upstream request (one HTTP call to a provider). */
  timeoutMs: z.coerce.number().int().min(100).max(600_000).default(120_000),
  /** Requests per model of a tier's chain for transient failures (first included). */
  maxAttempts: z.coerce.number().int().min(1).max(10).default(2),
  /** Keys of the hosted providers, read from their conventional variables (OPENAI_API_KEY…). */
  openaiApiKey: z.string().min(1).optional(),
  anthropicApiKey: z.string().min(1).optional(),
  googleApiKey: z.string().min(1).optional(),
  /** Endpoint overrides (proxies, gateways, regional endpoints). */
  openaiBaseUrl: z.string().url().optional(),
  anthropicBaseUrl: z.string().url().optional(),
  googleBaseUrl: z.string().url().optional(),
  /** Ollama's OpenAI-compatible `/v1` URL; defaults to http://127.0.0.1:11434/v1. */
  ollamaBaseUrl: z.string().url().optional(),
  /** How providers are asked for JSON: `auto` uses each provider's best (native → JSON mode → prompt). */
  structuredOutput: z.enum(['auto', 'native', 'json', 'prompt']).default('auto'),
  /** Upstream requests one logical call may make in all: retries, repair and fallbacks included. */
  maxUpstreamCalls: z.coerce.number().int().min(1).max(50).default(6),
  retryInitialDelayMs: z.coerce.number().int().min(0).max(60_000).default(500),
  retryMaxDelayMs: z.coerce.number().int().min(0).max(300_000).default(8_000),
  /** A Retry-After longer than this is not waited for: the next model of the chain is tried. */
  maxRetryAfterMs: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** Consecutive provider failures that open its circuit. */
  circuitFailureThreshold: z.coerce.number().int().min(1).max(1_000).default(5),
  /** An open circuit lets one trial request through after this long. */
  circuitHalfOpenAfterMs: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
  /** Requests in flight per provider endpoint and process. */
  concurrencyPerProvider: z.coerce.number().int().min(1).max(1_000).default(8),
  /** Provider rate limits we keep under (per endpoint; 0 = none). */
  requestsPerMinute: z.coerce.number().int().min(0).max(1_000_000).default(0),
  tokensPerMinute: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
  /** Ceiling of output tokens per request (each agent has its own, lower cap). */
  maxOutputTokens: z.coerce.number().int().min(16).max(200_000).default(4_096),
  temperature: z.coerce.number().min(0).max(2).default(0.2),
  /** Exact response cache; 0 disables it. */
  responseCacheTtlMs: z.coerce.number().int().min(0).max(30 * 86_400_000).default(86_400_000),
  /** Price overrides and additions, by `provider:model`, in USD per million tokens. */
  prices: z
    .record(
      z.string().min(3),
      z.object({
        inputPerMillionUsd: z.number().min(0),
        outputPerMillionUsd: z.number().min(0),
        cachedInputPerMillionUsd: z.number().min(0).optional(),
        cacheWritePerMillionUsd: z.number().min(0).optional(),
      }),
    )
    .default({}),
});

/** Caps of model spend. Per request (`budget` in the request) lowers the run caps further. */
export const BudgetsConfig = z.object({
  runMaxTokens: z.coerce.number().int().positive().optional(),
  runMaxCostUsd: z.coerce.number().positive().optional(),
  /** Shared by every run of the tenant in a calendar month (UTC). */
  tenantMonthlyMaxTokens: z.coerce.number().int().positive().optional(),
  tenantMonthlyMaxCostUsd: z.coerce.number().positive().optional(),
  /** One `step-progress` warning event when this fraction of a cap is committed. */
  warnFraction: z.coerce.number().min(0.01).max(1).default(0.8),
  /** A reservation its holder never settled (a crash) stops counting after this long. */
  reservationTtlMs: z.coerce.number().int().min(1_000).max(86_400_000).default(600_000),
});

export const LogConfig = z.object({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export const DebugConfig = z.object({
  /**
   * Adds this much simulated latency before every step. For demos, crash tests and benchmarks
   * (it makes a run long enough to interrupt); leave at 0 otherwise.
   */
  stepDelayMs: z.coerce.number().int().min(0).max(600_000).default(0),
});

export const ServerConfig = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
  maxBodyBytes: z.coerce.number().int().min(1_024).max(50 * 1024 * 1024).default(1024 * 1024),
  /** Whole-request limit, so slow clients cannot hold connections forever. */
  requestTimeoutMs: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
  keepAliveTimeoutMs: z.coerce.number().int().min(1_000).max(600_000).default(10_000),
  sseHeartbeatMs: z.coerce.number().int().min(100).max(300_000).default(15_000),
  /** Longest `Prefer: wait=N` honoured. */
  maxWaitSeconds: z.coerce.number().int().min(0).max(600).default(60),
  /** How often each process re-queues runs with expired leases or lost jobs. */
  sweepIntervalMs: z.coerce.number().int().min(100).max(600_000).default(5_000),
  /** `consultantos worker` serves /metrics and /healthz on this port (on `host`); unset: no listener. */
  workerMetricsPort: z.coerce.number().int().min(0).max(65_535).optional(),
});

/** Booleans that may arrive as text (environment variables): true/false/1/0/yes/no/on/off. */
const Flag = z.preprocess((value) => {
  if (typeof value !== 'string') return value;
  const text = value.trim().toLowerCase();
  return ['true', '1', 'yes', 'on'].includes(text) ? true : ['false', '0', 'no', 'off'].includes(text) ? false : value;
}, z.boolean());

/** Lists that may arrive as comma-separated text (environment variables). */
const TextList = (item: z.ZodString) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').map((part) => part.trim()).filter(Boolean) : value),
    z.array(item).max(100),
  );

/** What a tenant of one tier may do. Limits are per fixed window; an absent cap is unlimited. */
function tierSchema(defaults: { requestsPerMinute: number; tenantRequestsPerMinute: number; analysesPerDay: number; tokensPerMonth?: number; costUsdPerMonth?: number }) {
  return z
    .object({
      /** Requests per minute of one API key or one signed-in user. */
      requestsPerMinute: z.coerce.number().int().min(1).max(1_000_000).default(defaults.requestsPerMinute),
      /** Requests per minute of the whole tenant, all keys and users together. */
      tenantRequestsPerMinute: z.coerce.number().int().min(1).max(10_000_000).default(defaults.tenantRequestsPerMinute),
      /** Analyses started per UTC day. */
      analysesPerDay: z.coerce.number().int().min(0).max(10_000_000).default(defaults.analysesPerDay),
      /** Model tokens and cost per calendar month (UTC), as counted by the budget store. */
      tokensPerMonth: z.coerce.number().int().min(0).optional().transform((value) => value ?? defaults.tokensPerMonth),
      costUsdPerMonth: z.coerce.number().min(0).optional().transform((value) => value ?? defaults.costUsdPerMonth),
    })
    .prefault({});
}
export const TierConfig = tierSchema({ requestsPerMinute: 60, tenantRequestsPerMinute: 120, analysesPerDay: 20 });
export type TierConfig = z.infer<typeof TierConfig>;

export const SecurityConfig = z.object({
  /**
   * Signs session, stream and download tokens (HMAC-SHA256, at least 32 characters). Embedded
   * mode generates one into `<dataDir>/token-secret` when unset; distributed processes must share one.
   */
  tokenSecret: z.string().min(32).max(512).optional(),
  accessTokenTtlMs: z.coerce.number().int().min(10_000).max(86_400_000).default(900_000),
  refreshTokenTtlMs: z.coerce.number().int().min(60_000).max(90 * 86_400_000).default(7 * 86_400_000),
  /** A login lasts at most this long, however often it is refreshed. */
  sessionMaxAgeMs: z.coerce.number().int().min(60_000).max(365 * 86_400_000).default(30 * 86_400_000),
  /** `POST /v1/runs/{id}/stream-token` tokens (EventSource cannot send headers). */
  streamTokenTtlMs: z.coerce.number().int().min(5_000).max(3_600_000).default(300_000),
  /** `POST /v1/reports/{id}/download-token` tokens; single use. */
  downloadTokenTtlMs: z.coerce.number().int().min(5_000).max(3_600_000).default(60_000),
  /** How long a rotated API key keeps working beside its successor. */
  keyRotationOverlapMs: z.coerce.number().int().min(0).max(30 * 86_400_000).default(86_400_000),
  passwordMinLength: z.coerce.number().int().min(8).max(128).default(12),
  /** First start: create the local tenant and its owner and print a one-time key. */
  bootstrap: Flag.default(true),
  bootstrapTier: z.enum(['free', 'pro', 'enterprise']).default('enterprise'),
  /** Tier of tenants created without one. */
  defaultTier: z.enum(['free', 'pro', 'enterprise']).default('free'),
  /** Requests per minute from one client address, signed in or not. */
  ipRequestsPerMinute: z.coerce.number().int().min(1).max(10_000_000).default(600),
  /** Failed authentications per minute from one address before it is refused outright. */
  authFailuresPerMinute: z.coerce.number().int().min(1).max(100_000).default(20),
  /** Login attempts per account (and per address) per `loginWindowMs`. */
  loginAttemptsPerWindow: z.coerce.number().int().min(1).max(100_000).default(10),
  loginWindowMs: z.coerce.number().int().min(1_000).max(86_400_000).default(900_000),
  /**
   * Addresses or CIDR ranges of reverse proxies whose `X-Forwarded-For` is believed. Empty: the
   * socket address is the client, and forwarded headers are ignored.
   */
  trustedProxies: TextList(z.string().min(1).max(64)).default([]),
  /** Exact origins allowed to call the API from a browser (`https://dashboard.example.com`). */
  corsAllowedOrigins: TextList(z.string().min(1).max(200)).default([]),
  cookieSecure: Flag.default(true),
  cookieSameSite: z.enum(['strict', 'lax']).default('strict'),
  cookieDomain: z.string().min(1).max(253).optional(),
  /** Largest request body of sign-in, key and member routes. */
  maxAuthBodyBytes: z.coerce.number().int().min(256).max(1_048_576).default(16_384),
  tiers: z
    .object({
      free: tierSchema({ requestsPerMinute: 60, tenantRequestsPerMinute: 120, analysesPerDay: 20, tokensPerMonth: 2_000_000, costUsdPerMonth: 20 }),
      pro: tierSchema({ requestsPerMinute: 600, tenantRequestsPerMinute: 1_200, analysesPerDay: 500, tokensPerMonth: 50_000_000, costUsdPerMonth: 500 }),
      enterprise: tierSchema({ requestsPerMinute: 3_000, tenantRequestsPerMinute: 10_000, analysesPerDay: 10_000 }),
    })
    .prefault({}),
});
export type SecurityConfig = z.infer<typeof SecurityConfig>;

/** Evidence connectors (SEC EDGAR, market data, Wikipedia, web search, news, trends, document URLs). */
export const SourcesConfig = z.object({
  /** No connector makes a request; each reports an "offline" data gap. `analyze --offline` sets it. */
  offline: Flag.default(false),
  /** SEC asks every client to declare itself: "Name email@example.com". Without it SEC EDGAR is skipped with a gap. */
  secUserAgent: z.string().trim().min(5).max(200).optional(),
  /** SEC allows 10 per second for the whole client; the default keeps a margin. */
  secRequestsPerSecond: z.coerce.number().min(0.5).max(10).default(8),
  /** Enables Tavily web search (preferred over SearXNG when both are set). */
  tavilyApiKey: z.string().min(8).max(200).optional(),
  /** A self-hosted SearXNG instance with the JSON format enabled. */
  searxngUrl: z.string().url().optional(),
  /** Extra RSS/Atom feeds for the news connector (items kept when they name the company). */
  newsFeeds: TextList(z.string().url()).default([]),
  /** Connectors switched off: sec-edgar, market-data, wikipedia, web-search, news, trends, document-urls. */
  disabled: TextList(z.string().min(1)).default([]),
  /** Per-attempt timeout of every connector; unset keeps each connector's own. */
  timeoutMs: z.coerce.number().int().min(1_000).max(300_000).optional(),
  /** Document URLs given with --docs: largest body and time for the whole fetch. */
  maxDocumentBytes: z.coerce.number().int().min(1_024).max(200 * 1024 * 1024).default(20 * 1024 * 1024),
  documentTimeoutMs: z.coerce.number().int().min(1_000).max(600_000).default(30_000),
});
export type SourcesConfig = z.infer<typeof SourcesConfig>;

export const ConfigSchema = z.object({
  /** Where the embedded database and artifacts live. */
  dataDir: z.string().min(1).default('.consultantos'),
  tenantId: z.string().min(1).max(100).default('local'),
  database: DatabaseConfig.default({ busyTimeoutMs: 5_000, autoMigrate: true, poolSize: 10, schema: 'public' }),
  redis: RedisConfig.prefault({}),
  engine: EngineConfig.default({ leaseMs: 30_000, runConcurrency: 4, workerConcurrency: 2, attemptGraceMs: 5_000, drainGraceMs: 10_000, stepTimeoutMs: 180_000 }),
  models: ModelsConfig.prefault({}),
  budgets: BudgetsConfig.prefault({}),
  log: LogConfig.default({ level: 'info' }),
  debug: DebugConfig.default({ stepDelayMs: 0 }),
  server: ServerConfig.prefault({}),
  security: SecurityConfig.prefault({}),
  sources: SourcesConfig.prefault({}),
});

export type Config = z.infer<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/**
 * Environment variables and the config path each sets. Booleans accept true/false/1/0.
 * Provider keys keep their usual names (OPENAI_API_KEY…); they are loaded here and passed to the gateway.
 */
export const ENVIRONMENT_VARIABLES: Record<string, readonly string[]> = {
  CONSULTANTOS_DATA_DIR: ['dataDir'],
  CONSULTANTOS_TENANT: ['tenantId'],
  DATABASE_URL: ['database', 'url'],
  CONSULTANTOS_DATABASE_URL: ['database', 'url'],
  CONSULTANTOS_SQLITE_PATH: ['database', 'sqlitePath'],
  CONSULTANTOS_DATABASE_BUSY_TIMEOUT_MS: ['database', 'busyTimeoutMs'],
  CONSULTANTOS_DATABASE_AUTO_MIGRATE: ['database', 'autoMigrate'],
  CONSULTANTOS_DATABASE_POOL_SIZE: ['database', 'poolSize'],
  CONSULTANTOS_DATABASE_SCHEMA: ['database', 'schema'],
  // Listed after REDIS_URL so the CONSULTANTOS_ name wins when both are set.
  REDIS_URL: ['redis', 'url'],
  CONSULTANTOS_REDIS_URL: ['redis', 'url'],
  CONSULTANTOS_REDIS_KEY_PREFIX: ['redis', 'keyPrefix'],
  CONSULTANTOS_REDIS_COMMAND_TIMEOUT_MS: ['redis', 'commandTimeoutMs'],
  CONSULTANTOS_REDIS_JOB_LOCK_MS: ['redis', 'jobLockMs'],
  CONSULTANTOS_REDIS_STALLED_INTERVAL_MS: ['redis', 'stalledIntervalMs'],
  CONSULTANTOS_REDIS_MAX_STALLED_COUNT: ['redis', 'maxStalledCount'],
  CONSULTANTOS_REDIS_JOB_ATTEMPTS: ['redis', 'jobAttempts'],
  CONSULTANTOS_REDIS_MEMORY_CACHE_MAX_TTL_MS: ['redis', 'memoryCacheMaxTtlMs'],
  CONSULTANTOS_ENGINE_LEASE_MS: ['engine', 'leaseMs'],
  CONSULTANTOS_ENGINE_RUN_CONCURRENCY: ['engine', 'runConcurrency'],
  CONSULTANTOS_ENGINE_WORKER_CONCURRENCY: ['engine', 'workerConcurrency'],
  CONSULTANTOS_ENGINE_ATTEMPT_GRACE_MS: ['engine', 'attemptGraceMs'],
  CONSULTANTOS_ENGINE_DRAIN_GRACE_MS: ['engine', 'drainGraceMs'],
  CONSULTANTOS_ENGINE_STEP_TIMEOUT_MS: ['engine', 'stepTimeoutMs'],
  CONSULTANTOS_MODEL_FAST: ['models', 'fast'],
  CONSULTANTOS_MODEL_STRONG: ['models', 'strong'],
  CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL: ['models', 'openaiCompatibleBaseUrl'],
  CONSULTANTOS_OPENAI_COMPATIBLE_API_KEY: ['models', 'openaiCompatibleApiKey'],
  CONSULTANTOS_OPENAI_COMPATIBLE_STRUCTURED_OUTPUTS: ['models', 'openaiCompatibleStructuredOutputs'],
  CONSULTANTOS_MODEL_TIMEOUT_MS: ['models', 'timeoutMs'],
  CONSULTANTOS_MODEL_MAX_ATTEMPTS: ['models', 'maxAttempts'],
  OPENAI_API_KEY: ['models', 'openaiApiKey'],
  ANTHROPIC_API_KEY: ['models', 'anthropicApiKey'],
  GOOGLE_GENERATIVE_AI_API_KEY: ['models', 'googleApiKey'],
  CONSULTANTOS_OPENAI_BASE_URL: ['models', 'openaiBaseUrl'],
  CONSULTANTOS_ANTHROPIC_BASE_URL: ['models', 'anthropicBaseUrl'],
  CONSULTANTOS_GOOGLE_BASE_URL: ['models', 'googleBaseUrl'],
  CONSULTANTOS_OLLAMA_BASE_URL: ['models', 'ollamaBaseUrl'],
  CONSULTANTOS_MODEL_STRUCTURED_OUTPUT: ['models', 'structuredOutput'],
  CONSULTANTOS_MODEL_MAX_UPSTREAM_CALLS: ['models', 'maxUpstreamCalls'],
  CONSULTANTOS_MODEL_MAX_RETRY_AFTER_MS: ['models', 'maxRetryAfterMs'],
  CONSULTANTOS_MODEL_RETRY_INITIAL_DELAY_MS: ['models', 'retryInitialDelayMs'],
  CONSULTANTOS_MODEL_RETRY_MAX_DELAY_MS: ['models', 'retryMaxDelayMs'],
  CONSULTANTOS_MODEL_CIRCUIT_FAILURE_THRESHOLD: ['models', 'circuitFailureThreshold'],
  CONSULTANTOS_MODEL_CIRCUIT_HALF_OPEN_AFTER_MS: ['models', 'circuitHalfOpenAfterMs'],
  CONSULTANTOS_MODEL_CONCURRENCY_PER_PROVIDER: ['models', 'concurrencyPerProvider'],
  CONSULTANTOS_MODEL_REQUESTS_PER_MINUTE: ['models', 'requestsPerMinute'],
  CONSULTANTOS_MODEL_TOKENS_PER_MINUTE: ['models', 'tokensPerMinute'],
  CONSULTANTOS_MODEL_MAX_OUTPUT_TOKENS: ['models', 'maxOutputTokens'],
  CONSULTANTOS_MODEL_RESPONSE_CACHE_TTL_MS: ['models', 'responseCacheTtlMs'],
  CONSULTANTOS_BUDGET_RUN_MAX_TOKENS: ['budgets', 'runMaxTokens'],
  CONSULTANTOS_BUDGET_RUN_MAX_COST_USD: ['budgets', 'runMaxCostUsd'],
  CONSULTANTOS_BUDGET_TENANT_MONTHLY_MAX_TOKENS: ['budgets', 'tenantMonthlyMaxTokens'],
  CONSULTANTOS_BUDGET_TENANT_MONTHLY_MAX_COST_USD: ['budgets', 'tenantMonthlyMaxCostUsd'],
  CONSULTANTOS_BUDGET_WARN_FRACTION: ['budgets', 'warnFraction'],
  CONSULTANTOS_LOG_LEVEL: ['log', 'level'],
  CONSULTANTOS_DEBUG_STEP_DELAY_MS: ['debug', 'stepDelayMs'],
  CONSULTANTOS_HOST: ['server', 'host'],
  CONSULTANTOS_PORT: ['server', 'port'],
  CONSULTANTOS_MAX_BODY_BYTES: ['server', 'maxBodyBytes'],
  CONSULTANTOS_REQUEST_TIMEOUT_MS: ['server', 'requestTimeoutMs'],
  CONSULTANTOS_SSE_HEARTBEAT_MS: ['server', 'sseHeartbeatMs'],
  CONSULTANTOS_SWEEP_INTERVAL_MS: ['server', 'sweepIntervalMs'],
  CONSULTANTOS_WORKER_METRICS_PORT: ['server', 'workerMetricsPort'],
  CONSULTANTOS_TOKEN_SECRET: ['security', 'tokenSecret'],
  CONSULTANTOS_ACCESS_TOKEN_TTL_MS: ['security', 'accessTokenTtlMs'],
  CONSULTANTOS_KEY_ROTATION_OVERLAP_MS: ['security', 'keyRotationOverlapMs'],
  CONSULTANTOS_BOOTSTRAP: ['security', 'bootstrap'],
  CONSULTANTOS_TRUSTED_PROXIES: ['security', 'trustedProxies'],
  CONSULTANTOS_CORS_ORIGINS: ['security', 'corsAllowedOrigins'],
  CONSULTANTOS_COOKIE_SECURE: ['security', 'cookieSecure'],
  CONSULTANTOS_IP_REQUESTS_PER_MINUTE: ['security', 'ipRequestsPerMinute'],
  CONSULTANTOS_OFFLINE: ['sources', 'offline'],
  CONSULTANTOS_SEC_USER_AGENT: ['sources', 'secUserAgent'],
  CONSULTANTOS_SEC_REQUESTS_PER_SECOND: ['sources', 'secRequestsPerSecond'],
  // The conventional name first, so CONSULTANTOS_TAVILY_API_KEY (read later) wins when both are set.
  TAVILY_API_KEY: ['sources', 'tavilyApiKey'],
  CONSULTANTOS_TAVILY_API_KEY: ['sources', 'tavilyApiKey'],
  CONSULTANTOS_SEARXNG_URL: ['sources', 'searxngUrl'],
  CONSULTANTOS_NEWS_FEEDS: ['sources', 'newsFeeds'],
  CONSULTANTOS_SOURCES_DISABLED: ['sources', 'disabled'],
  CONSULTANTOS_SOURCES_TIMEOUT_MS: ['sources', 'timeoutMs'],
  CONSULTANTOS_SOURCES_MAX_DOCUMENT_BYTES: ['sources', 'maxDocumentBytes'],
};

/** Config paths whose values are secrets: never printed, logged or echoed in errors. */
export const SECRET_PATHS = new Set(['models.openaiCompatibleApiKey', 'models.openaiApiKey', 'models.anthropicApiKey', 'models.googleApiKey', 'database.url', 'redis.url', 'security.tokenSecret', 'sources.tavilyApiKey']);
