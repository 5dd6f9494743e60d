import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../auth/actor.js';
import { AddMemberBody, ChangeRoleBody, MemberView, ResourceIdParams } from '../../auth/api-schemas.js';
import { addMember, changeRole, listMembers, removeMember } from '../../auth/member-service.js';
import type { Member } from '../../auth/model.js';
import type { ApiContext } from '../context.js';
import { originOf } from '../plugins/authentication.js';
import { Problem } from '../problem.js';

function presentMember(member: Member) {
  return { userId: member.userId, email: member.email, name: member.name, role: member.role, createdAt: member.createdAt, updatedAt: member.updatedAt, disabled: member.disabledAt !== null };
}

/** Members of the caller's tenant and their roles (admins and owners). */
export function userRoutes(server: FastifyInstance, context: ApiContext): void {
  const routes = server.withTypeProvider<ZodTypeProvider>();
  const services = context.app.security;

  routes.get('/v1/users', {
    schema: { summary: 'Members of this tenant', tags: ['users'], response: { 200: z.object({ items: z.array(MemberView) }), 403: Problem } },
    handler: async (request) => {
      const { principal } = context.scopeOf(request);
      return { items: (await listMembers(services, actorOf(principal, originOf(request)))).map(presentMember) };
    },
  });

  routes.post('/v1/users', {
    schema: {
      summary: 'Add a member (creating the user if the email is new)',
      description: 'Admins may add admins, analysts and viewers; only owners add owners.',
      tags: ['users'],
      body: AddMemberBody,
      response: { 201: MemberView, 400: Problem, 403: Problem, 409: Problem },
    },
    handler: async (request, reply) => {
      const { principal } = context.scopeOf(request);
      const { email, name, role, password } = request.body;
      const member = await addMember(services, actorOf(principal, originOf(request)), { email, role, ...(name ? { name } : {}), ...(password !== undefined ? { password } : {}) });
      return reply.code(201).send(presentMember(member));
    },
  });

  routes.patch('/v1/users/:id', {
    schema: { summary: "Change a member's role", tags: ['users'], params: ResourceIdParams, body: ChangeRoleBody, response: { 200: MemberView, 400: Problem, 403: Problem, 404: Problem, 409: Problem } },
    handler: async (request) => {
      const { principal } = context.scopeOf(request);
      await changeRole(services, actorOf(principal, originOf(request)), request.params.id, request.body.role);
      const member = (await services.identities.listMembers(principal.tenantId)).find((candidate) => candidate.userId === request.params.id)!;
      return presentMember(member);
    },
  });

  routes.delete('/v1/users/:id', {
    schema: { summary: 'Remove a member (their keys and sessions in this tenant are revoked)', tags: ['users'], params: ResourceIdParams, response: { 204: z.null().describe('Removed'), 400: Problem, 403: Problem, 404: Problem, 409: Problem } },
    handler: async (request, reply) => {
      const { principal } = context.scopeOf(request);
      await removeMember(services, actorOf(principal, originOf(request)), request.params.id);
      return reply.code(204).send(null);
    },
  });
}
