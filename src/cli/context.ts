import type { Application } from '../app/application.js';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';

export interface GlobalOptions {
  config?: string;
  dataDir?: string;
  logLevel?: string;
}

/** Exit codes: 0 success (partial included), 1 the work failed, 2 the request was wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** The one place the CLI reads the environment: configuration, loaded once. */
export function cliConfig(options: GlobalOptions): Config {
  return loadConfig({
    environment: process.env,
    ...(options.config ? { file: options.config } : {}),
    overrides: {
      ...(options.dataDir ? { dataDir: options.dataDir } : {}),
      ...(options.logLevel ? { 'log.level': options.logLevel } : {}),
    },
  });
}

export async function withApplication<T>(options: GlobalOptions, work: (app: Application) => Promise<T>): Promise<T> {
  const config = cliConfig(options);
  // Logs go to stderr and default to warnings for the CLI, so they never mix with output.
  const level = options.logLevel ?? (process.env.CONSULTANTOS_LOG_LEVEL ? config.log.level : 'warn');
  // Loaded on demand: `--help`, `--version` and bad flags never pay for the whole application.
  const [{ createApplication }, { createLogger }] = await Promise.all([import('../app/application.js'), import('../telemetry/logger.js')]);
  const app = await createApplication(config, { logger: createLogger({ level }) });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

export function print(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

export function printJson(value: unknown): void {
  print(JSON.stringify(value, null, 2));
}

/** The exit code of the command that ran; actions set it through `command(...)`. */
export const outcome = { exitCode: EXIT.ok as number };

/** Wraps a command action that returns its exit code. */
export function command<A extends unknown[]>(action: (...args: A) => Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    outcome.exitCode = await action(...args);
  };
}
