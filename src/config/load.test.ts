import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsultantError } from '../core/errors.js';
import { loadConfig, redactConfig, sqlitePathOf } from './load.js';

const cwd = () => mkdtempSync(join(tmpdir(), 'consultantos-config-'));

describe('loadConfig', () => {
  it('uses documented defaults with an empty environment', () => {
    const directory = cwd();
    const config = loadConfig({ environment: {}, cwd: directory });
    expect(config.dataDir).toBe(join(directory, '.consultantos'));
    expect(sqlitePathOf(config)).toBe(join(directory, '.consultantos', 'consultantos.db'));
    expect(config.engine.leaseMs).toBe(30_000);
    expect(config.models.fast).toBeUndefined();
    expect(config.database.autoMigrate).toBe(true);
  });

  it('layers file < environment < flags', () => {
    const directory = cwd();
    writeFileSync(join(directory, 'consultantos.config.yaml'), 'engine:\n  leaseMs: 20000\n  runConcurrency: 3\nlog:\n  level: debug\n');
    const config = loadConfig({
      environment: { CONSULTANTOS_ENGINE_LEASE_MS: '15000', CONSULTANTOS_DATA_DIR: 'data', CONSULTANTOS_DATABASE_AUTO_MIGRATE: 'false' },
      cwd: directory,
      overrides: { 'engine.runConcurrency': 7 },
    });
    expect(config.engine.leaseMs).toBe(15_000);
    expect(config.engine.runConcurrency).toBe(7);
    expect(config.log.level).toBe('debug');
    expect(config.dataDir).toBe(join(directory, 'data'));
    expect(config.database.autoMigrate).toBe(false);
  });

  it('names the offending variable and never echoes secrets', () => {
    const failure = (environment: Record<string, string>) => {
      try {
        loadConfig({ environment, cwd: cwd() });
      } catch (error) {
        expect(error).toBeInstanceOf(ConsultantError);
        expect((error as ConsultantError).code).toBe('INVALID_CONFIG');
        return (error as Error).message;
      }
      throw new Error('expected a failure');
    };
    expect(failure({ CONSULTANTOS_ENGINE_LEASE_MS: 'soon' })).toContain('CONSULTANTOS_ENGINE_LEASE_MS');
    expect(failure({ CONSULTANTOS_ENGINE_LEASE_MS: '5' })).toMatch(/CONSULTANTOS_ENGINE_LEASE_MS: .*1000/);
    expect(failure({ CONSULTANTOS_LOG_LEVEL: 'loud' })).toContain('CONSULTANTOS_LOG_LEVEL');
    expect(failure({ CONSULTANTOS_DATABASE_AUTO_MIGRATE: 'maybe' })).toContain('CONSULTANTOS_DATABASE_AUTO_MIGRATE');
    const secret = failure({ DATABASE_URL: 'not a url with password hunter2' });
    expect(secret).toContain('DATABASE_URL');
    expect(secret).not.toContain('hunter2');
  });

  it('rejects unreadable and malformed config files with their path', () => {
    const directory = cwd();
    writeFileSync(join(directory, 'bad.json'), '{ nope');
    expect(() => loadConfig({ environment: {}, cwd: directory, file: 'bad.json' })).toThrow(/bad\.json is not valid JSON/);
    expect(() => loadConfig({ environment: { CONSULTANTOS_CONFIG: 'missing.yaml' }, cwd: directory })).toThrow(/missing\.yaml does not exist/);
    writeFileSync(join(directory, 'typed.json'), JSON.stringify({ engine: { leaseMs: 'x' } }));
    expect(() => loadConfig({ environment: {}, cwd: directory, file: 'typed.json' })).toThrow(/engine\.leaseMs in .*typed\.json/);
  });

  it('redacts secrets', () => {
    const config = loadConfig({ environment: { CONSULTANTOS_OPENAI_COMPATIBLE_API_KEY: 'sk-secret', DATABASE_URL: 'postgres://u:p@localhost/db' }, cwd: cwd() });
    const shown = JSON.stringify(redactConfig(config));
    expect(shown).not.toContain('sk-secret');
    expect(shown).not.toContain('u:p@');
    expect(shown).toContain('[redacted]');
  });
});
