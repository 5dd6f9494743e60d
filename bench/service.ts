/**
 * bench/service: the service figures of issue 5, side by side in one run.
 *
 * 1. Read path: `GET /v1/reports/{id}` (authenticated with an API key, report served from the
 *    report cache) against a bare Fastify hello-world route, each in its own process, loaded
 *    in turn by autocannon from this process: requests/s and p99, ours ÷ bare. Measured on the
 *    embedded default (SQLite, in-process cache) and, when DATABASE_URL and REDIS_URL are set,
 *    on a distributed API process (PostgreSQL, memory → Redis cache tier).
 * 2. Throughput: end-to-end analyses per minute through the HTTP API with the stub model at a
 *    fixed latency, 1 vs 4 worker processes (PostgreSQL + Redis/BullMQ), ratio 4 ÷ 1.
 * 3. Report fetch latency: every report of part 2 fetched once cold (cache miss → database)
 *    and five more times cached, one request at a time; p50 and p99 of each, beside part 1's
 *    cached p99 under load.
 *
 *   npx tsx bench/service.ts [--duration 8] [--connections 16] [--analyses 48] [--latency-ms 250]
 *                            [--worker-concurrency 2]
 *
 * The processes run from source through tsx at log level warn (request logs off), like the
 * test harnesses; everything shares this machine's cores with the load generator.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { startStubServer } from '../test/support/stub-server.js';
import { ServiceProcess } from '../test/support/service-processes.js';

function argument(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  if (index < 0) return fallback;
  const value = Number(process.argv[index + 1]);
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`--${name} expects a positive number`);
  return value;
}

const DURATION_S = argument('duration', 8);
const CONNECTIONS = argument('connections', 16);
const ANALYSES = argument('analyses', 48);
const LATENCY_MS = argument('latency-ms', 250);
const WORKER_CONCURRENCY = argument('worker-concurrency', 2);
const databaseUrl = process.env.DATABASE_URL;
const redisUrl = process.env.REDIS_URL;
const distributed = Boolean(databaseUrl && redisUrl);
const TOKEN_SECRET = 'bench-service-token-secret-0123456789abcdef';
const FRAMEWORKS = ['porter', 'swot', 'pestel', 'blue_ocean'];

/**
 * The default limits (3,000 requests per minute per key on the local tenant's tier, 600 per
 * address) would answer most of a load test with 429; the bench raises them in a config file so
 * every measured request does the full work, rate-limit checks included.
 */
function benchConfig(dataDir: string): string {
  const path = join(dataDir, 'bench.config.json');
  const unlimited = { requestsPerMinute: 1_000_000, tenantRequestsPerMinute: 10_000_000, analysesPerDay: 10_000_000 };
  writeFileSync(path, JSON.stringify({ security: { ipRequestsPerMinute: 10_000_000, tiers: { free: unlimited, pro: unlimited, enterprise: unlimited } } }));
  return path;
}

const processes: ServiceProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

function start(args: string[], environment: Record<string, string>): ServiceProcess {
  const child = new ServiceProcess(args, environment);
  processes.push(child);
  return child;
}

async function createKey(environment: Record<string, string>): Promise<string> {
  const created = start(['keys', 'create', '--name', 'bench', '--json'], environment);
  const { code } = await created.exited;
  if (code !== 0) throw new Error(`keys create failed: ${created.stderr}`);
  return (JSON.parse(created.stdout) as { key: string }).key;
}

async function startApi(environment: Record<string, string>, extra: string[] = []): Promise<string> {
  const api = start(['serve', '--port', '0', ...extra], environment);
  return (await api.waitFor(/listening on (http:\/\/[^\s]+)/))[1]!;
}

interface RunSummary {
  id: string;
  status: string;
  reportId: string | null;
}

const TERMINAL = new Set(['succeeded', 'partial', 'failed', 'cancelled']);

/** Submits an analysis and waits for its end (Prefer: wait, then polling). */
async function analyse(base: string, key: string, company: string, depth: string): Promise<RunSummary> {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const response = await fetch(`${base}/v1/analyses`, {
    method: 'POST',
    headers: { ...headers, prefer: 'wait=60' },
    body: JSON.stringify({ company, frameworks: FRAMEWORKS, depth }),
  });
  if (response.status !== 200 && response.status !== 202) throw new Error(`POST /v1/analyses answered ${response.status}: ${await response.text()}`);
  let run = ((await response.json()) as { run: RunSummary }).run;
  while (!TERMINAL.has(run.status)) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    const polled = await fetch(`${base}/v1/runs/${run.id}`, { headers });
    run = (await polled.json()) as RunSummary;
  }
  return run;
}

interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function load(url: string, headers: Record<string, string>): Promise<LoadResult> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers });
  // A figure made of refusals or errors measures the wrong path: stop instead of printing it.
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx answers and ${result.errors} errors under load; status codes ${JSON.stringify(result.statusCodeStats)}`);
  return { requestsPerSecond: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors };
}

function spawnBareFastify(): Promise<string> {
  const script = fileURLToPath(new URL('./support/bare-fastify.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  cleanups.push(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
      const match = /listening on (http:\/\/[^\s]+)/.exec(stderr);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`bare fastify exited (${code}): ${stderr}`)));
  });
}

const format = (value: number, digits = 0) => value.toFixed(digits);

/** Part 1 for one API: bare and ours loaded alternately, twice each; the better round of each. */
async function readPath(label: string, bare: string, api: string, key: string, reportId: string): Promise<LoadResult> {
  const reportUrl = `${api}/v1/reports/${reportId}`;
  const warm = await fetch(reportUrl, { headers: { authorization: `Bearer ${key}` } });
  if (warm.status !== 200) throw new Error(`GET ${reportUrl} answered ${warm.status}`);
  const reportBytes = (await warm.arrayBuffer()).byteLength;
  const rounds: { bare: LoadResult; ours: LoadResult }[] = [];
  for (let round = 0; round < 2; round += 1) {
    const bareResult = await load(`${bare}/hello`, {});
    const ours = await load(reportUrl, { authorization: `Bearer ${key}` });
    rounds.push({ bare: bareResult, ours });
  }
  const best = (pick: (round: { bare: LoadResult; ours: LoadResult }) => LoadResult) => rounds.map(pick).sort((a, b) => b.requestsPerSecond - a.requestsPerSecond)[0]!;
  const bareBest = best((round) => round.bare);
  const oursBest = best((round) => round.ours);
  console.log(`\n1. read path, ${label}: ${CONNECTIONS} connections × ${DURATION_S} s per round, best of 2 interleaved rounds; report body ${format(reportBytes / 1024, 1)} KiB`);
  console.log('   target                          req/s     p50 ms   p99 ms   non-2xx');
  console.log(`   bare Fastify GET /hello      ${format(bareBest.requestsPerSecond).padStart(8)} ${format(bareBest.p50, 1).padStart(10)} ${format(bareBest.p99, 1).padStart(8)} ${String(bareBest.non2xx + bareBest.errors).padStart(9)}`);
  console.log(`   GET /v1/reports/{id}         ${format(oursBest.requestsPerSecond).padStart(8)} ${format(oursBest.p50, 1).padStart(10)} ${format(oursBest.p99, 1).padStart(8)} ${String(oursBest.non2xx + oursBest.errors).padStart(9)}`);
  // autocannon reports whole milliseconds: a bare p99 of 0 means "under 1 ms", so the p99 ratio
  // is then a lower bound taken against 1 ms.
  const p99Ratio = bareBest.p99 >= 1 ? format(oursBest.p99 / bareBest.p99, 2) : `≥ ${format(oursBest.p99, 0)} (bare p99 < 1 ms, autocannon's resolution)`;
  console.log(`   ratio ours ÷ bare: throughput ${format(oursBest.requestsPerSecond / bareBest.requestsPerSecond, 3)}, p99 ${p99Ratio}`);
  return oursBest;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

async function embeddedReadPath(bare: string): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'consultantos-bench-service-'));
  cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const environment = { CONSULTANTOS_DATA_DIR: dataDir, CONSULTANTOS_CONFIG: benchConfig(dataDir), CONSULTANTOS_OFFLINE: '1', CONSULTANTOS_LOG_LEVEL: 'warn' };
  const key = await createKey(environment);
  const api = await startApi(environment);
  const run = await analyse(api, key, 'Bench Embedded Co', 'standard');
  if (!run.reportId) throw new Error(`the embedded analysis ended ${run.status} without a report`);
  await readPath('embedded (SQLite, in-process cache)', bare, api, key, run.reportId);
}

async function distributedParts(bare: string): Promise<void> {
  const schema = `bench_service_${process.pid}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'consultantos-bench-service-'));
  const stub = await startStubServer({ latencyMs: LATENCY_MS, seed: 7 });
  cleanups.push(async () => {
    await stub.close();
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const environment: Record<string, string> = {
    CONSULTANTOS_DATA_DIR: dataDir,
    CONSULTANTOS_CONFIG: benchConfig(dataDir),
    CONSULTANTOS_OFFLINE: '1',
    CONSULTANTOS_LOG_LEVEL: 'warn',
    CONSULTANTOS_DATABASE_URL: databaseUrl!,
    CONSULTANTOS_DATABASE_SCHEMA: schema,
    CONSULTANTOS_DATABASE_AUTO_MIGRATE: 'true',
    CONSULTANTOS_REDIS_URL: redisUrl!,
    CONSULTANTOS_REDIS_KEY_PREFIX: `${schema}:`,
    CONSULTANTOS_TOKEN_SECRET: TOKEN_SECRET,
    CONSULTANTOS_MODEL_FAST: 'openai-compatible:stub-fast',
    CONSULTANTOS_MODEL_STRONG: 'openai-compatible:stub-strong',
    CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL: stub.baseUrl,
    CONSULTANTOS_MODEL_RESPONSE_CACHE_TTL_MS: '0',
  };
  const key = await createKey(environment);
  const api = await startApi(environment);

  // 2. Analyses per minute, 1 then 4 worker processes, a fresh batch of companies each time.
  const perMinute: Record<number, number> = {};
  const reports: string[] = [];
  for (const workerCount of [1, 4]) {
    const workers = Array.from({ length: workerCount }, () => start(['worker', '--concurrency', String(WORKER_CONCURRENCY)], environment));
    await Promise.all(workers.map((worker) => worker.waitFor(/worker .* running/)));
    const requestsBefore = stub.stats().totalRequests;
    const started = performance.now();
    const runs = await Promise.all(Array.from({ length: ANALYSES }, (_, index) => analyse(api, key, `Bench ${workerCount}w Co ${index}`, 'standard')));
    const elapsedMs = performance.now() - started;
    perMinute[workerCount] = (ANALYSES / elapsedMs) * 60_000;
    const statuses = runs.reduce<Record<string, number>>((counts, run) => ({ ...counts, [run.status]: (counts[run.status] ?? 0) + 1 }), {});
    reports.push(...runs.flatMap((run) => (run.reportId ? [run.reportId] : [])));
    console.log(`\n2. ${workerCount} worker process${workerCount > 1 ? 'es' : ''} × concurrency ${WORKER_CONCURRENCY}: ${ANALYSES} standard four-framework analyses in ${format(elapsedMs / 1000, 1)} s → ${format(perMinute[workerCount]!, 1)} analyses/min; runs ${JSON.stringify(statuses)}; ${stub.stats().totalRequests - requestsBefore} model requests at ${LATENCY_MS} ms`);
    for (const worker of workers) worker.kill('SIGTERM');
    await Promise.all(workers.map((worker) => worker.exited));
  }
  console.log(`   ratio 4 workers ÷ 1 worker: ${format(perMinute[4]! / perMinute[1]!, 2)} (this machine has 2 cores shared by every process)`);

  // 3. Every report fetched once cold, then five more times from the cache, one at a time.
  const cold: number[] = [];
  const cached: number[] = [];
  const fetchReport = async (reportId: string): Promise<number> => {
    const begin = performance.now();
    const response = await fetch(`${api}/v1/reports/${reportId}`, { headers: { authorization: `Bearer ${key}` } });
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET /v1/reports/${reportId} answered ${response.status}`);
    return performance.now() - begin;
  };
  for (const reportId of reports) cold.push(await fetchReport(reportId));
  for (let pass = 0; pass < 5; pass += 1) for (const reportId of reports) cached.push(await fetchReport(reportId));
  const summary = (values: number[]) => `p50 ${format(quantile(values, 0.5), 1)} ms, p99 ${format(quantile(values, 0.99), 1)} ms (${values.length} fetches)`;
  console.log(`\n3. single report fetches, one at a time (distributed API): cold (miss → PostgreSQL) ${summary(cold)}; cached ${summary(cached)}`);

  await readPath('distributed (PostgreSQL, memory → Redis cache)', bare, api, key, reports[0]!);
}

try {
  console.log(`bench/service on ${process.platform} ${process.arch}, Node ${process.version}`);
  const bare = await spawnBareFastify();
  await embeddedReadPath(bare);
  if (distributed) await distributedParts(bare);
  else console.log('\nDATABASE_URL and REDIS_URL are not set: parts 2 and 3 (worker scaling on PostgreSQL + Redis) are skipped.');
} finally {
  for (const child of processes) child.kill('SIGTERM');
  await Promise.race([Promise.all(processes.map((child) => child.exited)), new Promise((resolve) => setTimeout(resolve, 10_000))]);
  for (const child of processes) child.kill('SIGKILL');
  for (const cleanup of cleanups.reverse()) await cleanup();
}
