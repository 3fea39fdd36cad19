import { describe, expect, it } from 'vitest';
import { listQuery, useAdapterHarness } from './helpers';

const h = useAdapterHarness();
const seed = () => h.server.mock.seed;

/** Upstream calls each portal operation makes on a Switch Labs install (the minimum the API allows). */
describe('switchLabs upstream calls per portal operation', () => {
  it('sign-in, list, detail, create, reply, close, reopen, article search', async () => {
    const backend = h.adapter({ articleUrl: 'https://help.acme.example/a/{id}' });
    const ctx = h.ctx(h.jordan());
    const bare = { signal: ctx.signal, requestId: ctx.requestId, state: ctx.state };
    const count = async (run: () => Promise<unknown>) => {
      h.resetCalls();
      await run();
      return h.calls.map((c) => `${c.method} ${c.path.replace(/\/[^/]+$/, (m) => (m === '/tickets' || m === '/customers' || m === '/conversations' || m === '/articles' ? m : '/{id}'))}`);
    };
    const ticket = (await backend.getTicket(ctx, seed().tickets.tieC))!;
    expect(await count(() => backend.capabilities(bare))).toEqual([]);
    expect(await count(() => backend.resolveCustomer(bare, { email: h.jordan().email, name: null }))).toEqual(['GET /customers']);
    expect(await count(() => backend.resolveCustomer(bare, { email: 'first.time@example.com', name: null }))).toEqual(['GET /customers', 'GET /customers', 'POST /customers']);
    expect(await count(() => backend.listTickets(ctx, listQuery()))).toEqual(['GET /tickets']);
    expect(await count(() => backend.getTicket(ctx, seed().tickets.thread))).toEqual(['GET /tickets/{id}']);
    expect((await count(() => backend.getTicketDetail(ctx, seed().tickets.thread))).sort()).toEqual(['GET /conversations', 'GET /tickets/{id}']);
    expect(await count(() => backend.createTicket(ctx, { title: 'New', body: '', priority: null, categoryId: null, customFields: {}, files: [] }))).toEqual(['GET /customers', 'POST /tickets']);
    // A reply on a pending ticket also sets it back to open.
    expect(await count(() => backend.addMessage(ctx, ticket, { body: 'Hi', files: [] }))).toEqual(['POST /conversations', 'PATCH /tickets/{id}']);
    const open = (await backend.getTicket(ctx, seed().tickets.tieA))!;
    expect(await count(() => backend.addMessage(ctx, open, { body: 'Hi', files: [] }))).toEqual(['POST /conversations']);
    expect(await count(() => backend.closeTicket!(ctx, open))).toEqual(['PATCH /tickets/{id}']);
    const closed = (await backend.getTicket(ctx, seed().tickets.tieA))!;
    expect(await count(() => backend.reopenTicket!(ctx, closed))).toEqual(['PATCH /tickets/{id}']);
    expect(await count(() => backend.searchArticles!(bare, 'vat', 5))).toEqual(['GET /articles']);
  });
});
