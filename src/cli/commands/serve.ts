import type { Command } from 'commander';
import type { FastifyBaseLogger } from 'fastify';
import { buildApiServer } from '../../api/server.js';
import { createApplication } from '../../app/application.js';
import { startSweeper, startWorker } from '../../app/service-runtime.js';
import { announceBootstrap } from './keys.js';
import { ConsultantError } from '../../core/errors.js';
import { createLogger } from '../../telemetry/logger.js';
import { type MetricsServer, startMetricsServer } from '../../telemetry/metrics-server.js';
import { type GlobalOptions, EXIT, cliConfig, command } from '../context.js';

interface ServeOptions {
  host?: string;
  port?: string;
  withWorker?: boolean;
}

function parsePort(text: string | undefined, flag = '--port'): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(port) || port < 0 || port > 65_535) throw new ConsultantError('INVALID_INPUT', `${flag} must be an integer from 0 to 65535 (got "${text}")`);
  return port;
}

interface WorkerOptions {
  concurrency?: string;
  metricsPort?: string;
  metricsHost?: string;
}

/** Resolves on SIGINT or SIGTERM. */
function shutdownSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

export function registerServe(program: Command, globals: () => GlobalOptions): void {
  program
    .command('serve')
    .description('Run the HTTP API (embedded: with an in-process worker on SQLite)')
    .option('--host <host>', 'interface to listen on (default 127.0.0.1)')
    .option('--port <port>', 'port (default 8080)')
    .option('--with-worker', 'also execute runs in this process (always on in embedded mode)')
    .action(command(async (options: ServeOptions) => {
      const port = parsePort(options.port);
      const config = cliConfig(globals());
      const logger = createLogger({ level: globals().logLevel ?? config.log.level });
      const app = await createApplication(config, { logger });
      await announceBootstrap(app);
      const distributed = Boolean(config.database.url);
      if (!distributed || options.withWorker) await startWorker(app, { concurrency: config.engine.workerConcurrency });
      const sweeper = startSweeper(app, config.server.sweepIntervalMs);
      const server = await buildApiServer(app, { loggerInstance: logger as unknown as FastifyBaseLogger });
      const host = options.host ?? config.server.host;
      const address = await server.listen({ host, port: port ?? config.server.port });
      logger.info({ address, distributed }, 'listening');
      process.stderr.write(`ConsultantOS API listening on ${address} (docs at ${address}/docs)\n`);
      const signal = await shutdownSignal();
      logger.info({ signal }, 'shutting down');
      sweeper.stop();
      await server.close();
      await app.close();
      return EXIT.ok;
    }));

  program
    .command('worker')
    .description('Execute runs from the queue (no API; optionally /metrics and /healthz on --metrics-port)')
    .option('--concurrency <n>', 'runs executed at once')
    .option('--metrics-port <port>', 'serve Prometheus /metrics and /healthz on this port (default: CONSULTANTOS_WORKER_METRICS_PORT; unset: none)')
    .option('--metrics-host <host>', 'interface of the metrics listener (default 127.0.0.1; it has no authentication, so expose it only on a private network)')
    .action(command(async (options: WorkerOptions) => {
      const config = cliConfig(globals());
      const concurrency = options.concurrency === undefined ? config.engine.workerConcurrency : Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new ConsultantError('INVALID_INPUT', `--concurrency must be an integer from 1 to 256 (got "${options.concurrency}")`);
      const metricsPort = parsePort(options.metricsPort, '--metrics-port') ?? config.server.workerMetricsPort;
      if (options.metricsHost !== undefined && metricsPort === undefined) throw new ConsultantError('INVALID_INPUT', '--metrics-host needs --metrics-port (or CONSULTANTOS_WORKER_METRICS_PORT)');
      const logger = createLogger({ level: globals().logLevel ?? config.log.level });
      const app = await createApplication(config, { logger });
      // Runs, steps, model usage and circuits are counted by the engine that executes them, i.e.
      // here: without this listener nobody can scrape them in distributed mode.
      let metricsServer: MetricsServer | undefined;
      if (metricsPort !== undefined) {
        // Unauthenticated, unlike the API's /metrics: loopback unless the operator names an interface.
        const host = options.metricsHost ?? '127.0.0.1';
        try {
          metricsServer = await startMetricsServer({ registry: app.metrics.registry, host, port: metricsPort, logger });
        } catch (error) {
          await app.close();
          throw new Error(`Cannot serve metrics on ${host}:${metricsPort}: ${(error as Error).message}`, { cause: error });
        }
        logger.info({ address: metricsServer.address }, 'metrics listening');
        process.stderr.write(`ConsultantOS worker metrics listening on ${metricsServer.address}/metrics\n`);
      }
      let sweeper: ReturnType<typeof startSweeper> | undefined;
      try {
        await startWorker(app, { concurrency });
        sweeper = startSweeper(app, config.server.sweepIntervalMs);
        await sweeper.sweep();
      } catch (error) {
        // A worker that cannot start must exit (and be restarted by its supervisor), not linger
        // with a metrics listener that answers healthy.
        sweeper?.stop();
        await app.close();
        await metricsServer?.close();
        throw error;
      }
      process.stderr.write(`ConsultantOS worker ${app.engine.workerId} running (concurrency ${concurrency})\n`);
      const signal = await shutdownSignal();
      logger.info({ signal }, 'draining');
      sweeper.stop();
      await app.close();
      // Last, so the drain itself can still be scraped.
      await metricsServer?.close();
      return EXIT.ok;
    }));
}
