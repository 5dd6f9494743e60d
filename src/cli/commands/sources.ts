import type { Command } from 'commander';
import { type Application, createApplication } from '../../app/application.js';
import { ConsultantError } from '../../core/errors.js';
import { MemoryCache } from '../../core/memory/memory-cache.js';
import { Depth } from '../../reports/model/report.js';
import { createEvidenceSources } from '../../sources/evidence-sources.js';
import { inspectSources } from '../../sources/inspect-sources.js';
import type { ConnectorReport } from '../../sources/inspect-sources.js';
import { createLogger } from '../../telemetry/logger.js';
import { type GlobalOptions, cliConfig, command, print, printJson } from '../context.js';

interface SourcesOptions {
  ticker?: string;
  industry?: string;
  depth: string;
  json?: boolean;
  offline?: boolean;
}

/**
 * `withApplication` with the evidence connectors switched offline (`analyze --offline`): the
 * flag wins over the configuration, like every flag.
 */
export async function withOfflineApplication<T>(options: GlobalOptions, work: (app: Application) => Promise<T>): Promise<T> {
  const config = cliConfig(options);
  config.sources.offline = true;
  const level = options.logLevel ?? (process.env.CONSULTANTOS_LOG_LEVEL ? config.log.level : 'warn');
  const app = await createApplication(config, { logger: createLogger({ level }) });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

function describe(entry: ConnectorReport): string {
  const lines = [`${entry.source.padEnd(13)} ${entry.status.padEnd(8)} ${String(entry.evidence).padStart(3)} evidence  ${entry.durationMs} ms`];
  if (entry.resolution) lines.push(`  resolved: ${entry.resolution.title} (${entry.resolution.ticker}, CIK ${entry.resolution.cik}) by ${entry.resolution.match} match`);
  if (entry.facts) lines.push(`  companyfacts: ${entry.facts.count} facts in ${entry.facts.concepts} concepts (${entry.facts.entityName})`);
  for (const sample of entry.samples) lines.push(`  · ${sample}`);
  for (const gap of entry.gaps) lines.push(`  gap (${gap.impact}): ${gap.reason}`);
  for (const note of entry.notes) lines.push(`  note: ${note}`);
  return lines.join('\n');
}

export function registerSources(program: Command, globals: () => GlobalOptions): void {
  program
    .command('sources')
    .description('Show what each evidence connector returns for a company (resolution, facts, evidence, gaps)')
    .argument('<company>', 'company name (or ticker)')
    .option('--ticker <symbol>', 'ticker, when the name is ambiguous')
    .option('--industry <industry>', 'industry, for queries that use it')
    .option('--depth <depth>', 'quick | standard | deep', 'standard')
    .option('--json', 'print the report as JSON')
    .option('--offline', 'make no request; show the offline gaps')
    .action(
      command(async (company: string, options: SourcesOptions) => {
        const depth = Depth.safeParse(options.depth);
        if (!depth.success) throw new ConsultantError('INVALID_INPUT', `--depth must be quick, standard or deep (got "${options.depth}")`);
        if (company.trim().length === 0) throw new ConsultantError('INVALID_INPUT', 'company must not be empty');
        const config = cliConfig(globals());
        if (options.offline) config.sources.offline = true;
        // A debugging aid: an in-memory cache, so it needs no database and shows live answers.
        const sources = createEvidenceSources(config.sources, { cache: new MemoryCache() });
        const controller = new AbortController();
        const interrupt = (): void => controller.abort(new Error('interrupted'));
        process.once('SIGINT', interrupt);
        try {
          const query = {
            company: company.trim(),
            depth: depth.data,
            focusTerms: [],
            ...(options.ticker ? { ticker: options.ticker.trim().toUpperCase() } : {}),
            ...(options.industry ? { industry: options.industry } : {}),
          };
          const reports = await inspectSources(sources, query, { signal: controller.signal, now: () => new Date(), ...(sources.cache ? { cache: sources.cache } : {}) });
          if (options.json) printJson({ company: query.company, depth: query.depth, offline: sources.offline, connectors: reports });
          else print([`Evidence sources for "${query.company}" (${query.depth}${sources.offline ? ', offline' : ''})`, ...reports.map(describe)].join('\n'));
          return 0;
        } finally {
          process.removeListener('SIGINT', interrupt);
        }
      }),
    );
}
