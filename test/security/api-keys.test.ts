import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SecurityHarness, securityHarness, capturingLogger } from './security-harness.js';

const HOUR_MS = 3_600_000;

describe('API keys: expiry, revocation, rotation, where they are accepted', () => {
  let harness: SecurityHarness;
  const capture = capturingLogger();
  const logLines = capture.lines;
  beforeAll(async () => {
    harness = await securityHarness({ worker: false, loggerInstance: capture.logger });
  }, 60_000);
  afterAll(async () => {
    await harness.dispose();
  });

  const owner = () => harness.tenants.local.members.owner.key;
  const createKey = async (payload: object) => {
    const response = await harness.as(owner(), { method: 'POST', url: '/v1/keys', payload });
    expect(response.statusCode).toBe(201);
    return response.json() as { key: string; apiKey: { id: string; prefix: string; status: string } };
  };

  it('shows a new key once, with a visible prefix, and never again', async () => {
    const created = await createKey({ name: 'shown once' });
    expect(created.key).toMatch(/^cos_[0-9A-Z]{26}_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.apiKey.prefix)).toBe(true);
    const listing = await harness.as(owner(), '/v1/keys');
    expect(listing.body).not.toContain(created.key.slice(created.apiKey.prefix.length + 1));
    expect(listing.body).toContain(created.apiKey.prefix);
    expect(listing.headers['cache-control']).toBe('no-store');
  });

  it('accepts a key as Authorization: Bearer and as X-API-Key', async () => {
    const { key } = await createKey({ name: 'both headers' });
    expect((await harness.server.inject({ url: '/v1/auth/me', headers: { authorization: `Bearer ${key}` } })).statusCode).toBe(200);
    expect((await harness.server.inject({ url: '/v1/auth/me', headers: { 'x-api-key': key } })).statusCode).toBe(200);
  });

  it.each([
    ['two different credential headers', (key: string) => ({ authorization: `Bearer ${key}`, 'x-api-key': key }), 400],
    ['a Basic scheme', (key: string) => ({ authorization: `Basic ${Buffer.from(`user:${key}`).toString('base64')}` }), 401],
    ['a key with one character changed', (key: string) => ({ 'x-api-key': `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}` }), 401],
    ['a key id with a made-up secret', (key: string) => ({ 'x-api-key': `${key.slice(0, 31)}${'x'.repeat(43)}` }), 401],
    ['a truncated key', (key: string) => ({ 'x-api-key': key.slice(0, 40) }), 401],
    ['a 5 000-character header', () => ({ authorization: `Bearer cos_${'A'.repeat(5_000)}` }), 401],
  ])('refuses %s', async (_name, headers, status) => {
    const { key } = await createKey({ name: 'probe' });
    const response = await harness.server.inject({ url: '/v1/auth/me', headers: headers(key) });
    expect(response.statusCode).toBe(status);
    expect(response.body).not.toContain(key);
  });

  it.each([
    ['api_key', (key: string) => `/v1/runs?api_key=${key}`],
    ['apikey on a public route', (key: string) => `/healthz?apikey=${key}`],
    ['access_token', (key: string) => `/v1/reports?access_token=${key}`],
    ['a key under an innocent name', (key: string) => `/v1/reports?company=${key}`],
    ['a percent-encoded key', (key: string) => `/v1/runs?q=${encodeURIComponent(key).replace(/_/g, '%5F')}`],
    ['token outside the scoped routes', (key: string) => `/v1/runs?token=${key}`],
    ['a key as the events token', (key: string) => `/v1/runs/run_x/events?token=${key}`],
  ])('refuses a key in the query string (%s) with a clear 400 that never echoes it', async (_name, url) => {
    const { key } = await createKey({ name: 'leaked' });
    const response = await harness.server.inject({ url: url(key), headers: { 'x-api-key': key } });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'CREDENTIALS_IN_QUERY', status: 400 });
    expect(response.body).not.toContain(key);
    expect((response.json() as { instance: string }).instance).not.toContain('?');
  });

  it('never writes a key or any query string into the request logs', async () => {
    const { key } = await createKey({ name: 'logged?' });
    await harness.server.inject({ url: `/v1/runs?api_key=${key}` });
    await harness.server.inject({ url: '/v1/reports?company=secret-company-name', headers: { 'x-api-key': key } });
    const text = logLines.join('');
    expect(text).toContain('/v1/runs?[redacted]');
    expect(text).not.toContain(key);
    expect(text).not.toContain(key.slice(-43));
    expect(text).not.toContain('secret-company-name');
  });

  it('refuses an expired key', async () => {
    const { key } = await createKey({ name: 'short-lived', expiresInDays: 1 });
    expect((await harness.as(key, '/v1/auth/me')).statusCode).toBe(200);
    harness.clock.advance(25 * HOUR_MS);
    try {
      const response = await harness.as(key, '/v1/auth/me');
      expect(response.statusCode).toBe(401);
      expect(response.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
    } finally {
      harness.clock.advance(-25 * HOUR_MS);
    }
  });

  it('refuses a revoked key from the next request on', async () => {
    const { key, apiKey } = await createKey({ name: 'to revoke' });
    expect((await harness.as(key, '/v1/auth/me')).statusCode).toBe(200);
    const revoked = await harness.as(owner(), { method: 'DELETE', url: `/v1/keys/${apiKey.id}` });
    expect(revoked.statusCode).toBe(200);
    expect((revoked.json() as { status: string }).status).toBe('revoked');
    expect((await harness.as(key, '/v1/auth/me')).statusCode).toBe(401);
    expect((await harness.as(owner(), { method: 'DELETE', url: `/v1/keys/${apiKey.id}` })).statusCode).toBe(409);
  });

  it('keeps a rotated key valid during the overlap and refuses it after', async () => {
    const { key: oldKey, apiKey } = await createKey({ name: 'rotating' });
    const rotated = await harness.as(owner(), { method: 'POST', url: `/v1/keys/${apiKey.id}/rotate`, payload: { overlapSeconds: 3_600 } });
    expect(rotated.statusCode).toBe(201);
    const { key: newKey, previous } = rotated.json() as { key: string; previous: { id: string; expiresAt: string } };
    expect(previous.id).toBe(apiKey.id);
    expect(newKey).not.toBe(oldKey);
    expect((await harness.as(oldKey, '/v1/auth/me')).statusCode).toBe(200);
    expect((await harness.as(newKey, '/v1/auth/me')).statusCode).toBe(200);
    const listing = (await harness.as(owner(), '/v1/keys')).json() as { items: Array<{ id: string; status: string }> };
    expect(listing.items.find((key) => key.id === apiKey.id)?.status).toBe('rotating');
    // Rotating the old key again would fork the chain: refused.
    expect((await harness.as(owner(), { method: 'POST', url: `/v1/keys/${apiKey.id}/rotate`, payload: {} })).statusCode).toBe(409);
    harness.clock.advance(HOUR_MS + 1_000);
    try {
      expect((await harness.as(oldKey, '/v1/auth/me')).statusCode).toBe(401);
      expect((await harness.as(newKey, '/v1/auth/me')).statusCode).toBe(200);
    } finally {
      harness.clock.advance(-(HOUR_MS + 1_000));
    }
  });

  it("lets only a key's own user rotate it, and only owners revoke an owner's key", async () => {
    const admin = harness.tenants.local.members.admin.key;
    const analyst = harness.tenants.local.members.analyst.key;
    const { key: ownerKey, apiKey: ownerApiKey } = await createKey({ name: 'owner deploy key' });
    const analystCreated = await harness.as(analyst, { method: 'POST', url: '/v1/keys', payload: { name: 'analyst laptop' } });
    expect(analystCreated.statusCode).toBe(201);
    const analystKey = analystCreated.json() as { key: string; apiKey: { id: string } };

    // An admin may list and revoke keys, but rotating someone else's would hand it their identity.
    for (const id of [ownerApiKey.id, analystKey.apiKey.id]) {
      const refused = await harness.as(admin, { method: 'POST', url: `/v1/keys/${id}/rotate`, payload: { overlapSeconds: 0 } });
      expect(refused.statusCode).toBe(403);
      expect(refused.body).not.toMatch(/cos_[A-Za-z0-9]/);
    }
    expect((await harness.as(ownerKey, '/v1/auth/me')).statusCode).toBe(200);
    expect((await harness.as(admin, { method: 'DELETE', url: `/v1/keys/${ownerApiKey.id}` })).statusCode).toBe(403);
    expect((await harness.as(ownerKey, '/v1/auth/me')).statusCode).toBe(200);

    // The analyst rotates their own key; the admin may revoke the successor.
    const rotated = await harness.as(analyst, { method: 'POST', url: `/v1/keys/${analystKey.apiKey.id}/rotate`, payload: { overlapSeconds: 0 } });
    expect(rotated.statusCode).toBe(201);
    const successor = rotated.json() as { key: string; apiKey: { id: string } };
    expect(((await harness.as(successor.key, '/v1/auth/me')).json() as { role: string }).role).toBe('analyst');
    expect((await harness.as(admin, { method: 'DELETE', url: `/v1/keys/${successor.apiKey.id}` })).statusCode).toBe(200);
    expect((await harness.as(successor.key, '/v1/auth/me')).statusCode).toBe(401);
  });

  it('a narrowed key cannot rotate a broader key of the same user into its hands', async () => {
    const { key: fullKey, apiKey: full } = await createKey({ name: 'full scope' });
    const { key: narrow, apiKey: narrowed } = await createKey({ name: 'narrow', scopes: ['reports:read', 'keys:own'] });
    const refused = await harness.as(narrow, { method: 'POST', url: `/v1/keys/${full.id}/rotate`, payload: { overlapSeconds: 0 } });
    expect(refused.statusCode).toBe(403);
    expect((await harness.as(fullKey, '/v1/auth/me')).statusCode).toBe(200);
    // It may rotate itself: the successor has exactly its scopes.
    const self = await harness.as(narrow, { method: 'POST', url: `/v1/keys/${narrowed.id}/rotate`, payload: { overlapSeconds: 0 } });
    expect(self.statusCode).toBe(201);
    expect((self.json() as { apiKey: { scopes: string[] } }).apiKey.scopes).toEqual(['keys:own', 'reports:read']);
  });

  it('a rotation with no overlap stops the old key at once', async () => {
    const { key: oldKey, apiKey } = await createKey({ name: 'hard rotation' });
    const rotated = await harness.as(owner(), { method: 'POST', url: `/v1/keys/${apiKey.id}/rotate`, payload: { overlapSeconds: 0 } });
    expect(rotated.statusCode).toBe(201);
    expect((await harness.as(oldKey, '/v1/auth/me')).statusCode).toBe(401);
  });

  it('records when a key was last used', async () => {
    const { key, apiKey } = await createKey({ name: 'used' });
    await harness.as(key, '/v1/auth/me');
    const listing = (await harness.as(owner(), '/v1/keys')).json() as { items: Array<{ id: string; lastUsedAt: string | null }> };
    expect(listing.items.find((item) => item.id === apiKey.id)?.lastUsedAt).not.toBeNull();
  });

  it('a disabled tenant\'s keys stop working', async () => {
    const rivalKey = harness.tenants.rival.members.viewer.key;
    expect((await harness.as(rivalKey, '/v1/auth/me')).statusCode).toBe(200);
    await harness.app.security.identities.updateTenant('rival', { disabledAt: new Date().toISOString() });
    try {
      expect((await harness.as(rivalKey, '/v1/auth/me')).statusCode).toBe(401);
    } finally {
      await harness.app.security.identities.updateTenant('rival', { disabledAt: null });
    }
  });
});
