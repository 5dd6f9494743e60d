import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './shared-fixtures.js';

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment a CLI under test inherits: the test runner's, minus anything that would point
 * it at shared services (CI sets DATABASE_URL and REDIS_URL for the integration suites) or
 * configure it behind the test's back.
 */
function inheritedEnvironment(): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || name.startsWith('CONSULTANTOS_') || name === 'DATABASE_URL' || name === 'REDIS_URL') continue;
    inherited[name] = value;
  }
  return inherited;
}

/** Starts the CLI from source (through tsx) in its own process, like a user would. */
export function startCli(args: readonly string[], environment: Record<string, string> = {}): { child: ChildProcess; done: Promise<CliResult> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'src', 'cli', 'main.ts'), ...args], {
    cwd: projectRoot,
    // Offline: a CLI test never touches the network.
    env: { ...inheritedEnvironment(), CONSULTANTOS_LOG_LEVEL: 'warn', CONSULTANTOS_OFFLINE: '1', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const done = new Promise<CliResult>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(args: readonly string[], environment: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, environment).done;
}
