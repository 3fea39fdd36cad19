'use client';
import { useCallback, useEffect, useMemo, useRef } from 'react';
import type { Attachment, PortalApiError } from '../client';
import {
  DEFAULT_MAX_FILES,
  DEFAULT_MAX_SIZE,
  MAX_UPLOAD_SIZE,
  clampUploadSize,
  fileRejection,
  type UploadRejectionCode,
} from '../client/limits';
import { portalKeys } from '../queries';
import { usePortal } from '../provider/context';
import { useControllableState } from '../shared/useControllableState';
import { newKey } from './idempotency';
import { loadSend, warmSend } from './send/load';
import type { UploadRun, runUploads } from './send/uploads';

/** The runner, once loaded (later queues start without waiting a tick). */
let runner: typeof runUploads | undefined;

export type { UploadRejectionCode };

interface UploadBase {
  /** Local id of this row. */
  id: string;
  name: string;
  size: number;
  /** MIME type as declared to the API. */
  type: string;
  /** The file to send; null for rows restored from a draft (already uploaded). */
  file: Blob | null;
}

/** One file in the queue. Only `uploading` has progress, only `failed` an error. */
export type UploadItem =
  | (UploadBase & { status: 'queued' })
  | (UploadBase & { status: 'uploading'; loaded: number })
  | (UploadBase & { status: 'uploaded'; attachment: Attachment })
  | (UploadBase & { status: 'failed'; error: PortalApiError | Error });

export interface UploadRejection {
  file: File;
  code: UploadRejectionCode;
}

/** The vendor's own portal allows 10 MB and 5 files by default; the API's hard limit is 50 MB. */
export { DEFAULT_MAX_FILES, DEFAULT_MAX_SIZE, MAX_UPLOAD_SIZE as API_MAX_SIZE };

export interface UseAttachmentUploadOptions {
  /**
   * Upload onto this existing ticket (per-ticket flow). Without it files go to
   * the pending flow and their ids are passed to `createTicket`.
   * @example useAttachmentUpload({ ticketId })
   */
  ticketId?: string;
  /**
   * Most files in the queue at once; extra files are rejected one by one.
   * @default 5
   * @example useAttachmentUpload({ maxFiles: 10 })
   */
  maxFiles?: number;
  /**
   * Largest file in bytes (capped at the API's 50 MB).
   * @default 10 MB
   * @example useAttachmentUpload({ maxSize: 25 * 1024 * 1024 })
   */
  maxSize?: number;
  /**
   * Accepted types: MIME types, `image/*` wildcards or `.ext` extensions. Default: any.
   * @example useAttachmentUpload({ accept: ['image/*', 'application/pdf', '.log'] })
   */
  accept?: string[];
  /**
   * Uploads running at once.
   * @default 3
   */
  concurrency?: number;
  /**
   * Controlled queue. Pass with `onValueChange` to own the list yourself.
   * @example useAttachmentUpload({ value: files, onValueChange: setFiles })
   */
  value?: UploadItem[];
  /**
   * Initial queue when uncontrolled (e.g. uploaded files restored from a draft).
   */
  defaultValue?: UploadItem[];
  /** Called with the new queue on every change (progress included). */
  onValueChange?: (items: UploadItem[]) => void;
}

export interface UseAttachmentUploadResult {
  items: UploadItem[];
  /** Queues files; returns the ones refused, each with a reason. Accepted files start uploading. */
  add(files: Iterable<File>): UploadRejection[];
  /** Stops an upload and drops it from the queue. */
  cancel(id: string): void;
  /** Queues a failed file again. */
  retry(id: string): void;
  /** Drops a file from the queue (stopping it if it is uploading). */
  remove(id: string): void;
  clear(): void;
  /** Ids of confirmed uploads, for `createTicket({ attachmentIds })`. */
  attachmentIds: string[];
  /** Some files are still queued or uploading. */
  isUploading: boolean;
  /** Some files failed. */
  hasFailed: boolean;
  /** The size limit in force: `maxSize`, capped at the API's 50 MB. */
  maxSize: number;
  /** The file-count limit in force. */
  maxFiles: number;
}

/**
 * A queue of uploads with per-file status, progress, cancel, retry and remove.
 * Files are streamed to presigned storage (never read into memory), a few at
 * a time; rejected files get a reason code and the rest still go through.
 *
 * @example
 * const uploads = useAttachmentUpload({ maxFiles: 5, accept: ['image/*', 'application/pdf'] });
 * <input type="file" multiple onChange={(e) => uploads.add(e.target.files ?? [])} />
 * create.mutate({ title, attachmentIds: uploads.attachmentIds });
 */
export function useAttachmentUpload(options: UseAttachmentUploadOptions = {}): UseAttachmentUploadResult {
  const { client, queryClient } = usePortal('useAttachmentUpload');
  const {
    ticketId,
    maxFiles = DEFAULT_MAX_FILES,
    accept,
    concurrency = 3,
    value,
    defaultValue,
    onValueChange,
  } = options;
  const maxSize = clampUploadSize(options.maxSize);
  // Async callbacks (progress, completion) build on the newest list, not on the
  // one from the render that started them: updates are functions of it.
  const [items, setItems, latestItems] = useControllableState<UploadItem[]>(value, () => defaultValue ?? [], onValueChange);

  const patch = useCallback(
    (id: string, next: (item: UploadItem) => UploadItem) =>
      setItems((list) => (list.some((i) => i.id === id) ? list.map((i) => (i.id === id ? next(i) : i)) : list)),
    [setItems],
  );

  const running = useRef(new Map<string, AbortController>());

  // The runner (starting, stopping, progress) is loaded on demand: it only
  // runs once a file is added. Warmed on mount, so the first file does not wait.
  useEffect(warmSend, []);
  // Start queued files while there are free slots; stop rows a controlling
  // parent dropped itself (cleared its form, discarded a draft).
  useEffect(() => {
    if (!running.current.size && !items.some((i) => i.status === 'queued' && i.file)) return;
    const run: UploadRun = {
      client,
      ticketId,
      maxSize,
      accept,
      concurrency,
      running: running.current,
      patch,
      // Exact: the download URLs under this key are still valid; refetching them would reload every image shown.
      uploaded: () => ticketId && void queryClient.invalidateQueries({ queryKey: portalKeys.attachments(ticketId), exact: true }),
    };
    if (runner) return runner(run, items);
    let live = true;
    loadSend().then(
      (m) => {
        runner = m.runUploads;
        if (live) runner(run, items);
      },
      // The code did not come: the files fail like a lost connection would, for retry.
      (error: PortalApiError) =>
        live && setItems((list) => list.map((i) => (i.status === 'queued' && i.file ? { ...base(i), status: 'failed', error } : i))),
    );
    return () => {
      live = false;
    };
  }, [items, concurrency, client, queryClient, ticketId, maxSize, accept, patch, setItems]);

  // Unmounting stops uploads and puts them back in the queue: a remount (or
  // StrictMode's simulated one) starts them again instead of leaving them stuck.
  useEffect(() => {
    const map = running.current;
    return () => {
      if (!map.size) return;
      const stopped = new Set(map.keys());
      map.forEach((controller) => controller.abort());
      map.clear();
      setItems((list) => list.map((i) => (stopped.has(i.id) ? { ...base(i), status: 'queued' } : i)));
    };
  }, [setItems]);

  const add = useCallback(
    (files: Iterable<File>) => {
      const rejected: UploadRejection[] = [];
      const accepted: UploadItem[] = [];
      let room = maxFiles - latestItems().length;
      for (const file of files) {
        const type = file.type || 'application/octet-stream';
        const code: UploadRejectionCode | null =
          fileRejection(file.size, file.name, type, maxSize, accept) ?? (room <= 0 ? 'too-many-files' : null);
        if (code) {
          rejected.push({ file, code });
          continue;
        }
        room -= 1;
        accepted.push({ id: newKey(), name: file.name || 'file', size: file.size, type, file, status: 'queued' });
      }
      if (accepted.length) setItems((list) => [...list, ...accepted]);
      return rejected;
    },
    [latestItems, maxFiles, maxSize, accept, setItems],
  );

  // Dropping a row is enough: the effect above stops its upload.
  const remove = useCallback((id: string) => setItems((list) => list.filter((i) => i.id !== id)), [setItems]);

  const retry = useCallback(
    (id: string) => patch(id, (i) => (i.status === 'failed' && i.file ? { ...base(i), status: 'queued' } : i)),
    [patch],
  );

  const clear = useCallback(() => setItems((list) => (list.length ? [] : list)), [setItems]);

  return useMemo(
    () => ({
      items,
      add,
      cancel: remove,
      retry,
      remove,
      clear,
      attachmentIds: items.flatMap((i) => (i.status === 'uploaded' ? [i.attachment.id] : [])),
      isUploading: items.some((i) => i.status === 'queued' || i.status === 'uploading'),
      hasFailed: items.some((i) => i.status === 'failed'),
      maxSize,
      maxFiles,
    }),
    [items, add, remove, retry, clear, maxSize, maxFiles],
  );
}

const base = ({ id, name, size, type, file }: UploadItem): UploadBase => ({ id, name, size, type, file });
