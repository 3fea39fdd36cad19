/*
 * The portal API's limits and the one file check, shared by the client,
 * the hooks and the styled components (the mock enforces the same limits).
 */

/** The statuses every portal has (others are custom keys), in the order a status filter lists them. */
export const SYSTEM_STATUSES = ['open', 'pending', 'resolved', 'closed'] as const;

/** Longest ticket title the API accepts. */
export const SUBJECT_MAX_LENGTH = 200;
/** Longest body (a ticket description or a reply) the API accepts. */
export const BODY_MAX_LENGTH = 20_000;
/** The API's hard limit per file: 50 MB. */
export const MAX_UPLOAD_SIZE = 52_428_800;
/** What the kit allows per file by default (the vendor's own portal: 10 MB, 5 files). */
export const DEFAULT_MAX_SIZE = 10 * 1024 * 1024;
export const DEFAULT_MAX_FILES = 5;

/** A page size the portal takes: a whole number from 1 to 50 (`undefined` leaves the server's default of 20). */
export const clampPageSize = (limit: number | undefined) => (limit ? Math.min(50, Math.max(1, Math.floor(limit))) : undefined);

/** A per-file size limit, never above the API's. */
export const clampUploadSize = (maxSize = DEFAULT_MAX_SIZE) => Math.min(maxSize, MAX_UPLOAD_SIZE);

/** Why a file is refused before anything is sent; `too-many-files` is the queue's own rule. */
export type UploadRejectionCode = 'file-too-large' | 'file-invalid-type' | 'too-many-files' | 'file-empty';

/** Matches an `accept` list of MIME types, `type/*` wildcards and `.ext` suffixes. */
export function acceptsFile(accept: string[], filename: string, contentType: string): boolean {
  const name = filename.toLowerCase();
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return accept.some((raw) => {
    const a = raw.trim().toLowerCase();
    if (a.startsWith('.')) return name.endsWith(a);
    if (a.endsWith('/*')) return a === '*/*' || type.startsWith(a.slice(0, -1));
    return a === type;
  });
}

/**
 * The one file check, used by the upload queue and by `client.upload()`:
 * empty, too large, or not an accepted type; `null` when the file may go.
 */
export function fileRejection(
  size: number,
  filename: string,
  contentType: string,
  maxSize: number,
  accept?: string[],
): Exclude<UploadRejectionCode, 'too-many-files'> | null {
  return !size
    ? 'file-empty'
    : size > maxSize
      ? 'file-too-large'
      : accept?.length && !acceptsFile(accept, filename, contentType)
        ? 'file-invalid-type'
        : null;
}
