import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApiServer } from '../support/api-harness.js';

/**
 * Over a real socket: a `Prefer: wait` longer than the request timeout (the socket stays silent
 * while the run works) still gets its answer instead of a dropped connection.
 */
describe('Prefer: wait over a socket', () => {
  let harness: Awaited<ReturnType<typeof testApiServer>>;
  let base: string;
  beforeAll(async () => {
    harness = await testApiServer({ CONSULTANTOS_REQUEST_TIMEOUT_MS: '1000', CONSULTANTOS_DEBUG_STEP_DELAY_MS: '400' });
    base = await harness.listen();
  });
  afterAll(async () => {
    await harness.dispose();
  });

  it('answers 200 with the report after waiting longer than the request timeout', async () => {
    const started = Date.now();
    const response = await fetch(`${base}/v1/analyses`, {
      method: 'POST',
      headers: { ...harness.authorization, 'content-type': 'application/json', prefer: 'wait=20' },
      body: JSON.stringify({ company: 'Patient Co', frameworks: ['swot'], depth: 'quick' }),
    });
    const waited = Date.now() - started;
    expect(response.status).toBe(200);
    expect(response.headers.get('preference-applied')).toBe('wait=20');
    const body = (await response.json()) as { run: { status: string }; report?: { company: { name: string } } };
    expect(body.run.status).toBe('succeeded');
    expect(body.report?.company.name).toBe('Patient Co');
    // The run really outlasted the 1 s request timeout while the socket sat silent.
    expect(waited).toBeGreaterThan(1_000);
  });
});
