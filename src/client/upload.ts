import { PortalApiError, abortError, errorFromResponse, isPortalApiError } from './errors';
import type { Attachment, UploadMeta, UploadOptions, UploadTarget } from './types';

export const DEFAULT_MAX_UPLOAD_SIZE = 52_428_800;

export interface UploadDeps {
  initiate(meta: UploadMeta, signal?: AbortSignal): Promise<UploadTarget>;
  confirm(attachment: Attachment, signal?: AbortSignal): Promise<Attachment>;
  fetch: typeof fetch;
  /** Longest stretch without upload progress (XHR only). */
  timeoutMs: number;
}

const invalidInput = (code: string, message: string, details: unknown) =>
  new PortalApiError({ kind: 'invalid_input', code, message, details });

/** Matches an `accept` list of MIME types, `type/*` wildcards and `.ext` suffixes. */
export function acceptsFile(accept: string[], filename: string, contentType: string): boolean {
  const name = filename.toLowerCase();
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return accept.some((raw) => {
    const a = raw.trim().toLowerCase();
    if (a.startsWith('.')) return name.endsWith(a);
    if (a.endsWith('/*')) return a === '*/*' || type.startsWith(a.slice(0, -1));
    return a === type;
  });
}

type Put = (url: string, file: Blob, contentType: string, progress: (loaded: number) => void, signal?: AbortSignal) => Promise<void>;

const putWithXhr =
  (timeoutMs: number): Put =>
  (url, file, contentType, progress, signal) =>
    new Promise((resolve, reject) => {
      // An abort that fired before we got here would never reach the listener below.
      if (signal?.aborted) return reject(abortError(signal));
      const xhr = new XMLHttpRequest();
      let stall: ReturnType<typeof setTimeout> | undefined;
      let settled = false;
      const done = (error?: PortalApiError) => {
        if (settled) return;
        settled = true;
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
          () => stop(new PortalApiError({ kind: 'timeout', message: `No upload progress for ${timeoutMs} ms` })),
          timeoutMs,
        );
      };
      xhr.open('PUT', url);
      // No Authorization: the signature is in the URL, and storage is not our API (§2.6).
      xhr.setRequestHeader('Content-Type', contentType);
      xhr.upload.onprogress = (e) => {
        arm();
        progress(e.loaded);
      };
      xhr.onload = () =>
        xhr.status >= 200 && xhr.status < 300
          ? done()
          : done(errorFromResponse(xhr.status, xhr.statusText, xhr.responseText, (h) => xhr.getResponseHeader(h)));
      xhr.onerror = () => done(new PortalApiError({ kind: 'network', message: 'The upload could not reach storage' }));
      xhr.onabort = () => done(abortError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      arm();
      // The Blob is streamed by the browser; it is never read into memory here.
      xhr.send(file);
    });

const putWithFetch =
  (doFetch: typeof fetch): Put =>
  async (url, file, contentType, _progress, signal) => {
    let res: Response;
    let text: string;
    try {
      res = await doFetch(url, { method: 'PUT', headers: { 'Content-Type': contentType }, body: file, signal });
      text = await res.text();
    } catch (cause) {
      if (signal?.aborted) throw abortError(signal);
      throw new PortalApiError({ kind: 'network', message: 'The upload could not reach storage', cause });
    }
    if (!res.ok) throw errorFromResponse(res.status, res.statusText, text, (h) => res.headers.get(h));
  };

/**
 * Pre-flight checks, then initiate → PUT → confirm. Uses XMLHttpRequest where it
 * exists, because fetch reports no upload progress.
 */
export async function uploadFile(deps: UploadDeps, file: Blob & { name?: string }, options: UploadOptions = {}): Promise<Attachment> {
  const { signal, onProgress, maxSize = DEFAULT_MAX_UPLOAD_SIZE, accept } = options;
  const filename = options.filename || file.name || 'file';
  const contentType = options.contentType || file.type || 'application/octet-stream';
  const size = file.size;
  if (!size) throw invalidInput('FILE_EMPTY', `${filename} is empty`, { filename, size });
  if (size > maxSize) {
    throw invalidInput('FILE_TOO_LARGE', `${filename} is ${size} bytes; the limit is ${maxSize}`, { filename, size, maxSize });
  }
  if (accept?.length && !acceptsFile(accept, filename, contentType)) {
    throw invalidInput('FILE_TYPE_NOT_ALLOWED', `${filename} (${contentType}) is not an accepted type`, { filename, contentType, accept });
  }
  if (signal?.aborted) throw abortError(signal);

  let last = -1;
  const progress = (loaded: number) => {
    if (loaded === last) return;
    last = loaded;
    onProgress?.({ loaded, total: size });
  };
  const put = typeof XMLHttpRequest === 'function' ? putWithXhr(deps.timeoutMs) : putWithFetch(deps.fetch);
  const meta = { filename, contentType, size };
  let target = await deps.initiate(meta, signal);
  progress(0);
  try {
    await put(target.uploadUrl, file, contentType, progress, signal);
  } catch (e) {
    // Storage answers 403 (or 400) once a presigned URL has expired, e.g. for a
    // file that waited in a queue: get a fresh URL once.
    if (!isPortalApiError(e) || e.kind !== 'http' || (e.status !== 403 && e.status !== 400)) throw e;
    target = await deps.initiate(meta, signal);
    await put(target.uploadUrl, file, contentType, progress, signal);
  }
  progress(size);
  return deps.confirm(target.attachment, signal);
}
