#!/usr/bin/env node
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Command as CommandType, Command, CommanderError } from 'commander';
import { ConsultantError } from '../core/errors.js';
import { EXIT, type GlobalOptions, outcome } from './context.js';

function version(): string {
  try {
    const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return manifest.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Maps an error to the exit code and prints it for people: no stack traces, no secrets. */
function reportError(error: unknown): number {
  if (error instanceof ConsultantError) {
    process.stderr.write(`error: ${error.message}\n`);
    if (error.category === 'user') return EXIT.usage;
    return EXIT.failed;
  }
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.CONSULTANTOS_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  return EXIT.failed;
}

type Register = (program: CommandType, globals: () => GlobalOptions) => void;

/** Each top-level command and the module that defines it, loaded only when needed. */
const COMMANDS: ReadonlyArray<{ names: readonly string[]; load: () => Promise<Register> }> = [
  { names: ['analyze'], load: async () => (await import('./commands/analyze.js')).registerAnalyze },
  { names: ['runs'], load: async () => (await import('./commands/runs.js')).registerRuns },
  { names: ['reports'], load: async () => (await import('./commands/reports.js')).registerReports },
  { names: ['migrate'], load: async () => (await import('./commands/migrate.js')).registerMigrate },
  { names: ['doctor'], load: async () => (await import('./commands/doctor.js')).registerDoctor },
  { names: ['serve', 'worker'], load: async () => (await import('./commands/serve.js')).registerServe },
  { names: ['users'], load: async () => (await import('./commands/users.js')).registerUsers },
  { names: ['keys'], load: async () => (await import('./commands/keys.js')).registerKeys },
  { names: ['tenants'], load: async () => (await import('./commands/tenants.js')).registerTenants },
  { names: ['audit'], load: async () => (await import('./commands/audit.js')).registerAudit },
  { names: ['sources'], load: async () => (await import('./commands/sources.js')).registerSources },
];

const OPTIONS_WITH_VALUES = new Set(['--config', '--data-dir', '--log-level']);

/**
 * Only the command being run is loaded (CLI start-up stays fast); help, version and unknown
 * commands load them all so help lists every command.
 */
async function commandsFor(argv: readonly string[]): Promise<Register[]> {
  let name: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const token = argv[index]!;
    if (OPTIONS_WITH_VALUES.has(token)) {
      index += 1;
      continue;
    }
    if (!token.startsWith('-')) {
      name = token;
      break;
    }
  }
  if (name === undefined && (argv.includes('--version') || argv.includes('-V'))) return [];
  const chosen = COMMANDS.filter((entry) => name !== undefined && name !== 'help' && entry.names.includes(name));
  return Promise.all((chosen.length > 0 ? chosen : COMMANDS).map((entry) => entry.load()));
}

export async function main(argv: readonly string[]): Promise<number> {
  const program = new Command();
  program
    .name('consultantos')
    .description('A durable multi-agent research engine: strategy analyses whose every claim cites retrieved evidence.')
    .version(version())
    .option('--config <file>', 'config file (JSON or YAML)')
    .option('--data-dir <dir>', 'data directory (default: CONSULTANTOS_DATA_DIR or ./.consultantos)')
    .option('--log-level <level>', 'fatal | error | warn | info | debug | trace | silent')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  try {
    for (const register of await commandsFor(argv)) register(program, globals);
    outcome.exitCode = EXIT.ok;
    await program.parseAsync([...argv], { from: 'user' });
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    return reportError(error);
  }
}

/** True when this module is the process entrypoint (also through npm's bin symlink). */
function isEntrypoint(): boolean {
  try {
    return process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntrypoint()) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.exitCode = reportError(error);
    },
  );
}
