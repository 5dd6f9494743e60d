import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { Logger } from '../core/logger.js';

export interface MetricsServerOptions {
  registry: Registry;
  host: string;
  /** 0 picks a free port (see `address`). */
  port: number;
  logger: Logger;
}

export interface MetricsServer {
  /** `http://host:port` the listener is bound to. */
  address: string;
  close(): Promise<void>;
}

/**
 * A bare HTTP listener for processes without the API (`consultantos worker`): `GET /metrics`
 * (Prometheus text) and `GET /healthz`. Workers are the processes whose engines record runs,
 * steps, model usage and circuit states, so they must be scrapeable on their own. Nothing else is
 * served and nothing is authenticated: bind it to a private interface.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const { registry, logger } = options;
  const server: Server = createServer((request, response) => {
    void answer(request, response).catch((error: unknown) => {
      logger.warn({ err: (error as Error)?.message ?? String(error) }, 'metrics request failed');
      if (!response.headersSent) send(response, 500, 'text/plain; charset=utf-8', 'metrics unavailable\n');
      else response.destroy();
    });
  });
  // A scrape is one short request: idle keep-alive sockets must not hold the process at shutdown.
  server.keepAliveTimeout = 5_000;
  server.requestTimeout = 10_000;

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? '/').split('?')[0];
    if (path !== '/metrics' && path !== '/healthz') return send(response, 404, 'text/plain; charset=utf-8', 'not found: this listener serves /metrics and /healthz\n');
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('allow', 'GET, HEAD');
      return send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    }
    if (path === '/healthz') return send(response, 200, 'application/json; charset=utf-8', '{"status":"ok"}', request.method === 'HEAD');
    send(response, 200, registry.contentType, await registry.metrics(), request.method === 'HEAD');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => logger.warn({ err: error.message }, 'metrics listener error'));
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  let closing: Promise<void> | undefined;
  return {
    address: `http://${host}:${bound.port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

function send(response: ServerResponse, status: number, contentType: string, body: string, headOnly = false): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
  response.end(headOnly ? undefined : body);
}
