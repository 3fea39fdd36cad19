import type { Attachment, PortalApiError, PortalClient } from '../../client';
import type { UploadItem } from '../useAttachmentUpload';

// The upload queue runner, loaded on demand (warmed when an uploader mounts):
// it only runs once a file is added. Types only from eager code; what it needs
// at runtime is handed in.

export interface UploadRun {
  client: PortalClient;
  ticketId: string | undefined;
  maxSize: number;
  accept: string[] | undefined;
  concurrency: number;
  /** Attempts in flight, by row id. */
  running: Map<string, AbortController>;
  patch: (id: string, next: (item: UploadItem) => UploadItem) => void;
  /** A file is on the ticket now. */
  uploaded: () => void;
}

const base = ({ id, name, size, type, file }: UploadItem) => ({ id, name, size, type, file });

/** Stops uploads of rows no longer listed and starts queued files while there are free slots. */
export function runUploads(r: UploadRun, items: UploadItem[]): void {
  const { running, patch } = r;
  // A controlling parent may drop rows itself (clear its form, discard a
  // draft): stop their uploads instead of finishing orphaned files.
  running.forEach((controller, id) => {
    if (items.some((i) => i.id === id)) return;
    running.delete(id);
    controller.abort();
  });
  let free = r.concurrency - running.size;
  for (const item of items) {
    if (free <= 0) break;
    const file = item.file;
    if (item.status !== 'queued' || !file || running.has(item.id)) continue;
    free -= 1;
    const controller = new AbortController();
    const { signal } = controller;
    running.set(item.id, controller);
    patch(item.id, (i) => ({ ...base(i), status: 'uploading', loaded: 0 }));
    r.client
      .upload(file, {
        ticketId: r.ticketId,
        filename: item.name,
        contentType: item.type,
        maxSize: r.maxSize,
        accept: r.accept,
        signal,
        onProgress: ({ loaded }) => {
          if (!signal.aborted) patch(item.id, (i) => (i.status === 'uploading' ? { ...i, loaded } : i));
        },
      })
      .then(
        (attachment: Attachment) => {
          // Stopped (cancelled, or restarted after an unmount) just as it finished: the row is gone or has a newer attempt.
          if (signal.aborted) return;
          patch(item.id, (i) => ({ ...base(i), status: 'uploaded', attachment }));
          r.uploaded();
        },
        (error: PortalApiError | Error) => {
          // Cancelled rows are already gone; anything else is shown as failed.
          if (!signal.aborted) patch(item.id, (i) => ({ ...base(i), status: 'failed', error }));
        },
      )
      // Only forget this attempt's own controller: an attempt aborted by an
      // unmount settles after its restart has registered a new one.
      .finally(() => {
        if (running.get(item.id) === controller) running.delete(item.id);
      });
  }
}
