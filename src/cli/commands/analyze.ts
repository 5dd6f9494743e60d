import type { Command } from 'commander';
import { ConsultantError } from '../../core/errors.js';
import { parseModelId } from '../../llm/model-id.js';
import { FRAMEWORK_NAMES } from '../../reports/model/frameworks.js';
import type { AnalysisRequestInput } from '../../reports/model/report.js';
import { REPORT_EXPORT_FORMATS, isReportExportFormat } from '../../reports/render/index.js';
import { submitAnalysis } from '../../app/analyses.js';
import { STRATEGY_WORKFLOW } from '../../workflows/strategy/build-workflow.js';
import { prepareAnalysis } from '../../workflows/strategy/prepare.js';
import { type GlobalOptions, command, cliConfig, withApplication } from '../context.js';
import { finishForeground } from './finish.js';
import { withOfflineApplication } from './sources.js';
import { auditCli } from './security-helpers.js';

interface AnalyzeOptions {
  industry?: string;
  frameworks: string;
  depth: string;
  context?: string;
  docs?: string[];
  facts?: string;
  format: string;
  out?: string;
  json?: boolean;
  model?: string;
  budgetUsd?: string;
  budgetTokens?: string;
  offline?: boolean;
}

/** `--model`, `--budget-usd` and `--budget-tokens` as request fields; bad values are input errors. */
function modelFields(options: AnalyzeOptions): Pick<AnalysisRequestInput, 'model' | 'budget'> {
  const fields: Pick<AnalysisRequestInput, 'model' | 'budget'> = {};
  if (options.model !== undefined) {
    try {
      fields.model = parseModelId(options.model).id;
    } catch (error) {
      throw new ConsultantError('INVALID_INPUT', `--model: ${(error as Error).message}`);
    }
  }
  const number = (flag: string, text: string | undefined, integer: boolean): number | undefined => {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) throw new ConsultantError('INVALID_INPUT', `${flag} must be a positive ${integer ? 'integer' : 'number'} (got "${text}")`);
    return value;
  };
  const maxCostUsd = number('--budget-usd', options.budgetUsd, false);
  const maxTokens = number('--budget-tokens', options.budgetTokens, true);
  if (maxCostUsd !== undefined || maxTokens !== undefined) fields.budget = { ...(maxCostUsd !== undefined ? { maxCostUsd } : {}), ...(maxTokens !== undefined ? { maxTokens } : {}) };
  return fields;
}

export function registerAnalyze(program: Command, globals: () => GlobalOptions): void {
  program
    .command('analyze')
    .description('Run a strategy analysis of a company and write the report')
    .argument('<company>', 'company name')
    .option('--industry <industry>', 'industry of the company')
    .option('--frameworks <list>', `comma-separated: ${FRAMEWORK_NAMES.join(',')}`, FRAMEWORK_NAMES.join(','))
    .option('--depth <depth>', 'quick | standard | deep', 'standard')
    .option('--context <text>', 'what you want to learn; changes what the analysis reads and answers')
    .option('--docs <paths...>', 'documents: files or folders of .md, .txt, .html, .pdf, .docx, or http(s) URLs')
    .option('--facts <file>', "financial facts in SEC's companyfacts JSON format")
    .option('--format <format>', REPORT_EXPORT_FORMATS.join(' | '), 'md')
    .option('--out <file>', 'where to write the report (default: <data dir>/reports/)')
    .option('--json', 'print a JSON summary on stdout instead of text')
    .option('--model <provider:model>', 'model to try first for every part, e.g. openai:gpt-4o-mini (the configured tiers follow)')
    .option('--budget-usd <amount>', 'stop model calls of this run at this cost; the run ends partial')
    .option('--budget-tokens <count>', 'stop model calls of this run at this many tokens; the run ends partial')
    .option('--offline', 'no network evidence sources: each reports an "offline" data gap (also CONSULTANTOS_OFFLINE)')
    .action(command(async (company: string, options: AnalyzeOptions) => {
      if (!isReportExportFormat(options.format)) throw new ConsultantError('INVALID_INPUT', `--format must be one of ${REPORT_EXPORT_FORMATS.join(', ')} (got "${options.format}")`);
      const input: AnalysisRequestInput = {
        company,
        frameworks: options.frameworks.split(',').map((name) => name.trim()).filter(Boolean) as AnalysisRequestInput['frameworks'],
        depth: options.depth as AnalysisRequestInput['depth'],
        documents: options.docs ?? [],
        ...(options.industry ? { industry: options.industry } : {}),
        ...(options.context ? { context: options.context } : {}),
        ...(options.facts ? { factsFile: options.facts } : {}),
        ...modelFields(options),
        // Kept with the run, so `runs resume` in any process stays offline too.
        ...(options.offline ? { offline: true } : {}),
      };
      const config = cliConfig(globals());
      // Everything is validated before the database is opened: bad input stores nothing.
      const request = await prepareAnalysis(input);
      const format = options.format;
      return (options.offline ? withOfflineApplication : withApplication)(globals(), async (app) => {
        const { run } = await submitAnalysis(app, request, { tenantId: config.tenantId, enqueue: false });
        await auditCli(app, { action: 'run.create', targetType: 'run', targetId: run.id });
        if (!options.json) process.stderr.write(`Run ${run.id} (${STRATEGY_WORKFLOW}, ${request.depth}, ${request.frameworks.join(', ')})\n`);
        return finishForeground(app, run, { format, ...(options.out ? { out: options.out } : {}), json: options.json ?? false });
      });
    }));
}
