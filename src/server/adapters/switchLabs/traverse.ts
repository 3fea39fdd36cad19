import type { JsonValue } from '../../gateway/backend';

/**
 * Tie-safe traversal of Switch Labs' timestamp cursor.
 *
 * The API pages by "rows after this ISO timestamp", with no tie-breaker, and
 * may print the cursor in whole seconds while keeping milliseconds: a strict
 * comparison skips rows sharing the boundary timestamp (or second), an
 * inclusive one repeats them. So the adapter never sends the API's own
 * `next_cursor`. It remembers the boundary *unit* (the second, or the
 * millisecond when the API prints them) and the ids it already emitted in
 * that unit, asks again from the boundary widened by one unit so the whole
 * unit comes back under either comparison, and drops what it has seen.
 * A unit with more rows than a page is retried once with the maximum page
 * size; beyond that it is skipped (and reported), since the API offers no
 * way to reach the rest.
 */

export type Unit = 's' | 'ms';

/** What the adapter hands the gateway as `next` (the gateway signs it). */
export type TraversalState = {
  /** Start of the boundary unit, ISO 8601 with milliseconds. */
  ts: string;
  unit: Unit;
  /** Ids already emitted whose timestamp lies in the boundary unit. */
  seen: string[];
};

export interface TraversalRow<T> {
  id: string;
  /** Epoch ms of the sort timestamp. */
  ms: number;
  raw: T;
}

export interface UpstreamPage<T> {
  rows: TraversalRow<T>[];
  /** `meta.next_cursor`: a string, null, or undefined when absent. */
  nextCursor: string | null | undefined;
  /** Whether the row timestamps and the cursor carry fractions of a second. */
  fractional: boolean;
}

export interface TraverseOptions<T> {
  dir: 'asc' | 'desc';
  pageSize: number;
  /** Stop once this many rows are accepted (and one more is known to exist); null reads everything. */
  want: number | null;
  start: TraversalState | null;
  fetchPage(cursor: string | undefined, limit: number): Promise<UpstreamPage<T>>;
  /** Per page, which new rows to keep (filters, ownership, confirmation calls). */
  accept(rows: TraversalRow<T>[]): Promise<boolean[]> | boolean[];
  /** A boundary unit held more rows than the largest page: the rest of it was skipped. */
  onOverflow(detail: { ts: string; unit: Unit }): void;
}

export const MAX_PAGE = 100;
/** Upstream requests one portal page may make; a safety net, far above what any real page needs. */
const MAX_REQUESTS = 200;

const UNIT_MS: Record<Unit, number> = { s: 1000, ms: 1 };
const unitStart = (ms: number, unit: Unit) => Math.floor(ms / UNIT_MS[unit]) * UNIT_MS[unit];
const print = (ms: number, unit: Unit) => {
  const iso = new Date(ms).toISOString();
  return unit === 's' ? `${iso.slice(0, 19)}Z` : iso;
};

/** Reads a state the gateway verified; anything else starts from the beginning. */
export function parseState(value: JsonValue | null): TraversalState | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { ts, unit, seen } = value;
  if (typeof ts !== 'string' || Number.isNaN(Date.parse(ts)) || (unit !== 's' && unit !== 'ms') || !Array.isArray(seen)) return null;
  return { ts, unit, seen: seen.filter((s): s is string => typeof s === 'string') };
}

export async function traverse<T>(o: TraverseOptions<T>): Promise<{ items: TraversalRow<T>[]; next: TraversalState | null }> {
  const sign = o.dir === 'desc' ? -1 : 1;
  let unit: Unit | null = o.start?.unit ?? null;
  let boundary: number | null = o.start ? Date.parse(o.start.ts) : null;
  const seen = new Set(o.start?.seen ?? []);
  const processed: { id: string; ms: number }[] = [];
  const accepted: TraversalRow<T>[] = [];

  /** Rows on the already-traversed side of the boundary unit were emitted by earlier pages. */
  const alreadyPassed = (ms: number) => boundary !== null && unit !== null && sign * (ms - boundary) < 0 && unitStart(ms, unit) !== boundary;
  /** The boundary widened by one unit toward the seen side: the whole unit comes back, strict or inclusive. */
  const widened = () => (boundary === null || unit === null ? undefined : print(sign < 0 ? boundary + UNIT_MS[unit] : boundary - UNIT_MS[unit], unit));

  let cursor = widened();
  let limit = o.pageSize;
  let retriedLarger = false;
  /** A unit given up on (more rows than the largest page): its rows are ignored from then on. */
  let skipped: number | null = null;
  let justSkipped = false;
  let more = false;
  for (let requests = 0; requests < MAX_REQUESTS && !more; requests++) {
    const page = await o.fetchPage(cursor, limit);
    const u = (unit ??= page.fractional ? 'ms' : 's');
    const fresh = page.rows.filter((row) => !seen.has(row.id) && !alreadyPassed(row.ms) && unitStart(row.ms, u) !== skipped);
    for (const row of fresh) seen.add(row.id);
    const keep = fresh.length ? await o.accept(fresh) : [];
    for (const [i, row] of fresh.entries()) {
      processed.push({ id: row.id, ms: row.ms });
      if (!keep[i]) continue;
      accepted.push(row);
      if (o.want !== null && accepted.length > o.want) {
        more = true;
        break;
      }
    }
    if (more || page.nextCursor === null || page.nextCursor === undefined || page.rows.length < limit) break;
    if (fresh.length === 0) {
      // Nothing new: the page lies inside the boundary unit (more ties than a page) or the API repeats itself.
      if (justSkipped || boundary === null) break;
      if (!retriedLarger && limit < MAX_PAGE) {
        retriedLarger = true;
        limit = MAX_PAGE;
        continue;
      }
      o.onOverflow({ ts: new Date(boundary).toISOString(), unit: u });
      skipped = boundary;
      justSkipped = true;
      // Strictly past the unit; the API has no way to reach the rest of it.
      cursor = sign < 0 ? print(boundary, u) : print(boundary + UNIT_MS[u] - 1, 'ms');
      retriedLarger = false;
      limit = o.pageSize;
      continue;
    }
    justSkipped = false;
    const last = page.rows[page.rows.length - 1] as TraversalRow<T>;
    boundary = unitStart(last.ms, u);
    cursor = widened();
    retriedLarger = false;
    limit = o.pageSize;
  }

  if (!more || o.want === null) return { items: accepted, next: null };
  const items = accepted.slice(0, o.want);
  const lastItem = items[items.length - 1];
  if (!lastItem || unit === null) return { items, next: null };
  const b = unitStart(lastItem.ms, unit);
  const cut = processed.findIndex((p) => p.id === lastItem.id);
  const inUnit = processed.slice(0, cut + 1).filter((p) => unitStart(p.ms, unit as Unit) === b).map((p) => p.id);
  const carried = o.start && o.start.unit === unit && Date.parse(o.start.ts) === b ? o.start.seen : [];
  return { items, next: { ts: new Date(b).toISOString(), unit, seen: [...new Set([...carried, ...inUnit])] } };
}
