/*
 * Attachments: the client's file methods, their normalisers and the byte
 * transfer of an upload (start, PUT to presigned storage, confirm). Loaded on
 * demand (most sessions never attach a file), so it imports nothing the entry
 * holds: the client hands over its requests, checks and error constructors.
 */
import { readErrorResponse } from './errorBody';
import type { PortalApiError, PortalApiErrorInit, abortError, isPortalApiError } from './errors';
import type { fileRejection } from './limits';
import type { Attachment, AttachmentDownload, AttachmentStatus, PortalClient, UploadMeta, UploadProgress, UploadTarget } from './types';

export interface UploadDeps {
  initiate(meta: UploadMeta, signal?: AbortSignal): Promise<UploadTarget>;
  confirm(attachment: Attachment, signal?: AbortSignal): Promise<Attachment>;
  fetch: typeof fetch;
  /** Longest stretch without upload progress (XHR only). */
  timeoutMs: number;
  errors: {
    create(init: PortalApiErrorInit): PortalApiError;
    abort: typeof abortError;
    is: typeof isPortalApiError;
  };
}

type Put = (url: string, file: Blob, contentType: string, progress: (loaded: number) => void, signal?: AbortSignal) => Promise<void>;

const putWithXhr =
  ({ timeoutMs, errors: { create, abort: abortError } }: UploadDeps): Put =>
  (url, file, contentType, progress, signal) =>
    new Promise((resolve, reject) => {
      // An abort that fired before we got here would never reach the listener below.
      if (signal?.aborted) return reject(abortError(signal));
      const xhr = new XMLHttpRequest();
      let stall: ReturnType<typeof setTimeout> | undefined;
      // A promise settles once: whatever comes after the first outcome (the
      // onabort that xhr.abort() fires, say) is ignored.
      const unreachable = () => create({ kind: 'network', message: 'The upload could not reach storage' });
      const done = (error?: PortalApiError) => {
        clearTimeout(stall);
        signal?.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolve();
      };
      const stop = (error: PortalApiError) => {
        done(error);
        xhr.abort();
      };
      const onAbort = () => stop(abortError(signal));
      // A stall timeout rather than a total one: a large file on a slow line may take minutes.
      const arm = () => {
        clearTimeout(stall);
        stall = setTimeout(
          () => stop(create({ kind: 'timeout', message: `No upload progress for ${timeoutMs} ms` })),
          timeoutMs,
        );
      };
      xhr.open('PUT', url);
      // No Authorization: the signature is in the URL, and storage is not our API (docs/portal-api.md#upload-flows).
      xhr.setRequestHeader('Content-Type', contentType);
      xhr.upload.onprogress = (e) => {
        arm();
        progress(e.loaded);
      };
      xhr.onload = () =>
        done(
          xhr.status >= 200 && xhr.status < 300
            ? undefined
            : create(readErrorResponse(xhr.status, xhr.statusText, xhr.responseText, (h) => xhr.getResponseHeader(h))),
        );
      xhr.onerror = () => done(unreachable());
      xhr.onabort = () => done(abortError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      arm();
      // The Blob is streamed by the browser; it is never read into memory here.
      xhr.send(file);
    });

const putWithFetch =
  ({ fetch: doFetch, errors: { create, abort: abortError } }: UploadDeps): Put =>
  async (url, file, contentType, _progress, signal) => {
    const res = await doFetch(url, { method: 'PUT', headers: { 'Content-Type': contentType }, body: file, signal }).catch(
      (cause: unknown) => {
        throw signal?.aborted ? abortError(signal) : create({ kind: 'network', message: 'The upload could not reach storage', cause });
      },
    );
    if (!res.ok) {
      throw create(readErrorResponse(res.status, res.statusText, await res.text().catch(() => ''), (h) => res.headers.get(h)));
    }
  };

/**
 * initiate → PUT → confirm, for a file that passed the client's checks. Uses
 * XMLHttpRequest where it exists, because fetch reports no upload progress.
 */
export async function transferFile(
  deps: UploadDeps,
  file: Blob,
  meta: UploadMeta,
  signal: AbortSignal | undefined,
  onProgress: ((progress: UploadProgress) => void) | undefined,
): Promise<Attachment> {
  let last = -1;
  const progress = (loaded: number) => {
    if (loaded === last) return;
    last = loaded;
    onProgress?.({ loaded, total: meta.size });
  };
  // The browser counts bytes handed to the network, all of them long before
  // storage has them: stay under the total until storage answers.
  const sent = (loaded: number) => progress(Math.min(loaded, Math.floor(meta.size * 0.99)));
  const put = typeof XMLHttpRequest === 'function' ? putWithXhr(deps) : putWithFetch(deps);
  let target = await deps.initiate(meta, signal);
  progress(0);
  try {
    await put(target.uploadUrl, file, meta.contentType, sent, signal);
  } catch (e) {
    // Storage answers 403 (or 400) once a presigned URL has expired, e.g. for a
    // file that waited in a queue: get a fresh URL once.
    if (!deps.errors.is(e) || e.kind !== 'http' || (e.status !== 403 && e.status !== 400)) throw e;
    target = await deps.initiate(meta, signal);
    await put(target.uploadUrl, file, meta.contentType, sent, signal);
  }
  progress(meta.size);
  return deps.confirm(target.attachment, signal);
}

type Obj = Record<string, unknown>;

const DOWNLOAD_URL_TTL_MS = 15 * 60_000;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();

const STATUS: Record<string, AttachmentStatus> = {
  PENDING: 'pending',
  UPLOADED: 'uploaded',
  CONFIRMED: 'uploaded',
  FAILED: 'failed',
};

/** The attachment normalisers; `invalid` builds the error for a response they can't read. */
export function attachmentReaders(invalid: (message: string) => PortalApiError) {
  const obj = (v: unknown, what: string): Obj => {
    if (!isObject(v)) throw invalid(`Expected ${what} object in the response`);
    return v;
  };
  const missing = (what: string) => invalid(`The response has no ${what}`);

  /** Status: `UPLOADED`/`CONFIRMED` → `uploaded`; missing → `uploaded` (lists hold ready files); unknown → `pending`. */
  function normalizeAttachment(raw: unknown): Attachment {
    const o = obj(raw, 'an attachment');
    const status = str(o.status)?.toUpperCase();
    return {
      id: str(o.id) ?? '',
      filename: str(o.filename) ?? '',
      contentType: str(o.contentType) || 'application/octet-stream',
      size: num(o.size) ?? 0,
      status: status ? (STATUS[status] ?? 'pending') : 'uploaded',
      createdAt: str(o.createdAt),
    };
  }

  return {
    normalizeAttachment,
    normalizeAttachmentList(raw: unknown): Attachment[] {
      // A ticket's file list is a bare array; tolerate a `{ data: [...] }` envelope as well.
      const items = Array.isArray(raw) ? raw : isObject(raw) && Array.isArray(raw.data) ? raw.data : null;
      if (!items) throw missing('attachment list');
      return items.map(normalizeAttachment);
    },
    /** Reads a file with its download URL: flat, nested (`{ attachment, downloadUrl }`) or both (docs/portal-api.md#download). */
    normalizeAttachmentDownload(raw: unknown): AttachmentDownload {
      const o = obj(raw, 'an attachment');
      const nested = isObject(o.attachment) ? o.attachment : {};
      const downloadUrl = str(o.downloadUrl) || str(nested.downloadUrl);
      if (!downloadUrl) throw missing('downloadUrl');
      return {
        ...normalizeAttachment({ ...o, ...nested }),
        downloadUrl,
        expiresAt: str(o.expiresAt) || str(nested.expiresAt) || inMs(DOWNLOAD_URL_TTL_MS),
      };
    },
    /** Reads a started upload; the id comes from `attachment.id`, else `attachmentId`, else `id` (docs/portal-api.md#upload-target). */
    normalizeUploadTarget(raw: unknown, meta?: UploadMeta): UploadTarget {
      const o = obj(raw, 'an upload target');
      const nested = isObject(o.attachment) ? o.attachment : {};
      const upload = isObject(o.upload) ? o.upload : {};
      const id = str(nested.id) || str(o.attachmentId) || str(o.id) || str(upload.id);
      const uploadUrl = str(o.uploadUrl) || str(upload.uploadUrl) || str(upload.url);
      if (!id || !uploadUrl) throw missing('attachment id or uploadUrl');
      const expiresIn = num(o.expiresIn);
      return {
        attachment: normalizeAttachment({ ...meta, status: 'PENDING', ...o, ...nested, id }),
        uploadUrl,
        expiresAt: str(o.expiresAt) || (expiresIn !== null ? inMs(expiresIn * 1000) : inMs(DOWNLOAD_URL_TTL_MS)),
      };
    },
  };
}

/** What the attachment methods need of the client. */
export interface AttachmentCore {
  get(path: string, signal?: AbortSignal): Promise<unknown>;
  post(path: string, body: unknown, signal?: AbortSignal): Promise<unknown>;
  ticketPath(id: string): string;
  fetch: typeof fetch;
  timeoutMs: number;
  /** The API's hard per-file limit, the default for `upload()`. */
  maxSize: number;
  /** The one file check (the upload queue runs the same). */
  refuse: typeof fileRejection;
  invalid(message: string): PortalApiError;
  errors: UploadDeps['errors'];
}

/** The `PortalApiError` code for each reason the one file check gives. */
const REFUSED = { 'file-empty': 'FILE_EMPTY', 'file-too-large': 'FILE_TOO_LARGE', 'file-invalid-type': 'FILE_TYPE_NOT_ALLOWED' } as const;

type AttachmentMethods = Pick<
  PortalClient,
  'initiatePendingUpload' | 'confirmPendingUpload' | 'initiateUpload' | 'confirmUpload' | 'listAttachments' | 'getAttachment' | 'upload'
>;

export function attachmentMethods(c: AttachmentCore): AttachmentMethods {
  const { normalizeAttachment, normalizeAttachmentList, normalizeAttachmentDownload, normalizeUploadTarget } = attachmentReaders(c.invalid);
  const enc = encodeURIComponent;
  // Pending uploads (no ticket yet) and per-ticket uploads differ only in their path.
  const uploads = (ticketId?: string) =>
    ticketId === undefined ? 'portal/tickets/attachments/pending' : `${c.ticketPath(ticketId)}/attachments`;
  const initiate = (ticketId: string | undefined, meta: UploadMeta, signal?: AbortSignal) =>
    c
      .post(uploads(ticketId), { filename: meta.filename, contentType: meta.contentType, size: meta.size }, signal)
      .then((r) => normalizeUploadTarget(r, meta));
  // Any 2xx may come without a body: then the file is simply uploaded.
  const confirm = (ticketId: string | undefined, known: Partial<Attachment> & { id: string }, signal?: AbortSignal) =>
    c.post(`${uploads(ticketId)}/${enc(known.id)}/confirm`, {}, signal).then((r) => normalizeAttachment(r ?? { ...known, status: 'UPLOADED' }));

  return {
    initiatePendingUpload: (meta, o) => initiate(undefined, meta, o?.signal),
    confirmPendingUpload: (id, o) => confirm(undefined, { id }, o?.signal),
    initiateUpload: (ticketId, meta, o) => initiate(ticketId, meta, o?.signal),
    confirmUpload: (ticketId, id, o) => confirm(ticketId, { id }, o?.signal),
    listAttachments: async (ticketId, o) => normalizeAttachmentList(await c.get(uploads(ticketId), o?.signal)),
    getAttachment: async (ticketId, id, o) => normalizeAttachmentDownload(await c.get(`${uploads(ticketId)}/${enc(id)}`, o?.signal)),
    async upload(file, o = {}) {
      const { signal, maxSize = c.maxSize, accept } = o;
      const filename = o.filename || file.name || 'file';
      const contentType = o.contentType || file.type || 'application/octet-stream';
      const size = file.size;
      // The one file check, before anything is sent.
      const refused = c.refuse(size, filename, contentType, maxSize, accept);
      if (refused) {
        throw c.errors.create({
          kind: 'invalid_input',
          code: REFUSED[refused],
          message: `${filename} (${contentType}, ${size} bytes) refused: ${refused}`,
          details: { filename, contentType, size, maxSize, accept, reason: refused },
        });
      }
      if (signal?.aborted) throw c.errors.abort(signal);
      return transferFile(
        {
          initiate: (meta, s) => initiate(o.ticketId, meta, s),
          confirm: (attachment, s) => confirm(o.ticketId, attachment, s),
          fetch: c.fetch,
          timeoutMs: c.timeoutMs,
          errors: c.errors,
        },
        file,
        { filename, contentType, size },
        signal,
        o.onProgress,
      );
    },
  };
}
