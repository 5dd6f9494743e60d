import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthOf, tenantMonthlyBudget } from '../../src/auth/limits.js';
import { TierConfig } from '../../src/config/schema.js';
import { SqlBudgetStore } from '../../src/store/sql/sql-budget-store.js';
import { type SecurityHarness, securityHarness } from './security-harness.js';

const count = (responses: LightMyRequestResponse[], status: number) => responses.filter((response) => response.statusCode === status).length;

describe('rate limits per key, user, tenant and tier under concurrent clients', () => {
  let harness: SecurityHarness;
  beforeAll(async () => {
    harness = await securityHarness({
      worker: false,
      overrides: { 'security.tiers.free.requestsPerMinute': 10, 'security.tiers.free.tenantRequestsPerMinute': 15, 'security.tiers.free.analysesPerDay': 3 },
    });
    await harness.app.security.identities.updateTenant('rival', { tier: 'free' });
  }, 60_000);
  afterAll(async () => {
    await harness.dispose();
  });

  it('lets exactly the key\'s limit through when 30 requests race, with RateLimit headers', async () => {
    harness.clock.alignToMinute();
    const key = harness.tenants.rival.members.viewer.key;
    const responses = await Promise.all(Array.from({ length: 30 }, () => harness.as(key, '/v1/runs')));
    expect(count(responses, 200)).toBe(10);
    expect(count(responses, 429)).toBe(20);
    const ok = responses.find((response) => response.statusCode === 200)!;
    expect(ok.headers['ratelimit-limit']).toBe('10');
    expect(Number(ok.headers['ratelimit-remaining'])).toBeGreaterThanOrEqual(0);
    expect(Number(ok.headers['ratelimit-reset'])).toBeGreaterThan(0);
    expect(ok.headers['ratelimit-policy']).toBe('10;w=60');
    const refused = responses.find((response) => response.statusCode === 429)!;
    expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED', status: 429 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
  });

  it('caps the whole tenant across its keys and users', async () => {
    harness.clock.alignToMinute();
    const { analyst, admin } = harness.tenants.rival.members;
    const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => harness.as(index % 2 === 0 ? analyst.key : admin.key, '/v1/runs')));
    expect(count(responses, 200)).toBe(15);
    expect(count(responses, 429)).toBe(5);
  });

  it('counts a signed-in user per user, not per access token', async () => {
    harness.clock.alignToMinute();
    const { owner } = harness.tenants.rival.members;
    const login = async () => ((await harness.server.inject({ method: 'POST', url: '/v1/auth/login', payload: { email: owner.email, password: 'correct horse battery staple', mode: 'token' } })).json() as { accessToken: string }).accessToken;
    const tokens = [await login(), await login()];
    const responses = await Promise.all(Array.from({ length: 14 }, (_, index) => harness.as(tokens[index % 2]!, '/v1/runs')));
    expect(count(responses, 200)).toBe(10);
  });

  it('other tenants and tiers are unaffected', async () => {
    const responses = await Promise.all(Array.from({ length: 30 }, () => harness.as(harness.tenants.local.members.viewer.key, '/v1/runs')));
    expect(count(responses, 200)).toBe(30);
  });
});

describe('quotas: analyses per day and monthly tokens and cost', () => {
  let harness: SecurityHarness;
  beforeAll(async () => {
    harness = await securityHarness({
      worker: false,
      // A model call reserves up to 100 answer tokens here: the token quota is used up once
      // fewer than that are left.
      overrides: { 'security.tiers.free.analysesPerDay': 3, 'security.tiers.free.tokensPerMonth': 1_000, 'security.tiers.free.costUsdPerMonth': 1, 'models.maxOutputTokens': 100 },
    });
    await harness.app.security.identities.updateTenant('rival', { tier: 'free' });
  }, 60_000);
  afterAll(async () => {
    await harness.dispose();
  });

  it('admits exactly the daily quota of analyses when eight are submitted at once', async () => {
    const key = harness.tenants.rival.members.analyst.key;
    // Invalid submissions spend no quota: validation runs before the quota check.
    for (let index = 0; index < 5; index += 1) expect((await harness.as(key, { method: 'POST', url: '/v1/analyses', payload: { company: '' } })).statusCode).toBe(400);
    const responses = await Promise.all(Array.from({ length: 8 }, (_, index) => harness.as(key, { method: 'POST', url: '/v1/analyses', payload: { company: `Quota ${index}`, depth: 'quick' } })));
    expect(count(responses, 202)).toBe(3);
    expect(count(responses, 429)).toBe(5);
    const refused = responses.find((response) => response.statusCode === 429)!;
    expect(refused.json()).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect((refused.json() as { detail: string }).detail).toContain('3 analyses per day');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const runs = await harness.app.stores.runs.listRuns('rival', { limit: 50 });
    expect(runs.items).toHaveLength(3);
  });

  it('refuses new analyses and resumes once the monthly token quota is spent', async () => {
    const key = harness.tenants.local.members.analyst.key;
    await harness.app.security.identities.updateTenant('local', { tier: 'free' });
    const budgets = new SqlBudgetStore(harness.app.stores.database.db, harness.clock);
    const budgetKey = `tenant:local:${monthOf(harness.clock.now())}`;
    await budgets.settle(budgetKey, 'spent-by-earlier-runs', { tokens: 850, costUsd: 0.2 });
    const accepted = await harness.as(key, { method: 'POST', url: '/v1/analyses', payload: { company: 'Under quota', depth: 'quick' } });
    expect(accepted.statusCode).toBe(202);
    const runId = (accepted.json() as { run: { id: string } }).run.id;
    // 90 tokens left: not enough for one more call.
    await budgets.settle(budgetKey, 'the-last-one', { tokens: 60, costUsd: 0.01 });
    const refused = await harness.as(key, { method: 'POST', url: '/v1/analyses', payload: { company: 'Over quota', depth: 'quick' } });
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect((refused.json() as { detail: string }).detail).toContain('1000 tokens');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await harness.as(key, { method: 'POST', url: `/v1/runs/${runId}/cancel` });
    expect((await harness.as(key, { method: 'POST', url: `/v1/runs/${runId}/resume` })).statusCode).toBe(429);
  });

  it('refuses once the monthly cost quota is spent', async () => {
    await harness.app.security.identities.updateTenant('rival', { tier: 'free' });
    const budgets = new SqlBudgetStore(harness.app.stores.database.db, harness.clock);
    await budgets.settle(`tenant:rival:${monthOf(harness.clock.now())}`, 'expensive', { tokens: 10, costUsd: 1.5 });
    const refused = await harness.as(harness.tenants.rival.members.admin.key, { method: 'POST', url: '/v1/analyses', payload: { company: 'Costly', depth: 'quick' } });
    expect(refused.statusCode).toBe(429);
    expect((refused.json() as { detail: string }).detail).toContain('$1');
  });
});

describe('the tenant monthly budget', () => {
  it('takes the lower of the tier caps and the deployment-wide caps, for the API check and the gateway alike', () => {
    const tier = TierConfig.parse({ tokensPerMonth: 1_000_000, costUsdPerMonth: 50 });
    const now = new Date('2026-03-15T12:00:00Z');
    expect(tenantMonthlyBudget('t', tier, now)).toEqual({ key: 'tenant:t:2026-03', limits: { maxTokens: 1_000_000, maxCostUsd: 50 } });
    expect(tenantMonthlyBudget('t', tier, now, { maxTokens: 5_000, maxCostUsd: 80 }).limits).toEqual({ maxTokens: 5_000, maxCostUsd: 50 });
    expect(tenantMonthlyBudget('t', TierConfig.parse({}), now, { maxCostUsd: 3 }).limits).toEqual({ maxCostUsd: 3 });
    expect(tenantMonthlyBudget('t', TierConfig.parse({}), now).limits).toEqual({});
  });
});
