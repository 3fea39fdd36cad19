import { BackendError, isBackendError, type StagedFile } from '../../gateway/backend';
import { createUpstream, type Upstream, type UpstreamOptions } from '../../gateway/upstream';
import { attachmentRecord, badBody, initiatedId, str } from './wire';

/**
 * The admin upload flow, one file: initiate on the ticket, PUT the bytes to
 * the presigned URL (streamed from the gateway's blob store, never held in
 * memory), confirm. Initiate and confirm are safe to repeat (a repeated
 * initiate leaves an unused PENDING record the helpdesk sweeps), and the PUT
 * goes to a fresh stream each try, so transient failures are retried here.
 */

const PUT_ATTEMPTS = 3;

export interface UploadDeps {
  api: Upstream;
  /** `/brands/{brandId}` */
  brandPath: string;
  storage: Pick<UpstreamOptions, 'fetch' | 'timeoutMs'>;
}

const segment = encodeURIComponent;

/** Uploads one file to a ticket; resolves with the upstream attachment record once confirmed. */
export async function uploadToTicket(deps: UploadDeps, ticketId: string, file: StagedFile, uploadedBy: string, signal: AbortSignal): Promise<Record<string, unknown>> {
  const base = `${deps.brandPath}/tickets/${segment(ticketId)}/attachments`;
  const init = await deps.api.json({
    method: 'POST',
    path: base,
    body: { filename: file.filename, contentType: file.contentType, size: file.size, uploadedBy },
    signal,
    idempotent: true,
  });
  const id = initiatedId(init.data);
  const uploadUrl = str((init.data as Record<string, unknown> | undefined)?.uploadUrl);
  if (!id || !uploadUrl) throw badBody('initiate-upload response', init.data);
  await putWithRetry(deps, uploadUrl, file, signal);
  const confirmed = await deps.api.json({ method: 'POST', path: `${base}/${segment(id)}/confirm`, body: {}, signal, idempotent: true });
  // Some versions answer confirm with no body: the initiate's metadata stands in.
  const meta = attachmentRecord(confirmed.data);
  return { id, filename: file.filename, contentType: file.contentType, size: file.size, status: 'UPLOADED', ...meta };
}

async function putWithRetry(deps: UploadDeps, uploadUrl: string, file: StagedFile, signal: AbortSignal): Promise<void> {
  let url: URL;
  try {
    url = new URL(uploadUrl);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
  } catch {
    throw badBody('upload URL');
  }
  // Presigned storage: no API key (S3/R2 refuse a request with both), the signature is in the query.
  const storage = createUpstream({ baseUrl: url.origin, ...deps.storage, retries: 0 });
  const query = Object.fromEntries(url.searchParams);
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await storage.raw({
        method: 'PUT',
        path: url.pathname,
        query,
        body: await file.open(),
        contentType: file.contentType,
        headers: { 'Content-Length': String(file.size) },
        signal,
      });
      await res.body?.cancel().catch(() => {});
      return;
    } catch (e) {
      const transient = isBackendError(e) && e.kind === 'unavailable';
      if (!transient || attempt >= PUT_ATTEMPTS || signal.aborted) throw isBackendError(e) ? e : new BackendError('unavailable', { cause: e });
    }
  }
}

/** Runs `fn` over `items`, at most `limit` at a time; rejects with the first failure once all have settled. */
export async function eachLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  let failure: { error: unknown } | null = null;
  const worker = async () => {
    while (next < items.length && !failure) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw (failure as { error: unknown }).error;
  return results;
}
