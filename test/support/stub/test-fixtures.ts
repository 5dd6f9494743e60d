/** Schemas and prompts shared by the stub server's tests. */
import { z } from 'zod';

export const promptEvidenceIds = ['ev_0123456789abcdef', 'ev_fedcba9876543210', 'ev_00112233445566aa'] as const;

export const analysisPrompt = [
  'Analyze Acme Robotics with the Five Forces framework. Cite evidence ids for every force.',
  `<evidence id="${promptEvidenceIds[0]}">Acme Robotics revenue in industrial automation rose 12% in 2024.</evidence>`,
  `<evidence id="${promptEvidenceIds[1]}">Servo motor suppliers consolidated; supplier pricing power is high.</evidence>`,
  `<evidence id="${promptEvidenceIds[2]}">Competitors FANUC and ABB expand collaborative robot portfolios.</evidence>`,
].join('\n');

/** A report-like schema: nested objects, cited items, enums and numeric bounds. */
export const forcesSchema = z.object({
  company: z.object({
    name: z.string().min(2).max(80),
    ticker: z.string().regex(/^[A-Z]{1,5}$/),
  }),
  forces: z
    .array(
      z.object({
        force: z.enum(['rivalry', 'suppliers', 'buyers', 'substitutes', 'new-entrants']),
        intensity: z.number().int().min(1).max(5),
        rationale: z.string().min(20).max(400),
        evidenceIds: z.array(z.string().regex(/^ev_[0-9a-f]{16}$/)).max(3),
      }),
    )
    .min(3)
    .max(5),
  synthesis: z.object({
    summary: z.string().min(10),
    confidence: z.number().min(0).max(1),
    keyFindings: z.array(z.object({ finding: z.string(), supportingEvidenceIds: z.array(z.string()) })).min(1),
  }),
  dataGaps: z.array(z.string()).optional(),
});

export type ForcesResult = z.infer<typeof forcesSchema>;

/** Every id cited anywhere in the object, wherever the evidence field sits. */
export function citedIds(value: unknown): string[] {
  const ids: string[] = [];
  const visit = (node: unknown, key: string | undefined): void => {
    if (Array.isArray(node)) {
      if (key !== undefined && /(^evidenceIds|EvidenceIds)$/.test(key)) ids.push(...node.filter((item): item is string => typeof item === 'string'));
      else node.forEach((item) => visit(item, key));
    } else if (typeof node === 'object' && node !== null) {
      for (const [childKey, child] of Object.entries(node)) visit(child, childKey);
    }
  };
  visit(value, undefined);
  return ids;
}

/** POSTs a chat request directly, for behaviour the SDK hides (headers, raw bodies). */
export async function postChat(baseUrl: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${baseUrl}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'stub-fast', ...body }),
  });
}
