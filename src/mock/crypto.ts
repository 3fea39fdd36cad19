/**
 * Web Crypto helpers (HMAC, HS256 JWT, base64url, random ids).
 *
 * The `./mock` entry must run in browsers and in Node, so this file uses only
 * `globalThis.crypto` (Node 20 has it) and `btoa`/`atob`: no `node:` imports.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function bytesToBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Throws on anything that is not base64url. */
export function base64UrlToBytes(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const encodeJsonBase64Url = (value: unknown): string => bytesToBase64Url(encoder.encode(JSON.stringify(value)));

export function decodeJsonBase64Url(text: string): unknown {
  return JSON.parse(decoder.decode(base64UrlToBytes(text)));
}

const keyCache = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
    keyCache.set(secret, key);
  }
  return key;
}

export async function hmacSha256(secret: string, data: string): Promise<Uint8Array> {
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(data));
  return new Uint8Array(signature);
}

export async function hmacVerify(secret: string, data: string, signature: Uint8Array): Promise<boolean> {
  // crypto.subtle.verify compares in constant time.
  return crypto.subtle.verify('HMAC', await hmacKey(secret), signature as Uint8Array<ArrayBuffer>, encoder.encode(data));
}

export const toHex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export function fromHex(text: string): Uint8Array | null {
  if (!/^(?:[0-9a-f]{2})*$/i.test(text)) return null;
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** A random id with a type prefix, e.g. `tkt_4fZ0q...`, shaped like the vendor's. */
export function randomId(prefix: string, length = 20): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let id = '';
  for (const b of bytes) id += ALPHABET[b % ALPHABET.length];
  return `${prefix}_${id}`;
}

export const randomToken = (bytes = 32): string => bytesToBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));

// ---------------------------------------------------------------------------
// HS256 JWT
// ---------------------------------------------------------------------------

const JWT_HEADER = encodeJsonBase64Url({ alg: 'HS256', typ: 'JWT' });

export async function signJwt(payload: Record<string, unknown>, secret: string): Promise<string> {
  const body = `${JWT_HEADER}.${encodeJsonBase64Url(payload)}`;
  return `${body}.${bytesToBase64Url(await hmacSha256(secret, body))}`;
}

export type JwtResult =
  | { status: 'valid'; payload: Record<string, unknown> }
  | { status: 'malformed' }
  | { status: 'bad-signature' };

/** Checks structure, algorithm and signature only; claims are the caller's job. */
export async function verifyJwt(token: string, secret: string): Promise<JwtResult> {
  const parts = token.split('.');
  if (parts.length !== 3) return { status: 'malformed' };
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: unknown;
  let payload: unknown;
  let signature: Uint8Array;
  try {
    header = decodeJsonBase64Url(headerPart);
    payload = decodeJsonBase64Url(payloadPart);
    signature = base64UrlToBytes(signaturePart);
  } catch {
    return { status: 'malformed' };
  }
  if (!isRecord(header) || !isRecord(payload)) return { status: 'malformed' };
  // Refuse `alg: none` and friends instead of trusting the header.
  if (header.alg !== 'HS256') return { status: 'bad-signature' };
  const ok = await hmacVerify(secret, `${headerPart}.${payloadPart}`, signature);
  return ok ? { status: 'valid', payload } : { status: 'bad-signature' };
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
