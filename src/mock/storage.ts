import type { Hono } from 'hono';
import type { AppContext, AppEnv, MockContext } from './context';
import { fromHex, hmacVerify, hmacSha256, toHex } from './crypto';
import { readUpTo } from './http';

/**
 * Presigned object storage served by the mock itself, standing in for the
 * vendor's Cloudflare R2 bucket (docs/portal-api.md#attachments).
 *
 * URLs live under `/__storage/<key>` on the origin of the API request that
 * produced them, so they work over HTTP and inside MSW alike. The query
 * carries the method, content type, size limit, expiry and an HMAC over all
 * of them. Like S3/R2, storage errors are XML, not the API's JSON, and the
 * bucket's CORS is permissive (any origin), independent of `portalOrigins`.
 */

export const STORAGE_PREFIX = '/__storage/';

interface SignInput {
  method: 'PUT' | 'GET';
  key: string;
  contentType: string;
  /** PUT only: the declared size, the most the upload may carry. */
  size?: number;
  /** Epoch ms. */
  expiresAt: number;
}

const stringToSign = (method: string, key: string, contentType: string, size: string, expires: string) =>
  `${method}\n${key}\n${contentType}\n${size}\n${expires}`;

/**
 * When a presigned URL issued now stops working, in epoch ms. Whole seconds:
 * the signature carries seconds, and the `expiresAt` sent with the URL must
 * not promise a fraction of a second the URL will not honour.
 */
export const storageUrlExpiry = (ctx: MockContext): number =>
  Math.floor((ctx.now() + ctx.options.urlTtlSeconds * 1000) / 1000) * 1000;

export async function signStorageUrl(ctx: MockContext, origin: string, input: SignInput): Promise<string> {
  const expires = String(Math.floor(input.expiresAt / 1000));
  const size = input.size === undefined ? '' : String(input.size);
  const signature = toHex(
    await hmacSha256(ctx.options.storageSecret, stringToSign(input.method, input.key, input.contentType, size, expires)),
  );
  const params = new URLSearchParams({ 'X-Mock-Method': input.method, 'X-Mock-Content-Type': input.contentType });
  if (size) params.set('X-Mock-Size', size);
  params.set('X-Mock-Expires', expires);
  params.set('X-Mock-Signature', signature);
  return `${origin}${STORAGE_PREFIX}${input.key}?${params.toString()}`;
}

const xmlEscape = (s: string) => s.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function storageError(status: number, code: string, message: string): Response {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`;
  return new Response(body, { status, headers: { 'content-type': 'application/xml' } });
}

export function injectedStorageFailure(status: number, message?: string): Response {
  return storageError(status, 'InjectedFailure', message ?? 'Injected storage failure.');
}

/** Served inline; everything else is `Content-Disposition: attachment`. */
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);
const mediaType = (contentType: string) => (contentType.split(';')[0] ?? '').trim().toLowerCase();

async function handle(ctx: MockContext, c: AppContext): Promise<Response> {
  const url = new URL(c.req.url);
  const key = url.pathname.slice(STORAGE_PREFIX.length);
  const q = url.searchParams;
  const signedMethod = q.get('X-Mock-Method');
  const contentType = q.get('X-Mock-Content-Type');
  const expires = q.get('X-Mock-Expires');
  const signatureHex = q.get('X-Mock-Signature');
  const size = q.get('X-Mock-Size') ?? '';
  const hasAuthorization = c.req.header('authorization') !== undefined;

  if (!signedMethod || contentType === null || !expires || !signatureHex) {
    // A bearer token is no substitute for the signature.
    return storageError(403, 'AccessDenied', hasAuthorization ? 'Authorization headers are not accepted: use the presigned URL.' : 'Missing presigned-URL signature.');
  }
  if (hasAuthorization) {
    // S3/R2 refuse a request that carries both a presigned query and an Authorization header.
    return storageError(400, 'InvalidArgument', 'Only one auth mechanism allowed: do not send an Authorization header with a presigned URL.');
  }
  const method = c.req.method === 'HEAD' ? 'GET' : c.req.method;
  const signature = fromHex(signatureHex);
  const valid =
    signature !== null &&
    signedMethod === method &&
    (await hmacVerify(ctx.options.storageSecret, stringToSign(signedMethod, key, contentType, size, expires), signature));
  if (!valid) return storageError(403, 'SignatureDoesNotMatch', 'The request signature does not match (tampered URL or wrong method).');
  if (Number(expires) * 1000 <= ctx.now()) return storageError(403, 'AccessDenied', 'Request has expired.');

  if (method === 'PUT') {
    const sent = (c.req.header('content-type') ?? '').trim();
    if (sent.toLowerCase() !== contentType.trim().toLowerCase()) {
      return storageError(
        403,
        'SignatureDoesNotMatch',
        `Content-Type "${sent}" does not match the signed content type "${contentType}". Send the contentType declared at initiate.`,
      );
    }
    const max = Number(size);
    const bytes = await readUpTo(c.req.raw, max, ctx.faults.storageBandwidthFor(new URL(c.req.url).pathname));
    if (bytes === 'too-large') return storageError(400, 'EntityTooLarge', `The upload is larger than the declared size of ${max} bytes.`);
    ctx.store.objects.set(key, { bytes, contentType, uploadedAt: ctx.now() });
    return new Response(null, { status: 200, headers: { etag: `"${bytes.byteLength.toString(16)}-${ctx.now().toString(16)}"` } });
  }

  const object = ctx.store.objects.get(key);
  if (!object) return storageError(404, 'NoSuchKey', 'The specified key does not exist.');
  let filename = key.slice(key.lastIndexOf('/') + 1);
  try {
    filename = decodeURIComponent(filename);
  } catch {
    // keep it encoded
  }
  // Uploads are customer-controlled bytes on the mock's origin: only raster
  // images (which run no script) open in the browser; SVG, HTML, PDF and the
  // rest download. nosniff stops a browser second-guessing the type, and the
  // sandbox keeps anything that does render in an opaque origin without script.
  const disposition = INLINE_TYPES.has(mediaType(object.contentType)) ? 'inline' : 'attachment';
  return new Response(c.req.method === 'HEAD' ? null : (object.bytes as Uint8Array<ArrayBuffer>), {
    status: 200,
    headers: {
      'content-type': object.contentType,
      'content-length': String(object.bytes.byteLength),
      'content-disposition': `${disposition}; filename*=UTF-8''${encodeURIComponent(filename)}`,
      'x-content-type-options': 'nosniff',
      'content-security-policy': 'sandbox',
      'cache-control': 'private, max-age=900',
    },
  });
}

export function registerStorageRoutes(app: Hono<AppEnv>, ctx: MockContext): void {
  app.on(['GET', 'HEAD', 'PUT'], `${STORAGE_PREFIX}*`, (c) => handle(ctx, c));
}
