import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../src/store/sqlite/open-sqlite-database.js';
import { SqlRunStore } from '../../src/store/sql/sql-run-store.js';
import { EXAMPLE_DIR } from '../support/analysis-harness.js';
import { runCli, startCli } from '../support/cli-process.js';
import { projectRoot } from '../support/shared-fixtures.js';
import { startStubServer } from '../support/stub-server.js';

const documents = join(EXAMPLE_DIR, 'documents');
const facts = join(EXAMPLE_DIR, 'companyfacts.json');

describe('consultantos CLI', () => {
  let root: string;
  let dataDir: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'consultantos-cli-'));
    dataDir = join(root, 'data');
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('runs the example analysis, writes the report and lists it', async () => {
    const out = join(root, 'halvern.html');
    const result = await runCli(['--data-dir', dataDir, 'analyze', 'Halvern Agritech', '--docs', documents, '--facts', facts, '--format', 'html', '--out', out, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as { runId: string; status: string; reportId: string; output: string };
    expect(summary.status).toBe('succeeded');
    expect(summary.output).toBe(out);
    const html = readFileSync(out, 'utf8');
    expect(html.toLowerCase()).toContain('<!doctype html>');
    expect(html).toContain('Halvern Agritech');
    expect(html).not.toMatch(/<script/i);

    const listed = await runCli(['--data-dir', dataDir, 'reports', 'list', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.stdout) as Array<{ id: string; version: number }>)[0]).toMatchObject({ id: summary.reportId, version: 1 });

    const shown = await runCli(['--data-dir', dataDir, 'runs', 'show', summary.runId, '--json']);
    const run = JSON.parse(shown.stdout) as { status: string; steps: Array<{ id: string; status: string; attempts: number }> };
    expect(run.status).toBe('succeeded');
    expect(run.steps.map((step) => step.id)).toEqual(expect.arrayContaining(['research', 'financial', 'market', 'framework-porter', 'synthesis', 'quality', 'report']));
    expect(run.steps.every((step) => step.status === 'succeeded' && step.attempts === 1)).toBe(true);

    const markdown = await runCli(['--data-dir', dataDir, 'reports', 'show', summary.reportId]);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toMatch(/^# Halvern Agritech/m);

    const again = await runCli(['--data-dir', dataDir, 'analyze', 'Halvern Agritech', '--frameworks', 'swot', '--depth', 'quick', '--docs', documents, '--json']);
    expect((JSON.parse(again.stdout) as { version: number }).version).toBe(2);

    // What the CLI did to runs and reports is in the audit log, as the API's actions are.
    const audit = await runCli(['--data-dir', dataDir, 'audit', '--json']);
    expect(audit.code).toBe(0);
    const entries = (JSON.parse(audit.stdout) as { items: Array<{ action: string; actorType: string; targetId: string | null }> }).items;
    expect(entries.filter((entry) => entry.action === 'run.create' && entry.actorType === 'cli')).toHaveLength(2);
    expect(entries).toContainEqual(expect.objectContaining({ action: 'run.create', actorType: 'cli', targetId: summary.runId }));
    expect(entries).toContainEqual(expect.objectContaining({ action: 'report.read', actorType: 'cli', targetId: summary.reportId }));
  });

  it.each([
    { name: 'an unknown framework', args: ['analyze', 'Acme', '--frameworks', 'porter,magic'], message: /unknown framework "magic"/ },
    { name: 'an empty company', args: ['analyze', '   '], message: /company must not be empty/ },
    { name: 'an unreadable documents path', args: ['analyze', 'Acme', '--docs', '/nonexistent/consultantos/docs'], message: /Cannot read documents at \/nonexistent/ },
    { name: 'a malformed facts file', args: ['analyze', 'Acme', '--facts', join(projectRoot, 'test', 'fixtures', 'companyfacts', 'truncated.json')], message: /truncated\.json/ },
    { name: 'an unsupported depth', args: ['analyze', 'Acme', '--depth', 'bottomless'], message: /depth/ },
    { name: 'an unsupported format', args: ['analyze', 'Acme', '--format', 'odt'], message: /--format must be one of md, html, json, pdf, docx, xlsx, pptx/ },
    { name: 'an unknown option', args: ['analyze', 'Acme', '--frobnicate'], message: /unknown option/ },
    { name: 'a missing company', args: ['analyze'], message: /missing required argument/ },
  ])('rejects $name with exit 2 and stores nothing', async ({ args, message }) => {
    const result = await runCli(['--data-dir', dataDir, ...args]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(dataDir)).toBe(false);
  });

  it('rejects invalid configuration naming the variable', async () => {
    const result = await runCli(['--data-dir', dataDir, 'runs', 'list'], { CONSULTANTOS_ENGINE_LEASE_MS: 'soon' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('CONSULTANTOS_ENGINE_LEASE_MS');
  });

  it('answers unknown ids with a clear error', async () => {
    const result = await runCli(['--data-dir', dataDir, 'runs', 'show', 'run_missing']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Run run_missing not found');
    const report = await runCli(['--data-dir', dataDir, 'reports', 'export', 'rep_missing']);
    expect(report.code).toBe(2);
  });

  it('survives SIGKILL mid-run: resume in a new process finishes it, each completed step executed once', async () => {
    // The model steps call the stub over HTTP, which counts their executions independently of
    // the engine's own records (no response cache, so every execution reaches it).
    const stub = await startStubServer({ seed: 5 });
    writeFileSync(join(root, 'consultantos.config.json'), JSON.stringify({ debug: { stepDelayMs: 400 }, engine: { leaseMs: 60_000 } }));
    const environment = {
      CONSULTANTOS_CONFIG: join(root, 'consultantos.config.json'),
      CONSULTANTOS_MODEL_FAST: 'openai-compatible:stub-fast',
      CONSULTANTOS_MODEL_STRONG: 'openai-compatible:stub-strong',
      CONSULTANTOS_OPENAI_COMPATIBLE_BASE_URL: stub.baseUrl,
      CONSULTANTOS_MODEL_RESPONSE_CACHE_TTL_MS: '0',
    };
    const MODEL_STEPS: Record<string, string> = {
      'framework-porter': 'porter_five_forces',
      'framework-swot': 'swot_analysis',
      'framework-pestel': 'pestel_analysis',
      'framework-blue_ocean': 'blue_ocean_strategy',
      synthesis: 'executive_synthesis',
      quality: 'quality_review',
    };
    const modelCalls = (schemaName: string) =>
      stub.requests().filter((request) => (request.body as { response_format?: { json_schema?: { name?: string } } }).response_format?.json_schema?.name === schemaName).length;
    try {
      const { child, done } = startCli(['--data-dir', dataDir, 'analyze', 'Halvern Agritech', '--docs', documents, '--facts', facts, '--json'], environment);

      // Watch the database from outside, as an operator would, and kill once some steps are done.
      let completedBeforeKill: string[] = [];
      let runId = '';
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        if (!existsSync(join(dataDir, 'consultantos.db'))) continue;
        const database = await openSqliteDatabase({ path: join(dataDir, 'consultantos.db'), busyTimeoutMs: 5000, autoMigrate: false }).catch(() => undefined);
        if (!database) continue;
        try {
          const store = new SqlRunStore(database.db);
          const queued = await database.db.selectFrom('runs').select('id').execute();
          if (queued.length === 0) continue;
          runId = queued[0]!.id;
          const attempts = await store.listAttempts(runId);
          completedBeforeKill = attempts.filter((attempt) => attempt.status === 'succeeded').map((attempt) => attempt.stepId);
          if (completedBeforeKill.length >= 4) break;
        } finally {
          await database.close();
        }
      }
      expect(completedBeforeKill.length).toBeGreaterThanOrEqual(4);
      child.kill('SIGKILL');
      const killed = await done;
      expect(killed.signal).toBe('SIGKILL');

      const resumed = await runCli(['--data-dir', dataDir, 'runs', 'resume', runId, '--json'], environment);
      expect(resumed.code).toBe(0);
      const summary = JSON.parse(resumed.stdout) as { status: string; reportId: string | null };
      expect(summary.status).toBe('succeeded');
      expect(summary.reportId).toMatch(/^rep_/);

      const database = await openSqliteDatabase({ path: join(dataDir, 'consultantos.db'), busyTimeoutMs: 5000, autoMigrate: false });
      try {
        const store = new SqlRunStore(database.db);
        const run = await store.loadRun(runId);
        expect(run?.status).toBe('succeeded');
        expect(run?.leaseGeneration).toBe(2);
        const attempts = await store.listAttempts(runId);
        for (const step of run!.plan.steps) {
          const own = attempts.filter((attempt) => attempt.stepId === step.id);
          expect(own.filter((attempt) => attempt.status === 'succeeded'), step.id).toHaveLength(1);
          if (completedBeforeKill.includes(step.id)) expect(own, `${step.id} ran again after the crash`).toHaveLength(1);
          else expect(own.every((attempt) => attempt.status === 'succeeded' || attempt.status === 'abandoned')).toBe(true);
        }
        expect(attempts.some((attempt) => attempt.status === 'abandoned')).toBe(true);
        const events = await store.listEvents(runId, 0, 1000);
        expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index + 1));
        expect(events.some((event) => event.type === 'run-resume')).toBe(true);
        const reports = await database.db.selectFrom('reports').select('id').where('run_id', '=', runId).execute();
        expect(reports).toHaveLength(1);
        // Counted at the stub: a model step that completed before the kill was never executed
        // again, and every model step ran to completion at least once.
        for (const [stepId, schemaName] of Object.entries(MODEL_STEPS)) {
          if (completedBeforeKill.includes(stepId)) expect(modelCalls(schemaName), `${stepId} executions seen by the model`).toBe(1);
          else expect(modelCalls(schemaName), `${stepId} executions seen by the model`).toBeGreaterThanOrEqual(1);
        }
        expect(completedBeforeKill.some((stepId) => stepId in MODEL_STEPS)).toBe(true);
      } finally {
        await database.close();
      }
    } finally {
      await stub.close();
    }
  });
});
