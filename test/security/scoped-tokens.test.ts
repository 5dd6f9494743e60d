import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliActor } from '../../src/auth/actor.js';
import { createKey } from '../../src/auth/key-service.js';
import { type SecurityHarness, securityHarness } from './security-harness.js';

describe('short-lived tokens for browsers: one run\'s events, one report\'s export', () => {
  let harness: SecurityHarness;
  beforeAll(async () => {
    harness = await securityHarness({ seedRuns: true });
  }, 120_000);
  afterAll(async () => {
    await harness.dispose();
  });

  const local = () => harness.tenants.local;
  const mint = async (kind: 'stream' | 'download', id?: string) => {
    const url = kind === 'stream' ? `/v1/runs/${id ?? local().runId}/stream-token` : `/v1/reports/${id ?? local().reportId}/download-token`;
    const response = await harness.as(local().members.viewer.key, { method: 'POST', url });
    expect(response.statusCode).toBe(201);
    return response.json() as { token: string; url: string; expiresAt: string };
  };

  it('a stream token opens its run\'s event stream (as EventSource would use it)', async () => {
    const { url } = await mint('stream');
    const response = await harness.server.inject(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    expect(response.body).toContain('event: run-end');
  });

  it('a stream token opens nothing else, not even the same run\'s details', async () => {
    const { token } = await mint('stream');
    for (const url of [`/v1/runs/${local().runId}`, '/v1/runs', `/v1/reports/${local().reportId}`, `/v1/reports/${local().reportId}/export`]) {
      const response = await harness.as(token, url);
      expect(response.statusCode, url).toBe(401);
    }
    expect((await harness.as(token, { method: 'POST', url: `/v1/runs/${local().runId}/cancel` })).statusCode).toBe(401);
  });

  it('a stream token expires', async () => {
    const { url } = await mint('stream');
    harness.clock.advance(harness.config.security.streamTokenTtlMs + 2_000);
    try {
      expect((await harness.server.inject(url)).statusCode).toBe(401);
    } finally {
      harness.clock.advance(-(harness.config.security.streamTokenTtlMs + 2_000));
    }
  });

  it('a download token exports its report once, and only once', async () => {
    const { url } = await mint('download');
    const first = await harness.server.inject(`${url}&format=md`);
    expect(first.statusCode).toBe(200);
    expect(first.headers['content-disposition']).toMatch(/^attachment;/);
    expect((await harness.server.inject(`${url}&format=md`)).statusCode).toBe(401);
  });

  it('a download token is refused on the report\'s other routes and on a run\'s events', async () => {
    const { token } = await mint('download');
    expect((await harness.as(token, `/v1/reports/${local().reportId}`)).statusCode).toBe(401);
    expect((await harness.server.inject(`/v1/runs/${local().runId}/events?token=${encodeURIComponent(token)}`)).statusCode).toBe(401);
    expect((await harness.as(token, { method: 'DELETE', url: `/v1/reports/${local().reportId}` })).statusCode).toBe(401);
  });

  it('a removed member\'s outstanding tokens stop working', async () => {
    const owner = local().members.owner.key;
    const added = await harness.as(owner, { method: 'POST', url: '/v1/users', payload: { email: 'temp@local.test', role: 'viewer' } });
    const userId = (added.json() as { userId: string }).userId;
    const temporary = await createKey(harness.app.security, cliActor('local', 'test'), { name: 'temp', scopes: ['*'], userId });
    const minted = await harness.as(temporary.key, { method: 'POST', url: `/v1/runs/${local().runId}/stream-token` });
    const url = (minted.json() as { url: string }).url;
    expect((await harness.server.inject(url)).statusCode).toBe(200);
    await harness.as(owner, { method: 'DELETE', url: `/v1/users/${userId}` });
    expect((await harness.server.inject(url)).statusCode).toBe(401);
    expect((await harness.as(temporary.key, '/v1/auth/me')).statusCode).toBe(401);
  });
});
