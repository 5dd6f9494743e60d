import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth/actor.js';
import { ApiKeyView, CreateKeyBody, CreatedKeyView, ResourceIdParams, RotateKeyBody, presentKey } from '../../auth/api-schemas.js';
import { createKey, listKeys, revokeKey, rotateKey } from '../../auth/key-service.js';
import type { ApiContext } from '../context.js';
import { originOf } from '../plugins/authentication.js';
import { Problem } from '../problem.js';

/** API keys: members manage their own; admins and owners manage the tenant's. */
export function keyRoutes(server: FastifyInstance, context: ApiContext): void {
  const routes = server.withTypeProvider<ZodTypeProvider>();
  const services = context.app.security;
  const now = () => services.clock.now();

  routes.get('/v1/keys', {
    schema: { summary: 'API keys (yours; the whole tenant\'s for admins)', tags: ['keys'], response: { 200: z.object({ items: z.array(ApiKeyView) }), 401: Problem } },
    handler: async (request) => {
      const { principal } = context.scopeOf(request);
      const keys = await listKeys(services, actorOf(principal, originOf(request)));
      return { items: keys.map((key) => presentKey(key, now())) };
    },
  });

  routes.post('/v1/keys', {
    schema: {
      summary: 'Create an API key (the whole key is in the answer, once)',
      description: 'Scopes narrow what the key may do; they can never exceed your own permissions. `*` means everything your role allows.',
      tags: ['keys'],
      body: CreateKeyBody,
      response: { 201: CreatedKeyView, 400: Problem, 403: Problem },
    },
    handler: async (request, reply) => {
      const { principal } = context.scopeOf(request);
      const { name, scopes, expiresInDays } = request.body;
      const created = await createKey(services, actorOf(principal, originOf(request)), { name, scopes, ...(expiresInDays !== undefined ? { expiresInMs: expiresInDays * 86_400_000 } : {}) });
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ key: created.key, apiKey: presentKey(created.record, now()) });
    },
  });

  routes.post('/v1/keys/:id/rotate', {
    schema: {
      summary: 'Rotate a key: a successor now, the old key valid for the overlap, then refused',
      tags: ['keys'],
      params: ResourceIdParams,
      body: RotateKeyBody.nullish(),
      response: { 201: CreatedKeyView, 400: Problem, 404: Problem, 409: Problem },
    },
    handler: async (request, reply) => {
      const { principal } = context.scopeOf(request);
      const overlapSeconds = request.body?.overlapSeconds;
      const rotated = await rotateKey(services, actorOf(principal, originOf(request)), request.params.id, overlapSeconds !== undefined ? overlapSeconds * 1000 : undefined);
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ key: rotated.key, apiKey: presentKey(rotated.record, now()), previous: rotated.previous });
    },
  });

  routes.delete('/v1/keys/:id', {
    schema: { summary: 'Revoke a key (refused from the next request on)', tags: ['keys'], params: ResourceIdParams, response: { 200: ApiKeyView, 400: Problem, 404: Problem, 409: Problem } },
    handler: async (request) => {
      const { principal } = context.scopeOf(request);
      return presentKey(await revokeKey(services, actorOf(principal, originOf(request)), request.params.id), now());
    },
  });
}
