import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Report } from '../../src/reports/model/report.js';
import { testApiServer } from '../support/api-harness.js';

type Harness = Awaited<ReturnType<typeof testApiServer>>;

describe('HTTP API v1', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await testApiServer();
  });
  afterAll(async () => {
    await harness.dispose();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    harness.inject({ method: 'POST', url: '/v1/analyses', payload: body as object, headers: { 'content-type': 'application/json', ...headers } });

  it('answers health, readiness and metrics', async () => {
    expect((await harness.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await harness.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({ status: 'ok', checks: { database: 'ok', queue: 'ok' } });
    const metrics = await harness.inject('/metrics');
    expect(metrics.headers['content-type']).toContain('text/plain');
    expect(metrics.body).toContain('consultantos_http_request_duration_seconds');
    expect(metrics.body).toContain('consultantos_queue_jobs');
  });

  it('runs an analysis and returns the report with Prefer: wait', async () => {
    const response = await post({ company: 'Halvern Agritech', frameworks: ['swot', 'porter'], depth: 'quick', offline: true, budget: { maxTokens: 50_000, maxCostUsd: 1 } }, { prefer: 'wait=30' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['preference-applied']).toBe('wait=30');
    expect(response.headers['x-request-id']).toBeTruthy();
    const body = response.json() as { run: { id: string; status: string; reportId: string; links: Record<string, string> }; report: unknown };
    expect(body.run.status).toBe('succeeded');
    expect(body.run.links.events).toBe(`/v1/runs/${body.run.id}/events`);
    const report = Report.parse(body.report);
    expect(report.runId).toBe(body.run.id);
    expect(Object.keys(report.frameworks).sort()).toEqual(['porter', 'swot']);
    // The request's budget and offline flag travel with the run.
    expect(report.request).toMatchObject({ offline: true, budget: { maxTokens: 50_000, maxCostUsd: 1 } });
    // No documents and no facts: the report says so instead of inventing.
    expect(report.confidence.dataGaps.map((gap) => gap.source)).toEqual(expect.arrayContaining(['documents', 'financial facts']));

    const detail = await harness.inject(`/v1/runs/${body.run.id}`);
    expect(detail.statusCode).toBe(200);
    const run = detail.json() as { steps: Array<{ id: string; status: string; attempts: number }>; reportId: string };
    expect(run.reportId).toBe(report.id);
    expect(run.steps.every((step) => step.status === 'succeeded' && step.attempts === 1)).toBe(true);
  });

  it('accepts with 202, honours Idempotency-Key and lists runs and reports', async () => {
    const first = await post({ company: 'Idem Corp', frameworks: ['pestel'], depth: 'quick' }, { 'idempotency-key': 'key-123' });
    expect(first.statusCode).toBe(202);
    expect(first.headers.location).toMatch(/^\/v1\/runs\/run_/);
    const again = await post({ company: 'Idem Corp', frameworks: ['pestel'], depth: 'quick' }, { 'idempotency-key': 'key-123' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    const runId = (first.json() as { run: { id: string } }).run.id;
    expect((again.json() as { run: { id: string } }).run.id).toBe(runId);
    let status = '';
    for (let attempt = 0; attempt < 100 && status !== 'succeeded'; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = ((await harness.inject(`/v1/runs/${runId}`)).json() as { status: string }).status;
    }
    expect(status).toBe('succeeded');
    const runs = (await harness.inject('/v1/runs?limit=1')).json() as { items: Array<{ id: string }>; nextCursor: string | null };
    expect(runs.items).toHaveLength(1);
    expect(runs.nextCursor).not.toBeNull();
    const next = (await harness.inject(`/v1/runs?limit=50&cursor=${encodeURIComponent(runs.nextCursor!)}`)).json() as { items: Array<{ id: string }> };
    expect(next.items.map((item) => item.id)).not.toContain(runs.items[0]!.id);

    const reports = (await harness.inject('/v1/reports?company=idem%20corp&framework=pestel')).json() as { items: Array<{ id: string; version: number; links: Record<string, string> }> };
    expect(reports.items).toHaveLength(1);
    const reportId = reports.items[0]!.id;
    // The first read fills the cache with the report's JSON text, the second is served from it:
    // both are the same schema-valid report, sent as JSON.
    const [missed, hit] = [await harness.inject(`/v1/reports/${reportId}`), await harness.inject(`/v1/reports/${reportId}`)];
    for (const read of [missed, hit]) {
      expect(read.statusCode).toBe(200);
      expect(read.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(Report.parse(read.json()).id).toBe(reportId);
    }
    expect(hit.body).toBe(missed.body);
    for (const format of ['md', 'html', 'json'] as const) {
      const exported = await harness.inject(`/v1/reports/${reportId}/export?format=${format}`);
      expect(exported.statusCode).toBe(200);
      expect(exported.headers['content-disposition']).toMatch(/^attachment; filename="idem-corp-v1\.(md|html|json)"/);
      expect(exported.body).toContain('Idem Corp');
    }
    expect((await harness.inject({ method: 'DELETE', url: `/v1/reports/${reportId}` })).statusCode).toBe(204);
    expect((await harness.inject(`/v1/reports/${reportId}`)).statusCode).toBe(404);
    const conflict = await harness.inject({ method: 'POST', url: `/v1/runs/${runId}/resume` });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ code: 'INVALID_STATE', status: 409 });
  });

  it.each([
    ['an unknown framework', { company: 'Acme', frameworks: ['magic'] }],
    ['an empty company', { company: '  ' }],
    ['a server file path', { company: 'Acme', documents: ['/etc/passwd'] }],
    ['a facts path', { company: 'Acme', factsFile: '/etc/passwd' }],
    ['a wrong type', { company: 42 }],
    ['an unknown depth', { company: 'Acme', depth: 'bottomless' }],
  ])('refuses %s with a 400 problem', async (_name, body) => {
    const response = await post(body);
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    const problem = response.json() as { code: string; status: number; title: string; errors?: unknown[] };
    expect(problem).toMatchObject({ code: 'INVALID_INPUT', status: 400 });
    expect(problem.errors?.length).toBeGreaterThan(0);
  });

  it('answers malformed requests with problems, never 5xx', async () => {
    const cases = [
      await harness.inject({ method: 'POST', url: '/v1/analyses', payload: '{ not json', headers: { 'content-type': 'application/json' } }),
      await harness.inject({ method: 'POST', url: '/v1/analyses', payload: 'company=Acme', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      await harness.inject({ method: 'POST', url: '/v1/analyses', payload: JSON.stringify({ company: 'x'.repeat(2_000_000) }), headers: { 'content-type': 'application/json' } }),
      await harness.inject({ method: 'POST', url: '/v1/analyses', payload: '{"company":"Acme","__proto__":{"polluted":true}}', headers: { 'content-type': 'application/json' } }),
      await harness.inject('/v1/runs/run_doesnotexist'),
      await harness.inject('/v1/runs/..%2F..%2Fetc'),
      await harness.inject('/v1/runs?limit=0'),
      await harness.inject('/v1/runs?cursor=garbage'),
      await harness.inject('/v1/reports?sort=sideways'),
      await harness.inject('/v1/reports/rep_missing/export?format=exe'),
      await harness.inject('/v1/nowhere'),
      await harness.inject({ method: 'POST', url: '/v1/analyses', payload: { company: 'Acme' }, headers: { 'idempotency-key': 'bad key with spaces' } }),
    ];
    expect(cases.map((response) => response.statusCode)).toEqual([400, 415, 413, 400, 404, 400, 400, 400, 400, 400, 404, 400]);
    for (const response of cases) {
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.body).not.toMatch(/at .*\.ts:\d+/);
    }
  });

  it('publishes an OpenAPI 3.1 document and docs', async () => {
    const document = (await harness.inject('/openapi.json')).json() as { openapi: string; paths: Record<string, unknown> };
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/analyses', '/v1/runs', '/v1/runs/{id}', '/v1/runs/{id}/events', '/v1/runs/{id}/cancel', '/v1/runs/{id}/resume', '/v1/reports', '/v1/reports/{id}', '/v1/reports/{id}/export']));
    const docs = await harness.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
});
