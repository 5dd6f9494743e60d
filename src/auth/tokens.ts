import type * as Jose from 'jose';
import { deriveKey } from './secrets.js';

/** Loaded on first use: CLI commands that never touch a token do not pay for it at start. */
let joseModule: Promise<typeof Jose> | undefined;
const loadJose = (): Promise<typeof Jose> => (joseModule ??= import('jose'));

export const TOKEN_ISSUER = 'consultantos';

/**
 * Every token kind has its own audience and its own derived key, so a stream token can never be
 * replayed as an access token (and so on), even if the audience check were forgotten somewhere.
 */
export const AUDIENCES = {
  access: 'consultantos:access',
  runEvents: 'consultantos:run-events',
  reportDownload: 'consultantos:report-download',
} as const;
export type TokenKind = keyof typeof AUDIENCES;

export interface TokenClaims {
  /** The user. */
  sub: string;
  /** The tenant. */
  tid: string;
  /** Session id (access tokens) or resource id (run or report, for scoped tokens). */
  ref: string;
  jti?: string;
}

export interface VerifiedToken extends TokenClaims {
  exp: number;
}

/** Tokens longer than this are refused before any parsing. */
export const MAX_TOKEN_LENGTH = 2_048;

export class TokenService {
  private readonly keys: Record<TokenKind, Uint8Array>;

  constructor(
    secret: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.keys = { access: deriveKey(secret, 'token:access'), runEvents: deriveKey(secret, 'token:run-events'), reportDownload: deriveKey(secret, 'token:report-download') };
  }

  async sign(kind: TokenKind, claims: TokenClaims, ttlMs: number): Promise<{ token: string; expiresAt: string }> {
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const expiresAt = issuedAt + Math.max(1, Math.floor(ttlMs / 1000));
    const { SignJWT } = await loadJose();
    const builder = new SignJWT({ tid: claims.tid, ref: claims.ref })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(AUDIENCES[kind])
      .setSubject(claims.sub)
      .setIssuedAt(issuedAt)
      .setExpirationTime(expiresAt);
    if (claims.jti) builder.setJti(claims.jti);
    return { token: await builder.sign(this.keys[kind]), expiresAt: new Date(expiresAt * 1000).toISOString() };
  }

  /**
   * Verifies signature (HS256 only: `alg: none` and every other algorithm are refused),
   * issuer, audience and expiry. `undefined` for anything invalid; callers answer 401 without
   * saying which check failed.
   */
  async verify(kind: TokenKind, token: string): Promise<VerifiedToken | undefined> {
    if (token.length > MAX_TOKEN_LENGTH) return undefined;
    const { errors: joseErrors, jwtVerify } = await loadJose();
    try {
      const { payload } = await jwtVerify(token, this.keys[kind], {
        algorithms: ['HS256'],
        issuer: TOKEN_ISSUER,
        audience: AUDIENCES[kind],
        currentDate: this.now(),
        requiredClaims: ['sub', 'exp', 'iat'],
      });
      if (typeof payload.sub !== 'string' || typeof payload.tid !== 'string' || typeof payload.ref !== 'string' || typeof payload.exp !== 'number') return undefined;
      return { sub: payload.sub, tid: payload.tid, ref: payload.ref, exp: payload.exp, ...(typeof payload.jti === 'string' ? { jti: payload.jti } : {}) };
    } catch (error) {
      if (error instanceof joseErrors.JOSEError || error instanceof TypeError || error instanceof SyntaxError) return undefined;
      throw error;
    }
  }
}

/** Whether a bearer value is shaped like a JWT (three base64url parts); cheap, before verifying. */
export function looksLikeJwt(value: string): boolean {
  return value.length <= MAX_TOKEN_LENGTH && /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
}
