import { once } from 'node:events';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ConsultantError } from '../../core/errors.js';
import { type RunEvent, isTerminal } from '../../core/ports/run-store.js';
import type { ApiContext } from '../context.js';
import { Problem } from '../problem.js';
import { EventsQuery, RunIdParams } from '../schemas.js';

const EVENT_NAME = /^[a-z0-9-]{1,64}$/;
const REPLAY_PAGE = 500;

/** One SSE frame. Names and ids never contain CR/LF; data is JSON on one line. */
export function formatSseEvent(event: RunEvent): string {
  const name = EVENT_NAME.test(event.type) ? event.type : 'message';
  return `id: ${event.seq}\nevent: ${name}\ndata: ${JSON.stringify(event)}\n\n`;
}

function parseLastEventId(value: string | string[] | undefined): number | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || !/^\d{1,12}$/.test(text.trim())) {
    throw new ConsultantError('INVALID_INPUT', 'Last-Event-ID must be the numeric id of a previous event');
  }
  return Number(text.trim());
}

/**
 * `GET /v1/runs/{id}/events`: replays stored events after `Last-Event-ID` (or `?after=`), then
 * streams live ones from the event bus, filling any gap from the store, so a client sees every
 * event exactly once and in order. Heartbeat comments keep proxies from closing the stream. A
 * client that disconnects only unsubscribes; the run is not affected.
 */
export function eventRoutes(server: FastifyInstance, context: ApiContext): void {
  const { app } = context;
  server.withTypeProvider<ZodTypeProvider>().get('/v1/runs/:id/events', {
    schema: {
      summary: 'Live run events (Server-Sent Events) with replay',
      description: 'Each event has `id` = its per-run sequence number; reconnect with `Last-Event-ID` to resume. The stream ends after `run-end`.',
      tags: ['runs'],
      params: RunIdParams,
      querystring: EventsQuery,
      headers: z.object({ 'last-event-id': z.string().optional() }).passthrough(),
      response: {
        200: { description: 'Server-sent events: `id` is the per-run sequence number, `event` the event type, `data` the event as JSON; comment lines are heartbeats', content: { 'text/event-stream': { schema: z.string() } } },
        400: Problem,
        404: Problem,
      },
    },
    handler: async (request, reply) => {
      const scope = context.scopeOf(request);
      const runId = request.params.id;
      const run = await app.stores.runs.getRun(scope.tenantId, runId);
      if (!run) throw new ConsultantError('NOT_FOUND', `Run ${runId} not found`);
      let lastSent = parseLastEventId(request.headers['last-event-id']) ?? request.query.after ?? 0;

      reply.hijack();
      const raw = reply.raw;
      raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': String(request.id),
      });
      raw.write('retry: 2000\n\n');

      let closed = false;
      let ended = false;
      // Set once the stream is wired; `finish` may run before that (an early client close).
      const handles: { unsubscribe?: () => Promise<void>; heartbeat?: NodeJS.Timeout } = {};
      const live: RunEvent[] = [];
      let chain = Promise.resolve();
      const finish = (): void => {
        if (closed) return;
        closed = true;
        if (handles.heartbeat) clearInterval(handles.heartbeat);
        void handles.unsubscribe?.();
        if (!raw.writableEnded) raw.end();
      };
      const write = async (text: string): Promise<void> => {
        if (closed) return;
        if (!raw.write(text)) await Promise.race([once(raw, 'drain'), once(raw, 'close')]);
      };
      const send = async (event: RunEvent): Promise<void> => {
        if (event.seq <= lastSent || closed) return;
        await write(formatSseEvent(event));
        lastSent = event.seq;
        if (event.type === 'run-end') ended = true;
      };
      const replay = async (): Promise<void> => {
        for (;;) {
          const page = await app.stores.runs.listEvents(runId, lastSent, REPLAY_PAGE);
          for (const event of page) await send(event);
          if (page.length < REPLAY_PAGE || closed) return;
        }
      };
      const drainLive = async (): Promise<void> => {
        while (live.length > 0 && !closed) {
          const event = live.shift()!;
          // A gap means live delivery missed something: fetch it from the store first.
          if (event.seq > lastSent + 1) await replay();
          await send(event);
        }
        if (ended) finish();
      };
      const schedule = (work: () => Promise<void>): void => {
        chain = chain.then(work).catch((error: unknown) => {
          request.log.warn({ err: (error as Error).message, runId }, 'event stream failed');
          finish();
        });
      };

      handles.heartbeat = setInterval(() => schedule(() => write(': ping\n\n')), app.config.server.sseHeartbeatMs);
      handles.heartbeat.unref();
      raw.on('close', finish);
      const unsubscribe = await app.events.subscribe(runId, (event) => {
        live.push(event);
        schedule(drainLive);
      });
      handles.unsubscribe = unsubscribe;
      if (closed) await unsubscribe();
      schedule(async () => {
        await replay();
        await drainLive();
        // Runs cancelled before they started end without a run-end event.
        const current = await app.stores.runs.getRun(scope.tenantId, runId);
        if (ended || (current && isTerminal(current.status) && !closed)) {
          await replay();
          finish();
        }
      });
    },
  });
}
