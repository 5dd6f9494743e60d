/**
 * Tests of the JSON Schema instance generator through the server's public HTTP surface, as a
 * suite that `stub-server.test.ts` runs. Hand-written schemas cover the keywords Zod does not
 * emit ($defs recursion, prefixItems, allOf, exclusive bounds); Zod's own converter validates.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startStubServer } from '../stub-server.js';
import type { StubServer } from '../stub-server.js';
import { citedIds, forcesSchema, postChat } from './test-fixtures.js';

type JsonSchemaDocument = Exclude<Parameters<typeof z.fromJSONSchema>[0], boolean>;

const modernSchema: JsonSchemaDocument = {
  type: 'object',
  $defs: {
    code: { type: 'string', pattern: '^[A-Z]{3}-\\d{4}$' },
    node: {
      type: 'object',
      properties: { label: { type: 'string', maxLength: 40 }, children: { type: 'array', items: { $ref: '#/$defs/node' } } },
      required: ['label'],
    },
  },
  properties: {
    tree: { $ref: '#/$defs/node' },
    code: { $ref: '#/$defs/code' },
    choice: { anyOf: [{ type: 'null' }, { type: 'integer', minimum: 10, maximum: 20 }] },
    kind: { oneOf: [{ const: 'alpha' }, { const: 'beta' }] },
    pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'boolean' }], minItems: 2, maxItems: 2 },
    ratio: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1, multipleOf: 0.05 },
    merged: { allOf: [{ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, { properties: { b: { type: 'number' } }, required: ['b'] }] },
    shortNote: { type: ['string', 'null'], minLength: 3, maxLength: 12 },
    longNote: { type: 'string', minLength: 300 },
    tags: { type: 'array', items: { enum: ['growth', 'risk', 'cost'] }, uniqueItems: true, minItems: 3 },
    counts: { type: 'object', propertyNames: { pattern: '^[a-z]+$' }, additionalProperties: { type: 'integer', minimum: 0 }, minProperties: 2 },
    count: { type: 'integer', minimum: -9007199254740991, maximum: 9007199254740991 },
    publishedAt: { type: 'string', format: 'date-time' },
    contact: { type: 'string', format: 'email' },
    reference: { type: 'string', format: 'uuid' },
    sourceUrl: { type: 'string', format: 'uri' },
  },
  required: ['tree', 'code', 'choice', 'kind', 'pair', 'ratio', 'merged', 'shortNote', 'longNote', 'tags', 'counts', 'count', 'publishedAt', 'contact', 'reference', 'sourceUrl'],
  additionalProperties: false,
};

const draftSevenSchema: JsonSchemaDocument = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  definitions: { ticker: { type: 'string', pattern: '^[A-Z]{2,4}$' } },
  properties: {
    ticker: { $ref: '#/definitions/ticker' },
    row: { type: 'array', items: [{ type: 'string' }, { type: 'number', minimum: 5, exclusiveMaximum: 6 }], additionalItems: false },
    level: { type: 'string', enum: ['low', 'medium', 'high'] },
  },
  required: ['ticker', 'row', 'level'],
};

async function structuredContent(server: StubServer, schema: object, prompt = 'Assess Acme Robotics.'): Promise<unknown> {
  const response = await postChat(server.baseUrl, {
    messages: [{ role: 'user', content: prompt }],
    response_format: { type: 'json_schema', json_schema: { name: 'response', schema } },
  });
  const body = (await response.json()) as { choices: { message: { content: string } }[] };
  return JSON.parse(body.choices[0]!.message.content) as unknown;
}

async function plainContent(server: StubServer, content: string, responseFormat?: object): Promise<string> {
  const response = await postChat(server.baseUrl, { messages: [{ role: 'user', content }], ...(responseFormat ? { response_format: responseFormat } : {}) });
  const body = (await response.json()) as { choices: { message: { content: string } }[] };
  return body.choices[0]!.message.content;
}

export function describeSchemaInstances(): void {
  let server: StubServer;

  beforeAll(async () => {
    server = await startStubServer();
  });

  afterAll(async () => {
    await server.close();
  });

  describe('JSON Schema instances', () => {
    it('satisfies $defs recursion, patterns, unions, tuples, bounds, lengths, records and formats', async () => {
      const value = (await structuredContent(server, modernSchema)) as Record<string, unknown>;

      const result = z.fromJSONSchema(modernSchema).safeParse(value);
      expect(result.error?.issues ?? []).toEqual([]);
      // "First viable branch" should prefer a real value over the null branch listed first.
      expect(typeof value.choice).toBe('number');
    });

    it('satisfies draft-07 definitions and array-form tuples', async () => {
      const value = await structuredContent(server, draftSevenSchema);

      const result = z.fromJSONSchema(draftSevenSchema).safeParse(value);
      expect(result.error?.issues ?? []).toEqual([]);
    });

    it('answers a plain request with JSON when the prompt carries a schema', async () => {
      const schema = z.toJSONSchema(forcesSchema);
      const content = await plainContent(server, `Assess Acme Robotics. Reply with JSON matching ${JSON.stringify(schema)}`);

      expect(forcesSchema.safeParse(JSON.parse(content)).success).toBe(true);
    });

    it('answers json_object without any schema with a generic cited object', async () => {
      const content = await plainContent(server, 'Summarize ev_0123456789abcdef as JSON.', { type: 'json_object' });

      expect(JSON.parse(content)).toMatchObject({ answer: expect.any(String), evidenceIds: ['ev_0123456789abcdef'] });
    });

    it('cites 1–3 ids per evidence array, only from the prompt, for any set of ids', async () => {
      const schema = z.toJSONSchema(forcesSchema);
      const hexId = fc.stringMatching(/^[0-9a-f]{16}$/).map((hex) => `ev_${hex}`);
      await fc.assert(
        fc.asyncProperty(fc.uniqueArray(hexId, { maxLength: 6 }), fc.lorem({ maxCount: 12 }), async (ids, filler) => {
          const prompt = `Assess Acme Robotics. ${filler}\n${ids.map((id, index) => `[${id}] fact number ${index}`).join('\n')}`;
          const value = (await structuredContent(server, schema, prompt)) as z.infer<typeof forcesSchema>;

          for (const id of citedIds(value)) expect(ids).toContain(id);
          for (const force of value.forces) {
            if (ids.length === 0) expect(force.evidenceIds).toEqual([]);
            else expect(force.evidenceIds.length).toSatisfy((length: number) => length >= 1 && length <= 3);
            expect(new Set(force.evidenceIds).size).toBe(force.evidenceIds.length);
          }
        }),
        { numRuns: 30 },
      );
    });
  });
}
