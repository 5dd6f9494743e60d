import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EXAMPLE_DIR } from '../support/analysis-harness.js';
import { runCli } from '../support/cli-process.js';

describe('consultantos sources and analyze --offline', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'consultantos-sources-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('shows each connector offline without making a request', async () => {
    const result = await runCli(['--data-dir', join(root, 'data'), 'sources', 'Snowflake', '--depth', 'deep', '--json', '--offline'], { CONSULTANTOS_OFFLINE: '0' });
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { offline: boolean; connectors: { source: string; status: string; gaps: { reason: string }[] }[] };
    expect(report.offline).toBe(true);
    expect(report.connectors.map((entry) => entry.source)).toEqual(['sec-edgar', 'market-data', 'wikipedia', 'web-search', 'news', 'trends']);
    expect(report.connectors.every((entry) => entry.status === 'off' && /^offline/.test(entry.gaps[0]?.reason ?? ''))).toBe(true);
  }, 60_000);

  it('rejects a bad depth with exit 2', async () => {
    const result = await runCli(['sources', 'Snowflake', '--depth', 'bottomless']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--depth must be quick, standard or deep/);
  }, 60_000);

  it('analyze --offline wins over a configuration that allows the network', async () => {
    const out = join(root, 'report.json');
    const result = await runCli(
      ['--data-dir', join(root, 'data'), 'analyze', 'Halvern Agritech', '--docs', join(EXAMPLE_DIR, 'documents'), '--frameworks', 'swot', '--depth', 'quick', '--format', 'json', '--out', out, '--offline', '--json'],
      { CONSULTANTOS_OFFLINE: '0' },
    );
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as { confidence: { dataGaps: { source: string; reason: string }[] } };
    const offline = report.confidence.dataGaps.filter((gap) => gap.reason.startsWith('offline')).map((gap) => gap.source);
    expect(offline).toEqual(expect.arrayContaining(['wikipedia', 'web-search', 'news', 'sec-edgar']));
  }, 90_000);
});
