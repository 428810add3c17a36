/** HS256 JSON Web Tokens with node:crypto, and golang-jwt v5's error wording (GoTrue's parser). */
import { createHmac, timingSafeEqual } from 'node:crypto';

export type JwtClaims = Record<string, unknown>;

const HEADER = { alg: 'HS256', typ: 'JWT' };

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

export function signJwt(claims: JwtClaims, secret: string): string {
  const signingInput = `${b64url(JSON.stringify(HEADER))}.${b64url(JSON.stringify(claims))}`;
  return `${signingInput}.${b64url(createHmac('sha256', secret).update(signingInput).digest())}`;
}

export type JwtVerification = { ok: true; claims: JwtClaims } | { ok: false; error: string };

function decodeSegment(segment: string): Buffer | undefined {
  // golang-jwt accepts unpadded base64url only (RawURLEncoding).
  if (!/^[A-Za-z0-9_-]*$/.test(segment) || segment.length % 4 === 1) return undefined;
  return Buffer.from(segment, 'base64url');
}

function decodeJsonSegment(segment: string): { ok: true; value: unknown } | { ok: false; what: 'base64' | 'json' } {
  const bytes = decodeSegment(segment);
  if (bytes === undefined) return { ok: false, what: 'base64' };
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch {
    return { ok: false, what: 'json' };
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Verifies signature and time claims. Messages follow golang-jwt v5 (what GoTrue reports). */
export function verifyJwt(token: string, secret: string, nowSeconds: number): JwtVerification {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, error: 'token is malformed: token contains an invalid number of segments' };
  const [headerPart, claimsPart, signaturePart] = parts as [string, string, string];
  const header = decodeJsonSegment(headerPart);
  if (!header.ok) return { ok: false, error: `token is malformed: could not ${header.what === 'base64' ? 'base64' : 'JSON'} decode header` };
  const claims = decodeJsonSegment(claimsPart);
  if (!claims.ok) return { ok: false, error: `token is malformed: could not ${claims.what === 'base64' ? 'base64' : 'JSON'} decode claim` };
  if (!isObject(header.value) || !isObject(claims.value)) return { ok: false, error: 'token is malformed: could not JSON decode claim' };
  const alg = header.value.alg;
  if (alg !== 'HS256') return { ok: false, error: `token signature is invalid: signing method ${String(alg)} is invalid` };
  const signature = decodeSegment(signaturePart);
  if (signature === undefined) return { ok: false, error: 'token is malformed: could not base64 decode signature' };
  const expected = createHmac('sha256', secret).update(`${headerPart}.${claimsPart}`).digest();
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) {
    return { ok: false, error: 'token signature is invalid: signature is invalid' };
  }
  const { exp, nbf } = claims.value;
  if (exp !== undefined && (typeof exp !== 'number' || nowSeconds >= exp)) {
    return { ok: false, error: 'token has invalid claims: token is expired' };
  }
  if (nbf !== undefined && (typeof nbf !== 'number' || nowSeconds < nbf)) {
    return { ok: false, error: 'token has invalid claims: token is not valid yet' };
  }
  return { ok: true, claims: claims.value };
}
