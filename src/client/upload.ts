import { PortalApiError, abortError, errorFromResponse, isPortalApiError } from './errors';
import { MAX_UPLOAD_SIZE, fileRejection } from './limits';
import type { Attachment, UploadMeta, UploadOptions, UploadTarget } from './types';

export interface UploadDeps {
  initiate(meta: UploadMeta, signal?: AbortSignal): Promise<UploadTarget>;
  confirm(attachment: Attachment, signal?: AbortSignal): Promise<Attachment>;
  fetch: typeof fetch;
  /** Longest stretch without upload progress (XHR only). */
  timeoutMs: number;
}

/** The `PortalApiError` code for each reason the one file check gives. */
const REFUSED = { 'file-empty': 'FILE_EMPTY', 'file-too-large': 'FILE_TOO_LARGE', 'file-invalid-type': 'FILE_TYPE_NOT_ALLOWED' } as const;

type Put = (url: string, file: Blob, contentType: string, progress: (loaded: number) => void, signal?: AbortSignal) => Promise<void>;

const unreachable = (cause?: unknown) => new PortalApiError({ kind: 'network', message: 'The upload could not reach storage', cause });

const putWithXhr =
  (timeoutMs: number): Put =>
  (url, file, contentType, progress, signal) =>
    new Promise((resolve, reject) => {
      // An abort that fired before we got here would never reach the listener below.
      if (signal?.aborted) return reject(abortError(signal));
      const xhr = new XMLHttpRequest();
      let stall: ReturnType<typeof setTimeout> | undefined;
      // A promise settles once: whatever comes after the first outcome (the
      // onabort that xhr.abort() fires, say) is ignored.
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
          () => stop(new PortalApiError({ kind: 'timeout', message: `No upload progress for ${timeoutMs} ms` })),
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
            : errorFromResponse(xhr.status, xhr.statusText, xhr.responseText, (h) => xhr.getResponseHeader(h)),
        );
      xhr.onerror = () => done(unreachable());
      xhr.onabort = () => done(abortError(signal));
      signal?.addEventListener('abort', onAbort, { once: true });
      arm();
      // The Blob is streamed by the browser; it is never read into memory here.
      xhr.send(file);
    });

const putWithFetch =
  (doFetch: typeof fetch): Put =>
  async (url, file, contentType, _progress, signal) => {
    const res = await doFetch(url, { method: 'PUT', headers: { 'Content-Type': contentType }, body: file, signal }).catch(
      (cause: unknown) => {
        throw signal?.aborted ? abortError(signal) : unreachable(cause);
      },
    );
    if (!res.ok) {
      throw errorFromResponse(res.status, res.statusText, await res.text().catch(() => ''), (h) => res.headers.get(h));
    }
  };

/**
 * Pre-flight checks, then initiate → PUT → confirm. Uses XMLHttpRequest where it
 * exists, because fetch reports no upload progress.
 */
export async function uploadFile(deps: UploadDeps, file: Blob & { name?: string }, options: UploadOptions = {}): Promise<Attachment> {
  const { signal, onProgress, maxSize = MAX_UPLOAD_SIZE, accept } = options;
  const filename = options.filename || file.name || 'file';
  const contentType = options.contentType || file.type || 'application/octet-stream';
  const size = file.size;
  const refused = fileRejection(size, filename, contentType, maxSize, accept);
  if (refused) {
    throw new PortalApiError({
      kind: 'invalid_input',
      code: REFUSED[refused],
      message: `${filename} (${contentType}, ${size} bytes) refused: ${refused}`,
      details: { filename, contentType, size, maxSize, accept, reason: refused },
    });
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
