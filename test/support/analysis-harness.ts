import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Application, createApplication } from '../../src/app/application.js';
import { loadConfig } from '../../src/config/load.js';
import type { SourcesDependencies } from '../../src/sources/evidence-sources.js';
import { silentLogger } from '../../src/core/logger.js';
import type { AnalysisRequestInput, Report } from '../../src/reports/model/report.js';
import { buildStrategyWorkflow } from '../../src/workflows/strategy/build-workflow.js';
import { prepareAnalysis } from '../../src/workflows/strategy/prepare.js';
import { projectRoot } from './shared-fixtures.js';

export const EXAMPLE_DIR = join(projectRoot, 'examples', 'halvern-agritech');

export const exampleRequest = (overrides: Partial<AnalysisRequestInput> = {}): AnalysisRequestInput => ({
  company: 'Halvern Agritech',
  industry: 'Precision agriculture',
  frameworks: ['porter', 'swot', 'pestel', 'blue_ocean'],
  depth: 'standard',
  documents: [join(EXAMPLE_DIR, 'documents')],
  factsFile: join(EXAMPLE_DIR, 'companyfacts.json'),
  ...overrides,
});

/** An application over a fresh data directory, configured like a user would (environment). */
export async function testApplication(
  environment: Record<string, string> = {},
  options: { sources?: SourcesDependencies } = {},
): Promise<{ app: Application; dataDir: string; dispose(): Promise<void> }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'consultantos-e2e-'));
  // Tests never touch the network: connectors stay offline unless a test opts in (and injects `fetch`).
  const config = loadConfig({ environment: { CONSULTANTOS_DATA_DIR: dataDir, CONSULTANTOS_OFFLINE: '1', ...environment }, cwd: dataDir });
  const app = await createApplication(config, { logger: silentLogger, ...(options.sources ? { sources: options.sources } : {}) });
  return {
    app,
    dataDir,
    async dispose() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Validates, submits and executes one analysis in process; returns the stored report. */
export async function runAnalysis(app: Application, input: AnalysisRequestInput): Promise<{ runId: string; status: string; report: Report | undefined }> {
  const request = await prepareAnalysis(input);
  const workflow = buildStrategyWorkflow(request, { runConcurrency: app.config.engine.runConcurrency, stepTimeoutMs: app.config.engine.stepTimeoutMs });
  const { run } = await app.engine.submit({ tenantId: app.config.tenantId, workflow, input: request as never });
  const outcome = await app.engine.execute(run.id);
  const status = outcome.kind === 'finished' ? outcome.status : outcome.kind;
  return { runId: run.id, status, report: await app.stores.reports.getReportByRun(app.config.tenantId, run.id) };
}
