import { SignJWT, errors, jwtVerify, type JWTPayload } from 'jose';

/**
 * Everything the gateway signs is a JWT (HS256, via `jose`): portal tokens,
 * magic links, list cursors, upload and download URLs. Each purpose gets its
 * own key derived from the secret, so a value signed for one purpose can never
 * pass as another (a cursor as a token, a download URL as an upload URL).
 */
export type Purpose = 'portal' | 'magic' | 'cursor' | 'upload' | 'download';

export type Verified = { ok: true; claims: JWTPayload & Record<string, unknown> } | { ok: false; reason: 'expired' | 'invalid' };

export interface Signer {
  sign(purpose: Purpose, claims: Record<string, unknown>, ttlSeconds: number, options?: { subject?: string; jti?: string }): Promise<string>;
  verify(purpose: Purpose, token: string): Promise<Verified>;
}

const ISSUER = 'dispatchtickets-gateway';
const enc = new TextEncoder();

/** The purpose's key, imported once: re-importing raw bytes on every verify costs more than the HMAC itself. */
async function derive(secret: string, purpose: Purpose): Promise<CryptoKey> {
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const bytes = new Uint8Array(await crypto.subtle.sign('HMAC', key, enc.encode(`dt-gateway:${purpose}`)));
  return crypto.subtle.importKey('raw', bytes, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
}

/**
 * `secrets[0]` signs; every entry verifies (rotation: put the new secret
 * first, drop the old one once its tokens have expired, an hour later).
 * `tenant` is bound into every value, so gateways of two tenants sharing a
 * secret still refuse each other's tokens.
 */
export function createSigner(secrets: string[], tenant: string, now: () => number): Signer {
  const cache = new Map<string, Promise<CryptoKey>>();
  const verified = new Map<string, { purpose: Purpose; claims: JWTPayload & Record<string, unknown> }>();
  const keyFor = (secret: string, purpose: Purpose) => {
    const id = `${purpose}\n${secret}`;
    let k = cache.get(id);
    if (!k) cache.set(id, (k = derive(secret, purpose)));
    return k;
  };
  return {
    async sign(purpose, claims, ttlSeconds, options = {}) {
      const iat = Math.floor(now() / 1000);
      const jwt = new SignJWT({ ...claims, tid: tenant })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuer(ISSUER)
        .setAudience(purpose)
        .setIssuedAt(iat)
        .setExpirationTime(iat + ttlSeconds);
      if (options.subject) jwt.setSubject(options.subject);
      if (options.jti) jwt.setJti(options.jti);
      return jwt.sign(await keyFor(secrets[0] as string, purpose));
    },
    async verify(purpose, token) {
      if (typeof token !== 'string' || token.length > 8192) return { ok: false, reason: 'invalid' };
      const hit = verified.get(token);
      if (hit && hit.purpose === purpose) {
        if ((hit.claims.exp as number) * 1000 > now()) return { ok: true, claims: hit.claims };
        verified.delete(token);
      }
      for (const secret of secrets) {
        try {
          const { payload } = await jwtVerify(token, await keyFor(secret, purpose), {
            // Pinned: `none`, RS256-with-the-secret-as-key and every other switch are refused.
            algorithms: ['HS256'],
            issuer: ISSUER,
            audience: purpose,
            requiredClaims: ['exp', 'iat'],
            currentDate: new Date(now()),
            clockTolerance: 5,
          });
          if (payload.tid !== tenant) return { ok: false, reason: 'invalid' };
          const claims = payload as JWTPayload & Record<string, unknown>;
          // Every request carries the same token for an hour: verify its bytes once (a Web Crypto
          // round trip each time is most of a request's cost). Same bytes, same answer; bounded.
          if (purpose === 'portal') {
            verified.set(token, { purpose, claims });
            if (verified.size > 10_000) verified.delete(verified.keys().next().value as string);
          }
          return { ok: true, claims };
        } catch (e) {
          // A valid signature that has expired: no other secret will do better.
          if (e instanceof errors.JWTExpired) return { ok: false, reason: 'expired' };
          if (e instanceof errors.JWSSignatureVerificationFailed) continue;
          return { ok: false, reason: 'invalid' };
        }
      }
      return { ok: false, reason: 'invalid' };
    },
  };
}
