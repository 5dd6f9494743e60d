import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConsultantError } from '../core/errors.js';
import { type Config, ConfigSchema, ENVIRONMENT_VARIABLES, SECRET_PATHS } from './schema.js';

export interface LoadConfigOptions {
  /** Usually `process.env`; tests pass their own. */
  environment: Record<string, string | undefined>;
  /** Explicit config file (`--config` or CONSULTANTOS_CONFIG); otherwise `consultantos.config.{json,yaml,yml}` in `cwd` if present. */
  file?: string;
  cwd?: string;
  /** Highest precedence (CLI flags). */
  overrides?: Record<string, unknown>;
}

type Source = { kind: 'file'; path: string } | { kind: 'env'; variable: string } | { kind: 'flag' };

const BOOLEAN_TEXT: Record<string, boolean> = { true: true, false: false, '1': true, '0': false, yes: true, no: false, on: true, off: false };

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  path.slice(0, -1).forEach((key) => {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  node[path[path.length - 1]!] = value;
}

function deepMerge(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const current = merged[key];
    merged[key] =
      value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current)
        ? deepMerge(current as Record<string, unknown>, value as Record<string, unknown>)
        : value;
  }
  return merged;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConsultantError('INVALID_CONFIG', `Cannot read config file ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    const parsed: unknown = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    if (parsed === null || parsed === undefined) return {};
    if (typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the top level must be an object');
    return parsed as Record<string, unknown>;
  } catch (error) {
    throw new ConsultantError('INVALID_CONFIG', `Config file ${path} is not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${(error as Error).message}`, { cause: error });
  }
}

function findConfigFile(options: LoadConfigOptions): string | undefined {
  const cwd = options.cwd ?? process.cwd();
  const explicit = options.file ?? options.environment.CONSULTANTOS_CONFIG;
  if (explicit) {
    const path = isAbsolute(explicit) ? explicit : resolve(cwd, explicit);
    if (!existsSync(path)) throw new ConsultantError('INVALID_CONFIG', `Config file ${explicit} does not exist (from ${options.file ? '--config' : 'CONSULTANTOS_CONFIG'})`);
    return path;
  }
  return ['consultantos.config.json', 'consultantos.config.yaml', 'consultantos.config.yml'].map((name) => join(cwd, name)).find((path) => existsSync(path));
}

function describeIssue(issue: z.core.$ZodIssue, sources: Map<string, Source>): string {
  const key = issue.path.join('.');
  const source = sources.get(key);
  const where = source?.kind === 'env' ? source.variable : source?.kind === 'file' ? `${key} in ${source.path}` : source?.kind === 'flag' ? `--${key}` : key || 'config';
  return `${where}: ${issue.message}`;
}

/**
 * Loads the configuration once, at the entrypoint: defaults, then the config file, then
 * environment variables, then flags. Invalid values fail with a message naming the variable.
 */
export function loadConfig(options: LoadConfigOptions): Config {
  const sources = new Map<string, Source>();
  let raw: Record<string, unknown> = {};
  const file = findConfigFile(options);
  if (file) {
    raw = readConfigFile(file);
    const visit = (value: unknown, path: string[]): void => {
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        for (const [key, child] of Object.entries(value)) visit(child, [...path, key]);
      } else {
        sources.set(path.join('.'), { kind: 'file', path: file });
      }
    };
    visit(raw, []);
  }
  for (const [variable, path] of Object.entries(ENVIRONMENT_VARIABLES)) {
    const value = options.environment[variable];
    if (value === undefined || value === '') continue;
    // CONSULTANTOS_DATABASE_URL wins over the conventional DATABASE_URL.
    if (variable === 'DATABASE_URL' && options.environment.CONSULTANTOS_DATABASE_URL) continue;
    const lowered = value.trim().toLowerCase();
    const boolean = ['autoMigrate', 'openaiCompatibleStructuredOutputs'].includes(path[path.length - 1]!);
    if (boolean && !(lowered in BOOLEAN_TEXT)) {
      throw new ConsultantError('INVALID_CONFIG', `Invalid configuration: ${variable} must be true or false (got "${value.slice(0, 40)}")`, { details: { variable } });
    }
    const converted = boolean ? BOOLEAN_TEXT[lowered] : value;
    const next: Record<string, unknown> = {};
    setPath(next, path, converted);
    raw = deepMerge(raw, next);
    sources.set(path.join('.'), { kind: 'env', variable });
  }
  for (const [key, value] of Object.entries(options.overrides ?? {})) {
    if (value === undefined) continue;
    const next: Record<string, unknown> = {};
    setPath(next, key.split('.'), value);
    raw = deepMerge(raw, next);
    sources.set(key, { kind: 'flag' });
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const messages = parsed.error.issues.map((issue) => {
      const text = describeIssue(issue, sources);
      // Never echo a secret back, even a malformed one.
      return SECRET_PATHS.has(issue.path.join('.')) ? text.replace(/\(got .*\)/, '') : text;
    });
    throw new ConsultantError('INVALID_CONFIG', `Invalid configuration: ${messages.join('; ')}`, { details: { issues: messages } });
  }
  const config = parsed.data;
  const cwd = options.cwd ?? process.cwd();
  config.dataDir = resolve(cwd, config.dataDir);
  if (config.database.sqlitePath && config.database.sqlitePath !== ':memory:') {
    config.database.sqlitePath = resolve(cwd, config.database.sqlitePath);
  }
  return config;
}

/** The config with secrets masked, for `doctor` and logs. */
export function redactConfig(config: Config): Record<string, unknown> {
  const copy = structuredClone(config) as unknown as Record<string, Record<string, unknown>>;
  for (const path of SECRET_PATHS) {
    const [section, key] = path.split('.') as [string, string];
    if (copy[section]?.[key] !== undefined) copy[section]![key] = '[redacted]';
  }
  return copy;
}

export function sqlitePathOf(config: Config): string {
  return config.database.sqlitePath ?? join(config.dataDir, 'consultantos.db');
}
