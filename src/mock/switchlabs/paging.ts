import { fieldError } from './errors';
import { formatTime } from './serialize';
import type { SwitchLabsSwitches } from './switches';

/**
 * The API's timestamp cursor, with the behaviours the public reference leaves
 * open: `next_cursor` is the sort timestamp of the page's last row, and the
 * next page holds the rows after it in the sort direction, compared
 * strictly (ties skipped), inclusively (ties repeated) or as a correct
 * `(timestamp, id)` keyset (`compound`, for control runs). Printed in whole
 * seconds by default, so strict paging also skips the rest of that second.
 */

export const MAX_LIMIT = 100;
export const DEFAULT_LIMIT = 50;

/** `limit` from the query: default 50; over 100 clamped or refused per switch; anything else not a positive integer is 400. */
export function parseLimit(raw: string | undefined, switches: SwitchLabsSwitches): number {
  if (raw === undefined || raw === '') return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw fieldError({ limit: 'limit must be a positive integer.' });
  const n = Number(raw);
  if (n > MAX_LIMIT) {
    if (switches.limit_over_max === '400') throw fieldError({ limit: `limit must be at most ${MAX_LIMIT}.` });
    return MAX_LIMIT;
  }
  return n;
}

interface ParsedCursor {
  ms: number;
  id: string | null;
}

function parseCursor(raw: string | undefined, switches: SwitchLabsSwitches): ParsedCursor | null {
  if (raw === undefined || raw === '') return null;
  const [ts, id, ...rest] = raw.split('|');
  const ms = ts && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(ts) ? Date.parse(ts) : NaN;
  // Only the compound keyset prints (and so accepts) an id after the timestamp.
  if (Number.isNaN(ms) || rest.length > 0 || (id !== undefined && (switches.cursor_mode !== 'compound' || id === ''))) {
    throw fieldError({ cursor: 'cursor must be an ISO 8601 timestamp taken from meta.next_cursor.' });
  }
  return { ms, id: id ?? null };
}

export interface PageMeta {
  limit: number;
  total: number;
  next_cursor?: string | null;
}

export interface KeysetInput<T> {
  /** Every matching row (the cursor is applied here). */
  rows: T[];
  /** The sort timestamp (epoch ms) the cursor refers to. */
  time: (row: T) => number;
  id: (row: T) => string;
  dir: 'asc' | 'desc';
  limit: number;
  cursor: string | undefined;
  switches: SwitchLabsSwitches;
  /**
   * Sorts before the timestamp (e.g. `order_by=priority`). The cursor still
   * compares timestamps, so paging such an order is unreliable — as the
   * reference implies for a timestamp cursor.
   */
  rank?: (row: T) => number;
}

export function keysetPage<T>({ rows, time, id, dir, limit, cursor, switches, rank }: KeysetInput<T>): { page: T[]; meta: PageMeta } {
  const sign = dir === 'asc' ? 1 : -1;
  const byId = (a: T, b: T) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
  const sorted = [...rows].sort((a, b) => (rank ? rank(a) - rank(b) : 0) || sign * (time(a) - time(b)) || sign * byId(a, b));
  const c = parseCursor(cursor, switches);
  const after = (row: T) => {
    if (!c) return true;
    const diff = sign * (time(row) - c.ms);
    if (diff !== 0) return diff > 0;
    if (switches.cursor_mode === 'inclusive') return true;
    if (switches.cursor_mode === 'compound' && c.id !== null) return sign * (id(row) < c.id ? -1 : id(row) > c.id ? 1 : 0) > 0;
    return false;
  };
  const remaining = sorted.filter(after);
  const page = remaining.slice(0, limit);
  const last = page[page.length - 1];
  const meta: PageMeta = { limit, total: rows.length };
  const print = (row: T) =>
    switches.cursor_mode === 'compound' ? `${new Date(time(row)).toISOString()}|${id(row)}` : formatTime(time(row), switches.cursor_precision);
  if (last && remaining.length > limit) meta.next_cursor = print(last);
  else if (switches.last_page_cursor === 'null') meta.next_cursor = null;
  else if (switches.last_page_cursor === 'repeat') meta.next_cursor = last ? print(last) : (cursor ?? null);
  return { page, meta };
}
