import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryEventBus } from '../../src/core/memory/memory-event-bus.js';
import { testApiServer } from '../support/api-harness.js';
import { databaseUrl, redisUrl, uniqueName } from '../support/integration-services.js';

interface SseFrame {
  id: number;
  event: string;
  data: { seq: number; type: string };
}

/** Reads SSE frames until `stop` says so or the server ends the stream. */
async function readEvents(url: string, options: { headers: Record<string, string>; lastEventId?: number; stop?: (frames: SseFrame[]) => boolean }): Promise<{ frames: SseFrame[]; endedByServer: boolean; comments: number }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { ...options.headers, ...(options.lastEventId !== undefined ? { 'last-event-id': String(options.lastEventId) } : {}) }, signal: controller.signal });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const frames: SseFrame[] = [];
  let buffer = '';
  let comments = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return { frames, endedByServer: true, comments };
    buffer += decoder.decode(value, { stream: true });
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      if (block.startsWith(':')) comments += 1;
      const fields = Object.fromEntries(block.split('\n').filter((line) => !line.startsWith(':') && line.includes(': ')).map((line) => [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)]));
      if (fields.id !== undefined && fields.data !== undefined) frames.push({ id: Number(fields.id), event: fields.event ?? 'message', data: JSON.parse(fields.data) });
    }
    if (options.stop?.(frames)) {
      controller.abort();
      await reader.cancel().catch(() => undefined);
      return { frames, endedByServer: false, comments };
    }
  }
}

const distributedSchema = uniqueName('sse', import.meta.url);
/**
 * The same stream on the embedded default (in-process bus, SQLite) and in distributed mode
 * (events persisted in PostgreSQL, published over Redis pub/sub), where replay and live delivery
 * come from different systems and must still join into one gap-free sequence.
 */
const MODES: Array<{ name: string; enabled: boolean; environment: Record<string, string> }> = [
  { name: 'embedded', enabled: true, environment: {} },
  {
    name: 'distributed (PostgreSQL + Redis)',
    enabled: Boolean(databaseUrl && redisUrl),
    environment: {
      CONSULTANTOS_DATABASE_URL: databaseUrl ?? '',
      CONSULTANTOS_DATABASE_SCHEMA: distributedSchema,
      CONSULTANTOS_DATABASE_AUTO_MIGRATE: 'true',
      CONSULTANTOS_REDIS_URL: redisUrl ?? '',
      CONSULTANTOS_REDIS_KEY_PREFIX: `${distributedSchema}:`,
      CONSULTANTOS_TOKEN_SECRET: 'sse-test-token-secret-0123456789abcdef',
    },
  },
];

for (const mode of MODES) describe.skipIf(!mode.enabled)(`run events over SSE, ${mode.name}`, () => {
  let harness: Awaited<ReturnType<typeof testApiServer>>;
  let base: string;
  beforeAll(async () => {
    harness = await testApiServer({ CONSULTANTOS_DEBUG_STEP_DELAY_MS: '150', ...mode.environment });
    // The distributed mode really runs on the Redis bus.
    expect(harness.app.events instanceof MemoryEventBus).toBe(mode.name === 'embedded');
    base = await harness.listen();
  });
  afterAll(async () => {
    await harness?.dispose();
    if (mode.environment.CONSULTANTOS_DATABASE_SCHEMA) {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${distributedSchema}" CASCADE`);
      await client.end();
    }
  });

  it('delivers every event exactly once, in order, across a disconnect and a Last-Event-ID reconnect', async () => {
    const accepted = await fetch(`${base}/v1/analyses`, { method: 'POST', headers: { ...harness.authorization, 'content-type': 'application/json' }, body: JSON.stringify({ company: 'Stream Co', frameworks: ['swot', 'pestel'], depth: 'quick' }) });
    expect(accepted.status).toBe(202);
    const runId = ((await accepted.json()) as { run: { id: string } }).run.id;
    const url = `${base}/v1/runs/${runId}/events`;

    const first = await readEvents(url, { headers: harness.authorization, stop: (frames) => frames.length >= 4 });
    expect(first.endedByServer).toBe(false);
    // The disconnect unsubscribes and does not stop the run.
    await new Promise((resolve) => setTimeout(resolve, 150));
    if (harness.app.events instanceof MemoryEventBus) expect(harness.app.events.listenerCount(runId)).toBeLessThanOrEqual(1);

    const lastId = first.frames[first.frames.length - 1]!.id;
    const second = await readEvents(url, { headers: harness.authorization, lastEventId: lastId });
    expect(second.endedByServer).toBe(true);
    expect(second.frames[second.frames.length - 1]!.event).toBe('run-end');

    const ids = [...first.frames, ...second.frames].map((frame) => frame.id);
    const stored = await harness.app.stores.runs.listEvents(runId, 0, 1000);
    expect(ids).toEqual(stored.map((event) => event.seq));
    expect(ids).toEqual(ids.map((_, index) => index + 1));
    for (const frame of [...first.frames, ...second.frames]) {
      expect(frame.data.seq).toBe(frame.id);
      expect(frame.event).toBe(frame.data.type);
    }
    const run = (await (await fetch(`${base}/v1/runs/${runId}`, { headers: harness.authorization })).json()) as { status: string };
    expect(run.status).toBe('succeeded');
  });

  it('replays a finished run and ends; sends heartbeats while waiting; refuses bad ids', async () => {
    const done = await fetch(`${base}/v1/analyses`, { method: 'POST', headers: { ...harness.authorization, 'content-type': 'application/json', prefer: 'wait=30' }, body: JSON.stringify({ company: 'Replay Co', frameworks: ['porter'], depth: 'quick' }) });
    const runId = ((await done.json()) as { run: { id: string; status: string } }).run.id;
    const replay = await readEvents(`${base}/v1/runs/${runId}/events`, { headers: harness.authorization });
    expect(replay.endedByServer).toBe(true);
    expect(replay.frames[0]!.event).toBe('run-created');
    expect(replay.frames.at(-1)!.event).toBe('run-end');
    const tail = await readEvents(`${base}/v1/runs/${runId}/events?after=${replay.frames.length - 2}`, { headers: harness.authorization });
    expect(tail.frames.map((frame) => frame.id)).toEqual([replay.frames.length - 1, replay.frames.length]);

    const slow = await fetch(`${base}/v1/analyses`, { method: 'POST', headers: { ...harness.authorization, 'content-type': 'application/json' }, body: JSON.stringify({ company: 'Heartbeat Co', frameworks: ['porter', 'swot', 'pestel', 'blue_ocean'], depth: 'deep' }) });
    const slowId = ((await slow.json()) as { run: { id: string } }).run.id;
    const beats = await readEvents(`${base}/v1/runs/${slowId}/events`, { headers: harness.authorization, stop: (frames) => frames.some((frame) => frame.event === 'run-end') });
    expect(beats.comments).toBeGreaterThan(0);

    for (const bad of ['abc', '-1', '1e3', '9'.repeat(20)]) {
      expect((await fetch(`${base}/v1/runs/${runId}/events`, { headers: { ...harness.authorization, 'last-event-id': bad } })).status, bad).toBe(400);
    }
    expect((await fetch(`${base}/v1/runs/run_unknown/events`, { headers: harness.authorization })).status).toBe(404);
  });
});
