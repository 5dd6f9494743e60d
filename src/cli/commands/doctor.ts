import type { Command } from 'commander';
import type { Config } from '../../config/schema.js';
import { parseModelChain } from '../../llm/model-id.js';
import { providerSettingsOf } from '../../llm/model-services.js';
import { PriceTable } from '../../llm/prices.js';
import { type ProviderCheck, checkProviders, isHealthy } from '../../llm/provider-check.js';
import { type GlobalOptions, command, EXIT, cliConfig, print, printJson } from '../context.js';

function describeCheck(check: ProviderCheck): string[] {
  const healthy = isHealthy(check);
  const key = check.key === 'not needed' ? 'no key needed' : `key ${check.key}${check.keyVariable ? ` (${check.keyVariable})` : ''}`;
  const reach = check.reachable ? `reachable (HTTP ${check.status}, ${check.latencyMs} ms)` : 'unreachable';
  const lines = [`  ${healthy ? 'ok  ' : 'FAIL'} ${check.provider} at ${check.endpoint}: ${reach}, ${key}${check.error ? ` — ${check.error}` : ''}`];
  for (const [model, state] of Object.entries(check.models)) lines.push(`         ${check.provider}:${model}: ${state === 'present' ? 'model present' : state === 'missing' ? 'MODEL NOT FOUND' : 'not listed (cannot confirm)'}`);
  return lines;
}

/** Which models have a known price (unknown ones are billed at $0 and flagged here). */
function pricing(config: Config): Record<string, string> {
  const table = new PriceTable(config.models.prices);
  const models = [...parseModelChain(config.models.fast), ...parseModelChain(config.models.strong)];
  return Object.fromEntries(
    models.map((model) => {
      const price = table.priceOf(model.id);
      return [model.id, price ? `$${price.inputPerMillionUsd}/M in, $${price.outputPerMillionUsd}/M out` : 'no price known (costs show as $0; add models.prices)'];
    }),
  );
}

/**
 * `consultantos doctor`: each configured provider — reachable, configured models present, key
 * set — plus the tiers, structured-output mode, budgets and prices. Keys are only ever reported
 * as set or not set. Exit code 1 when a configured provider is unusable.
 */
export function registerDoctor(program: Command, globals: () => GlobalOptions): void {
  program
    .command('doctor')
    .description('Check the configured model providers (reachable, model present, key set) without printing secrets')
    .option('--timeout-ms <ms>', 'per provider', '5000')
    .option('--json', 'JSON output')
    .action(
      command(async (options: { timeoutMs: string; json?: boolean }) => {
        const config = cliConfig(globals());
        const timeoutMs = Math.max(100, Number(options.timeoutMs) || 5_000);
        const checks = await checkProviders({ fast: config.models.fast, strong: config.models.strong }, providerSettingsOf(config.models), { timeoutMs });
        const healthy = checks.every(isHealthy);
        const budgets = Object.fromEntries(Object.entries(config.budgets).filter(([key, value]) => value !== undefined && key !== 'reservationTtlMs'));
        const summary = {
          tiers: { fast: parseModelChain(config.models.fast).map((model) => model.id), strong: parseModelChain(config.models.strong ?? config.models.fast).map((model) => model.id) },
          structuredOutput: config.models.structuredOutput,
          limits: { timeoutMs: config.models.timeoutMs, maxAttempts: config.models.maxAttempts, maxUpstreamCalls: config.models.maxUpstreamCalls, concurrencyPerProvider: config.models.concurrencyPerProvider, requestsPerMinute: config.models.requestsPerMinute, tokensPerMinute: config.models.tokensPerMinute },
          budgets,
          prices: pricing(config),
          providers: checks,
          healthy,
        };
        if (options.json) {
          printJson(summary);
          return healthy ? EXIT.ok : EXIT.failed;
        }
        if (summary.tiers.fast.length === 0) print('Models: none configured — the extractive analyst writes every part (set CONSULTANTOS_MODEL_FAST to use a model).');
        else print(`Models: fast ${summary.tiers.fast.join(' → ')}; strong ${summary.tiers.strong.join(' → ')}; then the extractive analyst`);
        print(`Structured output: ${summary.structuredOutput}; per request ${config.models.timeoutMs} ms, ${config.models.maxAttempts} attempt(s) per model, at most ${config.models.maxUpstreamCalls} upstream requests per call`);
        const caps = Object.entries(budgets).filter(([key]) => key !== 'warnFraction');
        print(`Budgets: ${caps.length > 0 ? caps.map(([key, value]) => `${key}=${String(value)}`).join(', ') : 'none'}`);
        for (const [model, price] of Object.entries(summary.prices)) print(`Price ${model}: ${price}`);
        if (checks.length > 0) print('Providers:');
        for (const check of checks) for (const line of describeCheck(check)) print(line);
        return healthy ? EXIT.ok : EXIT.failed;
      }),
    );
}
