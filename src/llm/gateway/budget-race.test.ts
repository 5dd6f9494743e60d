import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockLanguageModelV3 } from 'ai/test';
import { describe, expect, it } from 'vitest';
import { FINDINGS_PROMPT, FindingsSchema, testGateway } from '../../../test/support/gateway-harness.js';
import type { BudgetStore } from '../../core/ports/budget-store.js';
import { MemoryBudgetStore } from '../../core/memory/memory-budget-store.js';
import { SqlBudgetStore } from '../../store/sql/sql-budget-store.js';
import { openSqliteDatabase } from '../../store/sqlite/open-sqlite-database.js';
import { BudgetExceededError } from './gateway-errors.js';
import { BudgetGuard } from './budget-guard.js';

const RUNS = 50;
const MODEL = 'openai:gpt-4o';
const PRICE = { inputPerMillionUsd: 2.5, outputPerMillionUsd: 10 };
const MAX_OUTPUT_TOKENS = 800;

const ANSWER = JSON.stringify({ summary: 'Acme grows.', findings: [{ text: 'Revenue grew 12 %.', evidenceIds: ['ev_00000000000000a1'] }] });

/**
 * The SDK's mock model: answers after a random few milliseconds (so every reservation races
 * others in flight) with usage like a real provider's — the prompt at four characters a token,
 * a few hundred output tokens.
 */
function slowModel(): MockLanguageModelV3 {
  return new MockLanguageModelV3({
    provider: 'openai.chat',
    modelId: 'gpt-4o',
    doGenerate: async (options) => {
      await new Promise((resolve) => setTimeout(resolve, 1 + Math.random() * 10));
      const promptCharacters = JSON.stringify(options.prompt).length;
      const input = Math.ceil(promptCharacters / 4);
      const output = 200 + Math.floor(Math.random() * 300);
      return {
        content: [{ type: 'text', text: ANSWER }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: { inputTokens: { total: input, noCache: input, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: output, text: output, reasoning: 0 } },
        warnings: [],
      };
    },
  });
}

/**
 * One simulated strategy run against a shared budget: four framework calls at once, then the
 * synthesis, then the review — the DAG's model calls. Returns what it spent and whether the
 * budget stopped it.
 */
async function simulatedRun(index: number, generate: (purpose: string) => Promise<{ usage: { inputTokens: number; outputTokens: number; costUsd: number } }>) {
  const spent = { tokens: 0, costUsd: 0, refused: 0 };
  const one = async (purpose: string): Promise<void> => {
    try {
      const { usage } = await generate(`${purpose}-${index}`);
      spent.tokens += usage.inputTokens + usage.outputTokens;
      spent.costUsd += usage.costUsd;
    } catch (error) {
      if (!(error instanceof BudgetExceededError)) throw error;
      spent.refused += 1;
    }
  };
  await Promise.all(['porter', 'swot', 'pestel', 'blue-ocean'].map(one));
  await one('synthesis');
  await one('quality');
  return spent;
}

async function race(store: BudgetStore, model: MockLanguageModelV3) {
  const { gateway } = testGateway({
    prebuilt: { [MODEL]: model },
    prices: { [MODEL]: PRICE },
    overrides: { maxOutputTokens: MAX_OUTPUT_TOKENS, budgets: new BudgetGuard(store, { warnFraction: 0.8, reservationTtlMs: 60_000 }) },
  });
  // Each request reserves its prompt estimate (characters ÷ 3) plus the output cap.
  const system = 'You are an analyst. Cite evidence ids.';
  const reservation = { tokens: Math.ceil((system.length + FINDINGS_PROMPT.length) / 3) + MAX_OUTPUT_TOKENS };
  const reservationCost = (Math.ceil((system.length + FINDINGS_PROMPT.length) / 3) * PRICE.inputPerMillionUsd + MAX_OUTPUT_TOKENS * PRICE.outputPerMillionUsd) / 1_000_000;
  // Room for roughly a third of the 300 calls, so the cap binds while most runs are in flight.
  const limits = { maxTokens: 100 * reservation.tokens, maxCostUsd: 110 * reservationCost };
  const shared = { key: 'tenant:acme:2025-01', limits };
  const runs = await Promise.all(
    Array.from({ length: RUNS }, (_, index) =>
      simulatedRun(index, (purpose) =>
        gateway.generate({ purpose, schema: FindingsSchema, schemaName: 'findings', system, prompt: FINDINGS_PROMPT, chain: [MODEL], signal: new AbortController().signal, budgets: [{ key: `run:${index}`, limits: {} }, shared] }),
      ),
    ),
  );
  return { runs, state: await store.get(shared.key), limits, reservation: { tokens: reservation.tokens, costUsd: reservationCost } };
}

describe('budget race: 50 concurrent runs on one budget', () => {
  const stores: Record<string, () => Promise<{ store: BudgetStore; close(): Promise<void> }>> = {
    memory: async () => ({ store: new MemoryBudgetStore(), close: async () => undefined }),
    sqlite: async () => {
      const directory = mkdtempSync(join(tmpdir(), 'consultantos-race-'));
      const database = await openSqliteDatabase({ path: join(directory, 'race.db'), busyTimeoutMs: 5_000, autoMigrate: true });
      return {
        store: new SqlBudgetStore(database.db),
        close: async () => {
          await database.close();
          rmSync(directory, { recursive: true, force: true });
        },
      };
    },
  };

  it.each(Object.keys(stores))('never spends more than the budget plus one reservation (%s store)', async (name) => {
    const harness = await stores[name]!();
    const model = slowModel();
    try {
      const { runs, state, limits, reservation } = await race(harness.store, model);
      const spentTokens = runs.reduce((sum, run) => sum + run.tokens, 0);
      const spentCost = runs.reduce((sum, run) => sum + run.costUsd, 0);
      const refused = runs.reduce((sum, run) => sum + run.refused, 0);

      // The cap bound: refusals happened, and what was spent stays within one reservation of it.
      expect(refused).toBeGreaterThan(0);
      expect(spentTokens).toBeLessThanOrEqual(limits.maxTokens + reservation.tokens);
      expect(spentCost).toBeLessThanOrEqual(limits.maxCostUsd + reservation.costUsd + 1e-9);
      // The store agrees with the calls' own usage (to the micro-dollar) and holds nothing back.
      expect(state.spent.tokens).toBe(spentTokens);
      expect(state.spent.costUsd).toBeGreaterThanOrEqual(spentCost - 1e-9);
      expect(state.spent.costUsd).toBeLessThanOrEqual(spentCost + 1e-6 * (RUNS * 6));
      expect(state.reserved).toEqual({ tokens: 0, costUsd: 0 });
      // Every admitted call reached the model; no refused call did.
      expect(model.doGenerateCalls).toHaveLength(RUNS * 6 - refused);
    } finally {
      await harness.close();
    }
  });
});
