import type { BackendAttachment, BackendCustomer, BackendDownload, StagedFile } from './backend';
import { BlobTooLargeError, type BlobStore } from './blobs';
import { GatewayError, invalid, isRecord, notFound, randomId, type FieldError } from './http';
import { consumeRate } from './limits';
import { wireAttachment } from './serialize';
import type { Signer } from './signing';
import type { GatewayStore } from './store';

/**
 * The gateway's own presigned uploads and downloads.
 *
 * Upload: initiate stores a pending record and hands out a short-lived signed
 * PUT URL on the gateway; the PUT streams into the blob store (capped at the
 * declared size); confirm marks it ready. The file then waits until the ticket
 * (pending flow) or the reply that links it (`attachments: 'message'`) uses
 * it, or goes to the helpdesk at once (`attachFile`, `attachments: 'ticket'`).
 *
 * Download: the adapter's own short-lived URL when it has one; otherwise the
 * bytes, proxied behind a signed URL that lives five minutes and re-checks
 * ownership on every use.
 */

interface UploadRecord {
  id: string;
  customerId: string;
  ticketId: string | null;
  filename: string;
  contentType: string;
  size: number;
  createdAt: string;
  stored: boolean;
  status: 'PENDING' | 'UPLOADED' | 'FAILED';
  /** Set once sent to the helpdesk (`attachFile`): confirm answers with it again. */
  attached?: ReturnType<typeof wireAttachment>;
}

export interface Staged {
  record: UploadRecord;
  file: StagedFile;
}

export interface DownloadClaims {
  customerId: string;
  email: string;
  name: string | null;
  ticketId: string;
  attachmentId: string;
}

interface UploadDeps {
  store: GatewayStore;
  blobs: BlobStore;
  signer: Signer;
  limits: { uploadsPerDay: number; rateLimit: { limit: number; windowSeconds: number } };
  now: () => number;
  basePath: string;
  /** Namespace for per-customer keys in a shared store. */
  tenant: string;
}

const RECORD_TTL_MS = 24 * 3600_000;
const UPLOAD_URL_TTL_S = 900;
const DOWNLOAD_URL_TTL_S = 300;
/** An adapter's download URL that lives longer than this is treated as permanent: proxied, never handed out. */
const MAX_DIRECT_URL_MS = 3600_000;
const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/;
const RASTER = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp']);
/** `[name](attachment:<id>)` links in a reply. */
const LINK = /!?\[[^\]\n]*\]\(attachment:([^)\s]+)\)/g;

const mediaType = (v: string | null) => (v ?? '').split(';')[0]!.trim().toLowerCase();

function accepts(accept: string[], filename: string, contentType: string): boolean {
  if (accept.length === 0) return true;
  const name = filename.toLowerCase();
  return accept.some((raw) => {
    const a = raw.trim().toLowerCase();
    if (a.startsWith('.')) return name.endsWith(a);
    if (a.endsWith('/*')) return a === '*/*' || contentType.startsWith(a.slice(0, -1));
    return a === contentType;
  });
}

export function createUploads(deps: UploadDeps) {
  const { store, blobs, signer, now, basePath } = deps;
  const key = (id: string) => `upl:${id}`;
  const load = async (id: string): Promise<UploadRecord | null> => {
    if (!/^upl_[a-z0-9]{1,40}$/.test(id)) return null;
    const raw = await store.get(key(id));
    return raw ? (JSON.parse(raw) as UploadRecord) : null;
  };
  const save = (r: UploadRecord) => store.set(key(r.id), JSON.stringify(r), { ttlMs: RECORD_TTL_MS });
  const wirePending = (r: UploadRecord) => ({ id: r.id, filename: r.filename, contentType: r.contentType, size: r.size, status: r.status, createdAt: r.createdAt });
  const staged = (r: UploadRecord): StagedFile => ({
    id: r.id,
    filename: r.filename,
    contentType: r.contentType,
    size: r.size,
    async open() {
      const body = await blobs.get(r.id);
      if (!body) throw new GatewayError(409, 'UPLOAD_EXPIRED', `The file ${r.filename} is no longer available: upload it again.`);
      return body;
    },
  });
  const notFoundAttachment = () => notFound('Attachment', 'ATTACHMENT_NOT_FOUND');

  return {
    async initiate(
      customer: BackendCustomer,
      ticketId: string | null,
      raw: unknown,
      eff: { maxFileSize: number; accept: string[] },
      origin: string,
    ) {
      const b = isRecord(raw) ? raw : {};
      const errors: FieldError[] = [];
      const filename = typeof b.filename === 'string' ? b.filename.trim() : '';
      const contentType = typeof b.contentType === 'string' ? mediaType(b.contentType) : '';
      if (!filename) errors.push({ field: 'filename', message: 'filename is required.' });
      else if (filename.length > 255 || /[\p{Cc}/\\]/u.test(filename)) {
        errors.push({ field: 'filename', message: 'filename must be at most 255 characters, without slashes or control characters.' });
      }
      if (!MIME.test(contentType)) errors.push({ field: 'contentType', message: 'contentType must be a MIME type such as image/png.' });
      const size = b.size;
      if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) errors.push({ field: 'size', message: 'size is required: the file size in bytes.' });
      else if (size > eff.maxFileSize) errors.push({ field: 'size', message: `The file is too large: the limit is ${eff.maxFileSize} bytes.` });
      if (!errors.length && !accepts(eff.accept, filename, contentType)) {
        errors.push({ field: 'contentType', message: 'This type of file is not accepted.' });
      }
      if (errors.length) throw invalid(errors);
      // Disk is finite: a customer gets a bounded number of uploads a day.
      const day = await store.increment(`uplday:${deps.tenant}:${customer.id}`, 24 * 3600_000);
      if (day.count > deps.limits.uploadsPerDay) {
        throw new GatewayError(429, 'RATE_LIMITED', 'Too many uploads today. Try again tomorrow.', undefined, {
          'retry-after': String(Math.max(1, Math.ceil(day.ttlMs / 1000))),
        });
      }
      const record: UploadRecord = {
        id: randomId('upl'),
        customerId: customer.id,
        ticketId,
        filename,
        contentType,
        size: size as number,
        createdAt: new Date(now()).toISOString(),
        stored: false,
        status: 'PENDING',
      };
      await save(record);
      const token = await signer.sign('upload', { u: record.id, c: customer.id, ct: contentType, s: record.size }, UPLOAD_URL_TTL_S);
      const uploadUrl = `${origin}${basePath}/uploads/${record.id}?token=${encodeURIComponent(token)}`;
      const expiresAt = new Date((Math.floor(now() / 1000) + UPLOAD_URL_TTL_S) * 1000).toISOString();
      return { attachment: wirePending(record), uploadUrl, expiresAt };
    },

    /** The PUT on a signed upload URL. Answers like object storage: 2xx, or 400/403/413 with a short JSON body. */
    async put(request: Request, uploadId: string, url: URL): Promise<Response> {
      const v = await signer.verify('upload', url.searchParams.get('token') ?? '');
      // Expired, forged or for another upload: 403, which makes the kit fetch a fresh URL once.
      if (!v.ok || v.claims.u !== uploadId) throw new GatewayError(403, 'UPLOAD_URL_INVALID', 'This upload URL is invalid or has expired.');
      const record = await load(uploadId);
      if (!record || record.customerId !== v.claims.c || record.status === 'UPLOADED') {
        throw new GatewayError(403, 'UPLOAD_URL_INVALID', 'This upload URL is invalid or has expired.');
      }
      const rate = await consumeRate(store, `c:${deps.tenant}:${record.customerId}`, deps.limits.rateLimit.limit, deps.limits.rateLimit.windowSeconds, now());
      if (rate.exceeded) {
        throw new GatewayError(429, 'RATE_LIMITED', `Too many requests. Try again in ${rate.retryAfter} s.`, undefined, { 'retry-after': String(rate.retryAfter) });
      }
      if (mediaType(request.headers.get('content-type')) !== record.contentType) {
        throw new GatewayError(400, 'CONTENT_TYPE_MISMATCH', 'Content-Type must be the type declared when the upload was started.');
      }
      const declared = request.headers.get('content-length');
      if (declared !== null && Number(declared) > record.size) throw new GatewayError(413, 'PAYLOAD_TOO_LARGE', 'The file is larger than declared.');
      if (!request.body) throw new GatewayError(400, 'SIZE_MISMATCH', 'The upload is empty.');
      let size: number;
      try {
        ({ size } = await blobs.put(record.id, request.body, { maxBytes: record.size, signal: request.signal }));
      } catch (e) {
        if (e instanceof BlobTooLargeError) throw new GatewayError(413, 'PAYLOAD_TOO_LARGE', 'The file is larger than declared.');
        throw e;
      }
      if (size !== record.size) {
        await blobs.delete(record.id).catch(() => {});
        throw new GatewayError(400, 'SIZE_MISMATCH', `Expected ${record.size} bytes, received ${size}.`);
      }
      await save({ ...record, stored: true, status: 'PENDING' });
      return new Response(null, { status: 200 });
    },

    /** Confirm (pending: `ticketId` null). `attach` sends it to the helpdesk now (`attachments: 'ticket'`). */
    async confirm(
      customer: BackendCustomer,
      ticketId: string | null,
      id: string,
      attach?: ((file: StagedFile) => Promise<BackendAttachment>) | null,
    ) {
      const record = await load(id);
      if (!record || record.customerId !== customer.id || record.ticketId !== ticketId) throw notFoundAttachment();
      if (record.attached) return record.attached;
      if (!record.stored) {
        await save({ ...record, status: 'FAILED' });
        throw new GatewayError(400, 'UPLOAD_INCOMPLETE', 'The file has not been uploaded yet: PUT it to the uploadUrl before confirming.');
      }
      if (attach) {
        const upstream = await attach(staged(record));
        const attached = wireAttachment(upstream);
        await save({ ...record, status: 'UPLOADED', attached });
        await blobs.delete(record.id).catch(() => {});
        return attached;
      }
      const ready = { ...record, status: 'UPLOADED' as const };
      await save(ready);
      return wirePending(ready);
    },

    /** The confirmed pending uploads a new ticket names, or field errors. */
    async stagedForCreate(customerId: string, ids: string[]): Promise<Staged[]> {
      const errors: FieldError[] = [];
      const out: Staged[] = [];
      await Promise.all(
        ids.map(async (id, i) => {
          const r = await load(id);
          const field = `attachmentIds[${i}]`;
          if (!r || r.customerId !== customerId || r.ticketId !== null) errors.push({ field, message: `Attachment ${i + 1} was not found.` });
          else if (r.status !== 'UPLOADED') errors.push({ field, message: `Attachment ${i + 1} has not been uploaded and confirmed.` });
          else out[i] = { record: r, file: staged(r) };
        }),
      );
      if (errors.length) throw invalid(errors.sort((a, b) => a.field.localeCompare(b.field)));
      return out.filter(Boolean);
    },

    /**
     * For helpdesks whose files hang off messages: the ticket's confirmed
     * uploads this reply links to, with those links taken out of the text.
     * Other `attachment:` links (files already on the helpdesk) stay.
     */
    async stagedForReply(customerId: string, ticketId: string, text: string, maxFiles: number) {
      const ids = [...new Set([...text.matchAll(LINK)].map((m) => m[1] as string))];
      const files: Staged[] = [];
      for (const id of ids) {
        const r = await load(id);
        if (r && r.customerId === customerId && r.ticketId === ticketId && r.status === 'UPLOADED' && !r.attached) {
          files.push({ record: r, file: staged(r) });
        }
      }
      if (files.length > maxFiles) throw invalid([{ field: 'body', message: `At most ${maxFiles} files per reply.` }]);
      const mine = new Set(files.map((f) => f.record.id));
      const body = text
        .replace(LINK, (whole, id: string) => (mine.has(id) ? '' : whole))
        .replace(/[ \t]+\n/g, '\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim();
      return { body, files };
    },

    /** After the helpdesk took them: forget the records and the bytes. */
    async consume(files: Staged[]) {
      await Promise.all(files.map(async (f) => Promise.all([store.delete(key(f.record.id)), blobs.delete(f.record.id)]).catch(() => {})));
    },

    async downloadUrl(customer: BackendCustomer, ticketId: string, found: { attachment: BackendAttachment; download: BackendDownload }, origin: string) {
      const d = found.download;
      if (d.kind === 'url') {
        const until = Date.parse(d.expiresAt);
        let ok = false;
        try {
          ok = ['https:', 'http:'].includes(new URL(d.url).protocol);
        } catch {
          ok = false;
        }
        // Short-lived and signed upstream: hand it out as is. Anything else is proxied.
        if (ok && until > now() && until - now() <= MAX_DIRECT_URL_MS) return { downloadUrl: d.url, expiresAt: new Date(until).toISOString() };
      }
      const token = await signer.sign(
        'download',
        { c: customer.id, e: customer.email, n: customer.name, t: ticketId, a: found.attachment.id },
        DOWNLOAD_URL_TTL_S,
      );
      return {
        downloadUrl: `${origin}${basePath}/files/${token}`,
        expiresAt: new Date((Math.floor(now() / 1000) + DOWNLOAD_URL_TTL_S) * 1000).toISOString(),
      };
    },

    async verifyDownload(token: string): Promise<DownloadClaims> {
      const v = await signer.verify('download', token);
      const c = v.ok ? v.claims : null;
      if (!c || typeof c.c !== 'string' || typeof c.e !== 'string' || typeof c.t !== 'string' || typeof c.a !== 'string') {
        throw new GatewayError(403, 'DOWNLOAD_URL_INVALID', 'This download link is invalid or has expired.');
      }
      return { customerId: c.c, email: c.e, name: typeof c.n === 'string' ? c.n : null, ticketId: c.t, attachmentId: c.a };
    },

    /** The bytes, as a download the browser can't run: attachment disposition (raster images inline), nosniff, sandbox CSP. */
    async serve(found: { attachment: BackendAttachment; download: BackendDownload }, signal: AbortSignal): Promise<Response> {
      const d = found.download;
      let body: ReadableStream<Uint8Array> | null;
      if (d.kind === 'stream') body = await d.open(signal);
      else {
        const res = await fetch(d.url, { signal });
        if (!res.ok) throw new GatewayError(502, 'UPSTREAM_UNAVAILABLE', 'The file is temporarily unavailable.');
        body = res.body;
      }
      const type = mediaType(found.attachment.contentType);
      const safeType = MIME.test(type) ? type : 'application/octet-stream';
      const inline = RASTER.has(safeType);
      const ascii = found.attachment.filename.replace(/[^\x20-\x7e]|["\\]/g, '_') || 'download';
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': safeType,
          'content-disposition': `${inline ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(found.attachment.filename)}`,
          'content-security-policy': 'sandbox',
          'cache-control': 'private, no-store',
        },
      });
    },
  };
}

export type Uploads = ReturnType<typeof createUploads>;

