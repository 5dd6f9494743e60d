/**
 * Runs the stub model server on its own, for benchmarks and manual runs:
 *
 *   npm run stub -- --port 4010 --latency-ms 200 --faults 500:0.3,429:0.1,timeout:0.05,malformed:0.05
 *
 * Prints the base URL on stdout (one line, so a script can capture it) and the request
 * statistics on stderr when stopped with Ctrl-C or SIGTERM.
 */
import { parseArgs } from 'node:util';
import { parseFaultMix, parseFaultName, startStubServer } from './stub-server.js';
import type { FaultName, StubServerOptions } from './stub-server.js';

const usage = `Usage: npm run stub -- [options]
  --host <address>              interface to bind (default 127.0.0.1)
  --port <number>               port, 0 for any free port (default 0)
  --latency-ms <number>         delay before each answer (default 0)
  --stream-chunk-delay-ms <n>   delay between streamed chunks (default 0)
  --faults <mix>                e.g. 500:0.3,429:0.1,timeout:0.05,malformed:0.05,schema-invalid:0.05,invented-ids:0.05,think:0.05
  --script <faults>             faults for the first requests, in order, e.g. 500,500,none
  --seed <number>               seed for faults and content (default 1)
  --models <ids>                comma-separated model ids (default stub-fast,stub-strong)
  --retry-after-seconds <n>     Retry-After sent with injected 429s (default 1)
  --embedding-dimensions <n>    embedding length (default 64)
  --cached-prompt-fraction <f>  share of prompt tokens reported as prompt-cache reads (default 0)
  --unsupported-formats <list>  response_format types to refuse with 400: json_schema,json_object
  --help                        show this help`;

function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new RangeError(`--${name} expects a number, got "${value}"`);
  return parsed;
}

function readOptions(argv: readonly string[]): StubServerOptions | undefined {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'latency-ms': { type: 'string' },
      'stream-chunk-delay-ms': { type: 'string' },
      faults: { type: 'string' },
      script: { type: 'string' },
      seed: { type: 'string' },
      models: { type: 'string' },
      'retry-after-seconds': { type: 'string' },
      'embedding-dimensions': { type: 'string' },
      'cached-prompt-fraction': { type: 'string' },
      'unsupported-formats': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) return undefined;
  const scripted = values.script
    ?.split(',')
    .map((name) => parseFaultName(name))
    .filter((name): name is FaultName => name !== null);
  return {
    host: values.host,
    port: numberOption('port', values.port),
    latencyMs: numberOption('latency-ms', values['latency-ms']),
    streamChunkDelayMs: numberOption('stream-chunk-delay-ms', values['stream-chunk-delay-ms']),
    faults: values.faults === undefined ? undefined : parseFaultMix(values.faults),
    scriptedFaults: scripted,
    seed: numberOption('seed', values.seed),
    models: values.models?.split(',').map((model) => model.trim()).filter((model) => model.length > 0),
    retryAfterSeconds: numberOption('retry-after-seconds', values['retry-after-seconds']),
    embeddingDimensions: numberOption('embedding-dimensions', values['embedding-dimensions']),
    cachedPromptFraction: numberOption('cached-prompt-fraction', values['cached-prompt-fraction']),
    unsupportedResponseFormats: values['unsupported-formats']?.split(',').map((format) => format.trim()).filter((format): format is 'json_schema' | 'json_object' => format === 'json_schema' || format === 'json_object'),
  };
}

async function main(): Promise<void> {
  let options: StubServerOptions | undefined;
  try {
    options = readOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  if (options === undefined) {
    console.log(usage);
    return;
  }
  const server = await startStubServer(options);
  console.log(server.baseUrl);
  const stop = (): void => {
    console.error(JSON.stringify(server.stats(), null, 2));
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();
