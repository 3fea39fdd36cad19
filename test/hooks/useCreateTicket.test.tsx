import { beforeEach, describe, expect, it } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import {
  isNetworkError,
  portalKeys,
  useAttachmentUpload,
  useCreateTicket,
  usePortalSession,
  useTickets,
  type CreateTicketInput,
  type Ticket,
  type TicketDetail,
} from '../../src/headless';
import { setupMockApi } from '../utils/mockApi';
import { portalWrapper } from '../utils/render';
import { countRequests, watchFetch } from './helpers';

const api = setupMockApi();
// Fast client backoff: these tests are about what is retried, not how long it waits.
const clientOptions = { retry: { baseDelayMs: 5, maxDelayMs: 20 } };

beforeEach(() => sessionStorage.clear());

const storedTitled = (title: string) => [...api.mock.store.tickets.values()].filter((t) => t.title === title);
const keysSent = (watched: ReturnType<typeof watchFetch>) =>
  watched.requests
    .filter((r) => r.method === 'POST' && r.url.pathname.endsWith('/portal/tickets'))
    .map((r) => r.headers.get('x-idempotency-key'));

function setup(options: { storage?: Storage } = {}) {
  const watched = watchFetch();
  const wrapper = portalWrapper(api, {
    provider: { clientOptions: { ...clientOptions, fetch: watched.fetch }, ...(options.storage ? { draftStorage: options.storage } : {}) },
  });
  const hook = renderHook(() => ({ create: { ...useCreateTicket() }, list: { ...useTickets() } }), { wrapper: wrapper.Wrapper });
  return { ...hook, ...wrapper, watched };
}

const mutate = async (create: { mutateAsync(input: CreateTicketInput): Promise<Ticket> }, input: CreateTicketInput) => {
  let out: { ticket?: Ticket; error?: unknown } = {};
  await act(async () => {
    out = await create.mutateAsync(input).then(
      (ticket) => ({ ticket }),
      (error: unknown) => ({ error }),
    );
  });
  return out;
};

describe('useCreateTicket', () => {
  it('creates one ticket when the response is dropped after the commit (the client retries with the same key)', async () => {
    const { result, watched } = setup();
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    api.mock.faults.dropAfterCommit({ method: 'POST', path: '/portal/tickets' }, 1);

    const { ticket } = await mutate(result.current.create, { title: 'Printer on fire', body: 'It is really on fire.' });
    expect(ticket?.title).toBe('Printer on fire');
    expect(storedTitled('Printer on fire')).toHaveLength(1);
    expect(storedTitled('Printer on fire')[0]?.id).toBe(ticket?.id);
    const keys = keysSent(watched);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeTruthy();
    expect(keys[1]).toBe(keys[0]);
  });

  it('reuses the key for the same content after a failure, and uses a new one for changed content', async () => {
    const { result, watched } = setup();
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    // Every attempt commits and every response is lost: the client gives up.
    api.mock.faults.dropAfterCommit({ method: 'POST', path: '/portal/tickets' }, null);
    const input = { title: 'Invoices missing', body: 'March and April.' };
    const failed = await mutate(result.current.create, input);
    expect(isNetworkError(failed.error)).toBe(true);
    await waitFor(() => expect(result.current.create.isError).toBe(true));
    expect(storedTitled('Invoices missing')).toHaveLength(1);

    // The user presses send again: same content, same key, the server replays.
    api.mock.faults.clearDrops();
    const second = await mutate(result.current.create, { ...input });
    expect(second.ticket?.id).toBe(storedTitled('Invoices missing')[0]?.id);
    expect(storedTitled('Invoices missing')).toHaveLength(1);
    const keys = keysSent(watched);
    expect(new Set(keys).size).toBe(1);

    // A new draft after success gets a new key (and a second ticket is what the user asked for).
    const third = await mutate(result.current.create, { title: 'Invoices missing', body: 'And May.' });
    expect(third.ticket?.id).not.toBe(second.ticket?.id);
    expect(storedTitled('Invoices missing')).toHaveLength(2);
    expect(new Set(keysSent(watched)).size).toBe(2);
  });

  it('uses a new key when the content changed after a failure (no 409 conflict)', async () => {
    const { result, watched } = setup();
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    api.mock.faults.dropAfterCommit({ method: 'POST', path: '/portal/tickets' }, null);
    await mutate(result.current.create, { title: 'Login loop' });
    api.mock.faults.clearDrops();
    const edited = await mutate(result.current.create, { title: 'Login loop on Safari' });
    expect(edited.error).toBeUndefined();
    expect(edited.ticket?.title).toBe('Login loop on Safari');
    const keys = keysSent(watched);
    expect(keys[0]).not.toBe(keys.at(-1));
    expect(storedTitled('Login loop')).toHaveLength(1);
    expect(storedTitled('Login loop on Safari')).toHaveLength(1);
  });

  it('keeps the key across a reload (new provider, same storage), so a retry after reload is not a duplicate', async () => {
    const first = setup();
    await waitFor(() => expect(first.result.current.list.isSuccess).toBe(true));
    api.mock.faults.dropAfterCommit({ method: 'POST', path: '/portal/tickets' }, null);
    await mutate(first.result.current.create, { title: 'Survives reload', body: 'x' });
    first.unmount();
    api.mock.faults.clearDrops();

    const second = setup();
    await waitFor(() => expect(second.result.current.list.isSuccess).toBe(true));
    const retried = await mutate(second.result.current.create, { title: 'Survives reload', body: 'x' });
    expect(retried.ticket).toBeDefined();
    expect(storedTitled('Survives reload')).toHaveLength(1);
    expect(keysSent(second.watched)[0]).toBe(keysSent(first.watched)[0]);
  });

  it('puts the new ticket at the top of the cached list and seeds its detail, without refetching the list', async () => {
    const { Wrapper, queryClient } = portalWrapper(api);
    const { result } = renderHook(
      () => ({ create: { ...useCreateTicket() }, all: { ...useTickets() }, closed: { ...useTickets({ status: 'closed' }) } }),
      { wrapper: Wrapper },
    );
    await waitFor(() => expect(result.current.all.isSuccess && result.current.closed.isSuccess).toBe(true));
    const listRequests = countRequests(api.requests, /^GET \/portal\/tickets$/);

    const { ticket } = await mutate(result.current.create, { title: 'New and shiny', body: 'Details here' });
    await waitFor(() => expect(result.current.all.data?.pages[0]?.tickets[0]?.id).toBe(ticket?.id));
    expect(result.current.all.data?.pages[0]?.tickets[0]).toMatchObject({ title: 'New and shiny', status: 'open' });
    // Not in a list it does not belong to.
    expect(result.current.closed.data?.pages[0]?.tickets.some((t) => t.id === ticket?.id)).toBe(false);
    expect(countRequests(api.requests, /^GET \/portal\/tickets$/)).toBe(listRequests);
    const detail = queryClient.getQueryData<TicketDetail>(portalKeys.ticket(ticket?.id ?? ''));
    expect(detail).toMatchObject({ id: ticket?.id, body: 'Details here', comments: [] });
  });

  it('attaches files from pending uploads to the new ticket (stored on the server)', async () => {
    const { Wrapper } = portalWrapper(api);
    const { result } = renderHook(() => ({ create: { ...useCreateTicket() }, uploads: useAttachmentUpload() }), { wrapper: Wrapper });
    act(() => {
      result.current.uploads.add([
        new File(['%PDF-1.4 invoice'], 'invoice.pdf', { type: 'application/pdf' }),
        new File(['id,amount\n1,20.00\n2,35.50\n'], 'export.csv', { type: 'text/csv' }),
      ]);
    });
    await waitFor(() => expect(result.current.uploads.attachmentIds).toHaveLength(2));
    const ids = result.current.uploads.attachmentIds;
    // Confirmed but not on any ticket yet.
    for (const id of ids) expect(api.mock.store.attachments.get(id)).toMatchObject({ status: 'UPLOADED', ticketId: null });

    const { ticket } = await mutate(result.current.create, { title: 'With files', attachmentIds: ids });
    expect(ticket).toBeDefined();
    for (const id of ids) expect(api.mock.store.attachments.get(id)?.ticketId).toBe(ticket?.id);
    expect(api.mock.store.visibleAttachments(ticket?.id ?? '').map((a) => a.filename).sort()).toEqual(['export.csv', 'invoice.pdf']);
  });

  it("does not put a ticket created for one customer into the next customer's list", async () => {
    const watched = watchFetch();
    const { Wrapper } = portalWrapper(api, { provider: { clientOptions: { fetch: watched.fetch } } });
    const { result } = renderHook(
      () => ({ create: { ...useCreateTicket() }, list: { ...useTickets() }, session: usePortalSession() }),
      { wrapper: Wrapper },
    );
    await waitFor(() => expect(result.current.list.isSuccess).toBe(true));
    const hold = watched.hold((r) => r.method === 'POST' && r.url.pathname.endsWith('/portal/tickets'));
    let created!: Promise<Ticket>;
    act(() => {
      created = result.current.create.mutateAsync({ title: "Jane's late ticket" });
    });
    await waitFor(() => expect(hold.held()).toBe(1));

    // Jane signs out and Bob signs in while her ticket is on its way.
    const bob = await api.mock.issuePortalToken({ email: 'bob@example.com' });
    act(() => result.current.session.setToken(bob));
    await waitFor(() => expect(result.current.list.data?.pages[0]?.tickets.map((t) => t.id)).toEqual(['tkt_bob_01']));
    hold.release();
    // The mutation's own success handling has run before its promise settles.
    await act(async () => {
      await created.catch(() => undefined);
    });
    expect(result.current.list.data?.pages[0]?.tickets.map((t) => t.id)).toEqual(['tkt_bob_01']);
  });
});
