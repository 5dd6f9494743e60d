import type { FastifyRequest } from 'fastify';
import { API_KEY_ANYWHERE, looksLikeApiKey } from '../../auth/api-key-format.js';
import { SecurityError } from '../../auth/security-errors.js';
import type { RoutePolicy } from './route-policies.js';

/** Query parameters that would carry a credential. `token` is allowed only where a scoped token is. */
const CREDENTIAL_PARAMETERS = new Set(['api_key', 'apikey', 'api-key', 'key', 'x-api-key', 'access_token', 'refresh_token', 'authorization', 'auth', 'bearer', 'password', 'secret', 'session', 'jwt', 'token']);
/** Longer query strings are refused before any pattern runs over them. */
export const MAX_QUERY_LENGTH = 4_096;
/** Header credentials longer than this are refused before parsing. */
const MAX_CREDENTIAL_LENGTH = 4_096;

export type Credential =
  | { kind: 'api-key'; value: string }
  | { kind: 'bearer'; value: string }
  | { kind: 'cookie'; value: string }
  | { kind: 'scoped-query'; value: string };

export function queryStringOf(url: string): string {
  const index = url.indexOf('?');
  return index < 0 ? '' : url.slice(index + 1);
}

/**
 * Keys in URLs end up in proxy logs, browser history and Referer headers, so any request that
 * carries one in its query string is refused outright — even on public routes — and the
 * message never echoes it. The check runs on the raw query before Fastify's parser matters.
 */
export function refuseCredentialsInQuery(request: FastifyRequest, policy: RoutePolicy | undefined): void {
  const query = queryStringOf(request.url);
  if (query.length === 0) return;
  if (query.length > MAX_QUERY_LENGTH) throw new SecurityError('CREDENTIALS_IN_QUERY', `The query string is longer than ${MAX_QUERY_LENGTH} characters`);
  let decoded = query;
  try {
    decoded = decodeURIComponent(query.replace(/\+/g, ' '));
  } catch {
    // Malformed escapes: inspect the raw text instead.
  }
  if (API_KEY_ANYWHERE.test(query) || API_KEY_ANYWHERE.test(decoded)) {
    throw new SecurityError('CREDENTIALS_IN_QUERY', 'API keys are accepted only in the Authorization (Bearer) or X-API-Key header, never in the URL; revoke a key that was sent in a URL');
  }
  for (const pair of query.split('&')) {
    const rawName = pair.split('=')[0] ?? '';
    let name = rawName;
    try {
      name = decodeURIComponent(rawName);
    } catch {
      // keep the raw name
    }
    name = name.trim().toLowerCase();
    if (!CREDENTIAL_PARAMETERS.has(name)) continue;
    if (name === 'token' && policy?.scopedToken) continue;
    throw new SecurityError('CREDENTIALS_IN_QUERY', `Credentials are not accepted in the query string (parameter "${name}"); send them in the Authorization or X-API-Key header`);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new SecurityError('AMBIGUOUS_CREDENTIALS', 'Send one credential header, once');
  return value;
}

/**
 * The one credential of a request: `Authorization: Bearer`, `X-API-Key`, the scoped token of
 * this route's query, or the session cookie — in that order. Two header credentials at once are
 * refused instead of guessing which one was meant.
 */
export function credentialOf(request: FastifyRequest, policy: RoutePolicy, accessCookie: string): Credential | undefined {
  const authorization = headerValue(request.headers.authorization);
  const apiKey = headerValue(request.headers['x-api-key']);
  if (authorization !== undefined && apiKey !== undefined) throw new SecurityError('AMBIGUOUS_CREDENTIALS', 'Send either Authorization or X-API-Key, not both');
  if (authorization !== undefined) {
    if (authorization.length > MAX_CREDENTIAL_LENGTH) return { kind: 'bearer', value: '' };
    const match = /^Bearer[ ]+(\S+)\s*$/i.exec(authorization);
    if (!match) return { kind: 'bearer', value: '' };
    const value = match[1]!;
    return looksLikeApiKey(value) ? { kind: 'api-key', value } : { kind: 'bearer', value };
  }
  if (apiKey !== undefined) return { kind: 'api-key', value: apiKey.length > MAX_CREDENTIAL_LENGTH ? '' : apiKey.trim() };
  if (policy.scopedToken) {
    const token = (request.query as Record<string, unknown> | undefined)?.token;
    if (typeof token === 'string' && token.length > 0) return { kind: 'scoped-query', value: token };
  }
  const cookies = (request as FastifyRequest & { cookies?: Record<string, string | undefined> }).cookies;
  const cookie = cookies?.[accessCookie];
  if (typeof cookie === 'string' && cookie.length > 0) return { kind: 'cookie', value: cookie.length > MAX_CREDENTIAL_LENGTH ? '' : cookie };
  return undefined;
}
