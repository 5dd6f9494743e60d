import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBootstrap } from '../../src/auth/bootstrap.js';
import { enforceRunQuotas, tenantMonthlyBudget } from '../../src/auth/limits.js';
import { SqlBudgetStore } from '../../src/store/sql/sql-budget-store.js';
import { exampleRequest, runAnalysis, testApplication } from '../support/analysis-harness.js';
import { chainEnvironment } from '../support/model-harness.js';
import { type StubServer, startStubServer } from '../support/stub-server.js';

/**
 * A tenant's monthly token quota comes from its tier and is enforced by the model gateway
 * itself, on the same budget row the API's quota check reads: a real run through the stub
 * spends it, the gateway stops model calls at the cap, and the next run is refused.
 */
describe('tenant monthly quota, enforced by the gateway', () => {
  let primary: StubServer;
  let secondary: StubServer;
  let harness: Awaited<ReturnType<typeof testApplication>>;
  const configDir = mkdtempSync(join(tmpdir(), 'consultantos-quota-'));
  const MONTHLY_TOKENS = 6_000;

  beforeAll(async () => {
    [primary, secondary] = await Promise.all([startStubServer({ seed: 31 }), startStubServer({ seed: 32 })]);
    const configFile = join(configDir, 'quota.config.json');
    writeFileSync(configFile, JSON.stringify({ security: { tiers: { enterprise: { tokensPerMonth: MONTHLY_TOKENS } } } }));
    harness = await testApplication({ ...chainEnvironment(primary, secondary), CONSULTANTOS_CONFIG: configFile });
    // The local tenant exists (enterprise tier) as after a first `serve`.
    await ensureBootstrap(harness.app.security, { issueKey: false });
  });
  afterAll(async () => {
    await harness?.dispose();
    await Promise.all([primary?.close(), secondary?.close()]);
    rmSync(configDir, { recursive: true, force: true });
  });

  it('charges the tier budget on every model call, stops at the cap and refuses the next run', async () => {
    const { app } = harness;
    const tenantId = app.config.tenantId;
    const { status, report } = await runAnalysis(app, exampleRequest());
    expect(['succeeded', 'partial']).toContain(status);
    const budget = tenantMonthlyBudget(tenantId, app.config.security.tiers.enterprise, new Date());
    const state = await new SqlBudgetStore(app.stores.database.db).get(budget.key);
    // Spent was counted by the gateway (not written by the test) and never passed the cap: calls
    // reserve before they are made.
    expect(state.spent.tokens).toBeGreaterThan(0);
    expect(state.spent.tokens).toBeLessThanOrEqual(MONTHLY_TOKENS);
    // Parts the cap refused were written by the extractive analyst, and the report says so.
    const parts = Object.values(report!.generator.parts);
    expect(parts.some((part) => part.kind === 'extractive')).toBe(true);
    expect(parts.some((part) => part.kind === 'model')).toBe(true);
    await expect(
      enforceRunQuotas({ store: app.security.limits, budgets: new SqlBudgetStore(app.stores.database.db), callReserveTokens: app.security.callReserveTokens, tenantId, tier: app.config.security.tiers.enterprise, now: new Date(), countAnalysis: false }),
    ).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
  });
});
