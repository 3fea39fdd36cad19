import { afterEach, describe, expect, it } from 'vitest';
import { body, useSwitchLabsServer, walk } from './helpers';

const h = useSwitchLabsServer();
const seed = () => h.server.mock.seed;
const list = () => `/tickets?customer_id=${seed().customers.jordan}&limit=2`;

afterEach(async () => {
  await h.control('reset', {});
});

const set = async (patch: Record<string, string>) => expect((await h.control('switches', patch)).status).toBe(200);
const allIds = async () => (await body(await h.api(`/tickets?customer_id=${seed().customers.jordan}&limit=100`))).data.map((t: { id: string }) => t.id) as string[];

describe('Switch Labs mock: the timestamp cursor', () => {
  it('seeds three tickets with one created_at straddling the limit=2 boundary, and one 150 ms earlier in the same second', async () => {
    const page = await body(await h.api(list()));
    const { tieA, tieB, tieC, latest, sameSecond } = seed().tickets;
    expect(page.data[0].id).toBe(latest);
    expect([tieA, tieB, tieC]).toContain(page.data[1].id);
    const ties = [tieA, tieB, tieC].map((id) => h.server.mock.store.tickets.get(id)!.created_at);
    expect(new Set(ties).size).toBe(1);
    const same = h.server.mock.store.tickets.get(sameSecond)!.created_at;
    expect(ties[0]! - same).toBe(150);
    expect(Math.floor(same / 1000)).toBe(Math.floor(ties[0]! / 1000));
    // The cursor is the last row's timestamp, printed in whole seconds.
    expect(page.meta.next_cursor).toBe(page.data[1].created_at);
    expect(page.meta.next_cursor).toMatch(/:\d\dZ$/);
  });

  it('strict + seconds (the default) skips the tied tickets and the rest of that second', async () => {
    const { ids } = await walk(h, list());
    const all = await allIds();
    expect(all).toHaveLength(8);
    const { tieA, tieB, tieC, sameSecond } = seed().tickets;
    const skipped = all.filter((id) => !ids.includes(id));
    expect(skipped).toHaveLength(3);
    expect([tieA, tieB, tieC, sameSecond]).toEqual(expect.arrayContaining(skipped));
    expect(skipped).toContain(sameSecond);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('strict + millis skips only the ties', async () => {
    await set({ cursor_precision: 'millis' });
    const { ids, cursors } = await walk(h, list());
    expect(cursors[0]).toMatch(/\.250Z$/);
    const skipped = (await allIds()).filter((id) => !ids.includes(id));
    expect(skipped).toHaveLength(2);
    expect(ids).toContain(seed().tickets.sameSecond);
  });

  it('inclusive + millis repeats the boundary rows and, with more ties than the limit, never advances', async () => {
    await set({ cursor_mode: 'inclusive', cursor_precision: 'millis' });
    const { ids, cursors, pages } = await walk(h, list(), 6);
    expect(pages).toBe(6);
    expect(new Set(cursors.slice(1)).size).toBe(1);
    expect(new Set(ids).size).toBeLessThan(ids.length);
  });

  it('compound is a correct keyset: every ticket exactly once', async () => {
    await set({ cursor_mode: 'compound' });
    const { ids, cursors } = await walk(h, list());
    expect(ids).toEqual(await allIds());
    expect(cursors[0]).toMatch(/^\d{4}-.+Z\|.+/);
  });

  it('the last page says so with null, an absent cursor, or the last timestamp again', async () => {
    const last = async () => body(await h.api(`/tickets?customer_id=${seed().customers.jordan}&limit=100`));
    expect((await last()).meta).toEqual({ limit: 100, total: 8, next_cursor: null });
    await set({ last_page_cursor: 'absent' });
    expect((await last()).meta).toEqual({ limit: 100, total: 8 });
    await set({ last_page_cursor: 'repeat' });
    const page = await last();
    expect(page.meta.next_cursor).toBe(page.data[7].created_at);
    const after = await body(await h.api(`/tickets?customer_id=${seed().customers.jordan}&limit=100&cursor=${page.meta.next_cursor}`));
    expect(after.data).toEqual([]);
    // meta.total counts every match, whatever the cursor.
    expect(after.meta.total).toBe(8);
  });

  it('pages conversations oldest first with the same cursor (the tied pair at a boundary is cut by strict paging)', async () => {
    const c = seed().conversations;
    await set({ cursor_precision: 'millis' });
    const { ids } = await walk(h, `/conversations?ticket_id=${seed().tickets.thread}&limit=5`);
    const both = [c.customerEmail, c.staffSms];
    expect(both.filter((id) => ids.includes(id))).toHaveLength(1);
    await set({ cursor_mode: 'compound' });
    expect((await walk(h, `/conversations?ticket_id=${seed().tickets.thread}&limit=5`)).ids).toEqual(expect.arrayContaining(both));
  });
});
