/*
 * The byte transfer of an upload: start, PUT to presigned storage, confirm.
 * Loaded on demand (most sessions never attach a file), so it imports nothing
 * at runtime: the client hands over its requests and error constructors.
 */
import type { PortalApiError, PortalApiErrorInit, abortError, errorFromResponse, isPortalApiError } from './errors';
import type { Attachment, UploadMeta, UploadProgress, UploadTarget } from './types';

export interface UploadDeps {
  initiate(meta: UploadMeta, signal?: AbortSignal): Promise<UploadTarget>;
  confirm(attachment: Attachment, signal?: AbortSignal): Promise<Attachment>;
  fetch: typeof fetch;
  /** Longest stretch without upload progress (XHR only). */
  timeoutMs: number;
  errors: {
    create(init: PortalApiErrorInit): PortalApiError;
    abort: typeof abortError;
    fromResponse: typeof errorFromResponse;
    is: typeof isPortalApiError;
  };
}

type Put = (url: string, file: Blob, contentType: string, progress: (loaded: number) => void, signal?: AbortSignal) => Promise<void>;

const putWithXhr =
  ({ timeoutMs, errors: { create, abort: abortError, fromResponse: errorFromResponse } }: UploadDeps): Put =>
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
  ({ fetch: doFetch, errors: { create, abort: abortError, fromResponse: errorFromResponse } }: UploadDeps): Put =>
  async (url, file, contentType, _progress, signal) => {
    const res = await doFetch(url, { method: 'PUT', headers: { 'Content-Type': contentType }, body: file, signal }).catch(
      (cause: unknown) => {
        throw signal?.aborted ? abortError(signal) : create({ kind: 'network', message: 'The upload could not reach storage', cause });
      },
    );
    if (!res.ok) {
      throw errorFromResponse(res.status, res.statusText, await res.text().catch(() => ''), (h) => res.headers.get(h));
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
  const put = typeof XMLHttpRequest === 'function' ? putWithXhr(deps) : putWithFetch(deps);
  let target = await deps.initiate(meta, signal);
  progress(0);
  try {
    await put(target.uploadUrl, file, meta.contentType, progress, signal);
  } catch (e) {
    // Storage answers 403 (or 400) once a presigned URL has expired, e.g. for a
    // file that waited in a queue: get a fresh URL once.
    if (!deps.errors.is(e) || e.kind !== 'http' || (e.status !== 403 && e.status !== 400)) throw e;
    target = await deps.initiate(meta, signal);
    await put(target.uploadUrl, file, meta.contentType, progress, signal);
  }
  progress(meta.size);
  return deps.confirm(target.attachment, signal);
}
