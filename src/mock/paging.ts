import { decodeJsonBase64Url, encodeJsonBase64Url, isRecord } from './crypto';
import { ApiError } from './http';

export interface PageItem {
  id: string;
  seq: number;
}

export interface PageQuery<T extends PageItem> {
  /** Identifies the listing (who, filters, sort, order); a cursor from another listing is refused. */
  scope: string;
  cursor: string | null;
  limit: number;
  /** The full listing, already filtered and sorted. Called on the first page only (or when a snapshot is gone). */
  list: () => T[];
  /** The current record for an id, or undefined if it may no longer be shown. */
  lookup: (id: string) => T | undefined;
  /** Sort key and direction, for the fallback when a snapshot has expired. */
  key: (item: T) => number;
  order: 'asc' | 'desc';
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
  nextCursor: string | null;
}

interface Snapshot {
  ids: string[];
  createdAt: number;
}

interface CursorPayload {
  v: 1;
  /** Snapshot id. */
  s: string;
  /** Offset into the snapshot. */
  o: number;
  /** Scope hash. */
  f: string;
  /** Sort key and seq of the last item served (fallback keyset). */
  k: [number, number];
}

const SNAPSHOT_TTL_MS = 60 * 60_000;
const MAX_SNAPSHOTS = 500;

/** FNV-1a, enough to tell listings apart inside a cursor. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(36);
}

/**
 * Cursor paging over snapshots.
 *
 * The first page freezes the ordered list of ids; later pages read slices of
 * that snapshot and the current records. So a walk yields every ticket exactly
 * once even when tickets are updated (and would move under `sort=updatedAt`)
 * mid-walk; tickets created mid-walk are not included (they sit on page 1 of a
 * new walk). If a snapshot has expired, the cursor's keyset (last sort key and
 * seq) resumes the walk on the live list.
 *
 * Invariant the SDK depends on: `hasMore: true` always comes with a cursor.
 */
export class Pager {
  readonly #snapshots = new Map<string, Snapshot>();
  #ids = 0;
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  clear(): void {
    this.#snapshots.clear();
  }

  page<T extends PageItem>(query: PageQuery<T>): Page<T> {
    const scope = hash(query.scope);
    let snapshotId: string;
    let ids: string[];
    let offset: number;

    if (query.cursor === null) {
      ({ snapshotId, ids } = this.#snapshot(query.list()));
      offset = 0;
    } else {
      const cursor = decodeCursor(query.cursor);
      if (cursor.f !== scope) {
        throw new ApiError(400, 'INVALID_CURSOR', 'The cursor belongs to a different listing (filters, sort or order changed).', {
          errors: [{ field: 'cursor', message: 'The cursor does not match these filters.' }],
        });
      }
      const existing = this.#snapshots.get(cursor.s);
      if (existing && this.#now() - existing.createdAt < SNAPSHOT_TTL_MS) {
        snapshotId = cursor.s;
        ids = existing.ids;
        offset = cursor.o;
      } else {
        // Snapshot gone: continue after the last served item on the live list.
        const [lastKey, lastSeq] = cursor.k;
        const sign = query.order === 'asc' ? 1 : -1;
        const rest = query.list().filter((item) => {
          const d = (query.key(item) - lastKey) * sign;
          return d > 0 || (d === 0 && (item.seq - lastSeq) * sign > 0);
        });
        ({ snapshotId, ids } = this.#snapshot(rest));
        offset = 0;
      }
    }

    const slice = ids.slice(offset, offset + query.limit);
    const data: T[] = [];
    for (const id of slice) {
      const item = query.lookup(id);
      if (item) data.push(item);
    }
    const end = offset + slice.length;
    const hasMore = end < ids.length;
    let nextCursor: string | null = null;
    if (hasMore) {
      const lastId = slice[slice.length - 1];
      const last = lastId === undefined ? undefined : query.lookup(lastId);
      const payload: CursorPayload = {
        v: 1,
        s: snapshotId,
        o: end,
        f: scope,
        k: last ? [query.key(last), last.seq] : [0, 0],
      };
      nextCursor = encodeJsonBase64Url(payload);
    }
    return { data, hasMore, nextCursor };
  }

  #snapshot(items: PageItem[]): { snapshotId: string; ids: string[] } {
    const now = this.#now();
    for (const [id, snap] of this.#snapshots) {
      if (now - snap.createdAt >= SNAPSHOT_TTL_MS || this.#snapshots.size >= MAX_SNAPSHOTS) this.#snapshots.delete(id);
      else break;
    }
    const snapshotId = (++this.#ids).toString(36);
    const ids = items.map((item) => item.id);
    this.#snapshots.set(snapshotId, { ids, createdAt: now });
    return { snapshotId, ids };
  }
}

function decodeCursor(cursor: string): CursorPayload {
  let value: unknown;
  try {
    value = decodeJsonBase64Url(cursor);
  } catch {
    value = null;
  }
  if (
    !isRecord(value) ||
    value.v !== 1 ||
    typeof value.s !== 'string' ||
    typeof value.o !== 'number' ||
    typeof value.f !== 'string' ||
    !Array.isArray(value.k) ||
    typeof value.k[0] !== 'number' ||
    typeof value.k[1] !== 'number'
  ) {
    throw new ApiError(400, 'INVALID_CURSOR', 'The cursor is invalid.', {
      errors: [{ field: 'cursor', message: 'The cursor is invalid.' }],
    });
  }
  return value as unknown as CursorPayload;
}
