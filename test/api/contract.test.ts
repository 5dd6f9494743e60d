import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApiServer } from '../support/api-harness.js';

type Harness = Awaited<ReturnType<typeof testApiServer>>;

/** JSON pointer escaping for a path segment. */
const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

describe('API contract: every response matches the published OpenAPI document', () => {
  let harness: Harness;
  let ajv: Ajv2020;
  let document: { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: unknown }> }> }>> };
  let reportId = '';
  let runId = '';

  beforeAll(async () => {
    harness = await testApiServer();
    document = (await harness.inject('/openapi.json')).json();
    ajv = new Ajv2020({ strict: false, allErrors: true });
    (addFormats as unknown as (instance: Ajv2020) => void)(ajv);
    ajv.addSchema(document as object, 'openapi.json');
    const created = await harness.inject({ method: 'POST', url: '/v1/analyses', payload: { company: 'Contract Co', depth: 'quick' }, headers: { prefer: 'wait=30' } });
    const body = created.json() as { run: { id: string; reportId: string } };
    runId = body.run.id;
    reportId = body.run.reportId;
  });
  afterAll(async () => {
    await harness.dispose();
  });

  function expectConforms(method: string, template: string, response: LightMyRequestResponse): void {
    const operation = document.paths[template]?.[method.toLowerCase()];
    expect(operation, `${method} ${template} is documented`).toBeDefined();
    const status = String(response.statusCode);
    const declared = operation!.responses[status];
    expect(declared, `${method} ${template} documents ${status}`).toBeDefined();
    const type = String(response.headers['content-type'] ?? '').split(';')[0]!;
    if (response.statusCode === 204) {
      expect(response.body, `${method} ${template} 204 has no body`).toBe('');
      return;
    }
    if (!declared!.content) return;
    // Every media type sent is one the document declares for that status.
    const declaredTypes = Object.keys(declared!.content);
    const problem = type === 'application/problem+json' && declaredTypes.includes('application/json');
    expect(declaredTypes.includes(type) || problem, `${method} ${template} ${status} sends ${type}, declared ${declaredTypes.join(', ')}`).toBe(true);
    if (type !== 'application/json' && type !== 'application/problem+json') return;
    const mediaType = declared!.content['application/json'] ? 'application/json' : Object.keys(declared!.content)[0]!;
    const validate = ajv.getSchema(`openapi.json#/paths/${pointer(template)}/${method.toLowerCase()}/responses/${status}/content/${pointer(mediaType)}/schema`);
    expect(validate, `schema for ${method} ${template} ${status}`).toBeDefined();
    const valid = validate!(response.json());
    expect(valid, `${method} ${template} ${status}: ${JSON.stringify(validate!.errors?.slice(0, 3))}`).toBe(true);
  }

  it('validates success and error responses of every route', async () => {
    const inject = harness.inject.bind(harness);
    const cases: Array<[string, string, LightMyRequestResponse]> = [
      ['GET', '/healthz', await inject('/healthz')],
      ['GET', '/readyz', await inject('/readyz')],
      ['POST', '/v1/analyses', await inject({ method: 'POST', url: '/v1/analyses', payload: { company: 'Acme', depth: 'quick' } })],
      ['POST', '/v1/analyses', await inject({ method: 'POST', url: '/v1/analyses', payload: { company: 'Acme', depth: 'quick' }, headers: { prefer: 'wait=20' } })],
      ['POST', '/v1/analyses', await inject({ method: 'POST', url: '/v1/analyses', payload: { company: '' } })],
      ['GET', '/v1/runs', await inject('/v1/runs?limit=2')],
      ['GET', '/v1/runs', await inject('/v1/runs?limit=-1')],
      ['GET', '/v1/runs/{id}', await inject(`/v1/runs/${runId}`)],
      ['GET', '/v1/runs/{id}', await inject('/v1/runs/run_nope')],
      ['POST', '/v1/runs/{id}/cancel', await inject({ method: 'POST', url: `/v1/runs/${runId}/cancel` })],
      ['POST', '/v1/runs/{id}/cancel', await inject({ method: 'POST', url: '/v1/runs/run_nope/cancel' })],
      ['POST', '/v1/runs/{id}/resume', await inject({ method: 'POST', url: `/v1/runs/${runId}/resume` })],
      ['POST', '/v1/runs/{id}/resume', await inject({ method: 'POST', url: '/v1/runs/run_nope/resume' })],
      ['GET', '/v1/runs/{id}/events', await inject('/v1/runs/run_nope/events')],
      ['GET', '/v1/reports', await inject('/v1/reports?sort=company&limit=5')],
      ['GET', '/v1/reports', await inject('/v1/reports?from=yesterday')],
      ['GET', '/v1/reports/{id}', await inject(`/v1/reports/${reportId}`)],
      ['GET', '/v1/reports/{id}', await inject('/v1/reports/rep_nope')],
      ['GET', '/v1/reports/{id}/export', await inject(`/v1/reports/${reportId}/export?format=json`)],
      ['GET', '/v1/reports/{id}/export', await inject('/v1/reports/rep_nope/export')],
      ...(await Promise.all((['md', 'html', 'pdf', 'docx', 'xlsx', 'pptx'] as const).map(async (format): Promise<[string, string, LightMyRequestResponse]> => ['GET', '/v1/reports/{id}/export', await inject(`/v1/reports/${reportId}/export?format=${format}`)]))),
      ['GET', '/v1/runs/{id}/events', await inject(`/v1/runs/${runId}/events`)],
      ['DELETE', '/v1/reports/{id}', await inject({ method: 'DELETE', url: '/v1/reports/rep_nope' })],
      // Last: deletes the report the cases above read.
      ['DELETE', '/v1/reports/{id}', await inject({ method: 'DELETE', url: `/v1/reports/${reportId}` })],
    ];
    expect(cases.filter(([, , response]) => response.statusCode < 300).length).toBeGreaterThanOrEqual(17);
    for (const [method, template, response] of cases) expectConforms(method, template, response);
  });

  it('answers arbitrary bad input on every route with 4xx, never 5xx (fast-check)', async () => {
    const text = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('../../etc/passwd', '%00', '<script>', "' OR 1=1 --", '${jndi:ldap://x}', '\u202e', '🙂'.repeat(30)));
    const json = fc.jsonValue({ maxDepth: 3 });
    const requests = fc.oneof(
      fc.record({ kind: fc.constant('analysis'), body: fc.oneof(json, fc.record({ company: text, frameworks: fc.array(text, { maxLength: 5 }), depth: text, context: text, extra: json }, { requiredKeys: [] })) }),
      fc.record({ kind: fc.constantFrom('run', 'events', 'cancel', 'resume', 'report', 'export', 'delete'), id: text }),
      fc.record({ kind: fc.constantFrom('list-runs', 'list-reports'), query: fc.dictionary(fc.constantFrom('limit', 'cursor', 'status', 'company', 'framework', 'from', 'to', 'sort', 'format', 'x'), text, { maxKeys: 4 }) }),
    );
    await fc.assert(
      fc.asyncProperty(requests, async (request) => {
        const id = 'id' in request ? encodeURIComponent(request.id) || 'x' : '';
        const query = 'query' in request ? new URLSearchParams(request.query).toString() : '';
        const response =
          request.kind === 'analysis'
            ? await harness.inject({ method: 'POST', url: '/v1/analyses', payload: JSON.stringify((request as { body: unknown }).body), headers: { 'content-type': 'application/json' } })
            : request.kind === 'run'
              ? await harness.inject(`/v1/runs/${id}`)
              : request.kind === 'events'
                ? await harness.inject(`/v1/runs/${id}/events?${query}`)
                : request.kind === 'cancel' || request.kind === 'resume'
                  ? await harness.inject({ method: 'POST', url: `/v1/runs/${id}/${request.kind}` })
                  : request.kind === 'report'
                    ? await harness.inject(`/v1/reports/${id}`)
                    : request.kind === 'export'
                      ? await harness.inject(`/v1/reports/${id}/export?format=${id}`)
                      : request.kind === 'delete'
                        ? await harness.inject({ method: 'DELETE', url: `/v1/reports/${id}` })
                        : await harness.inject(`/v1/${request.kind === 'list-runs' ? 'runs' : 'reports'}?${query}`);
        expect(response.statusCode, `${request.kind} → ${response.statusCode} ${response.body.slice(0, 200)}`).toBeLessThan(500);
      }),
      { numRuns: 300 },
    );
  });
});
