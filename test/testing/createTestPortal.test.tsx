import { File as NodeFile } from 'node:buffer';
import { act, fireEvent, renderHook, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { SupportPortal, useAttachmentUpload, useTickets } from '../../src';
import { createTestPortal, renderWithPortal, SEED } from '../../src/testing';

// A whole portal in jsdom on a shared 2-core machine takes a few seconds.
vi.setConfig({ testTimeout: 20_000 });

describe('@dispatchtickets/react/testing', () => {
  it('renders kit UI against a fresh mock, signed in as jane@example.com', async () => {
    const { portal } = await renderWithPortal(<SupportPortal />);
    expect(await screen.findByText(/sign in with SSO/)).toBeInTheDocument();
    expect(portal.baseUrl).toMatch(/^http:\/\/localhost:\d+\/v1$/);
    expect(portal.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toContain('GET /portal/tickets 200');
  });

  it('gives every portal its own data and cache: nothing leaks between tests', async () => {
    const first = await createTestPortal();
    first.mock.store.createTicket({ brandId: SEED.brandId, customerId: SEED.customers.jane.id, title: 'Only in the first portal', body: 'x' });
    const { result } = renderHook(() => useTickets(), { wrapper: first.wrapper });
    await waitFor(() => expect(result.current.data?.pages[0]?.tickets.map((t) => t.title)).toContain('Only in the first portal'));
    await first.close();

    const second = await createTestPortal();
    expect([...second.mock.store.tickets.values()].map((t) => t.title)).not.toContain('Only in the first portal');
    expect(second.queryClient).not.toBe(first.queryClient);
    expect(second.queryClient.getQueryCache().getAll()).toEqual([]);
  });

  it('without global afterEach, creating a portal closes the previous one (its server stops)', async () => {
    const earlier = await createTestPortal();
    expect((await fetch(`${earlier.baseUrl.replace(/\/v1$/, '')}/__mock/health`)).status).toBe(200);
    await createTestPortal();
    await expect(fetch(`${earlier.baseUrl.replace(/\/v1$/, '')}/__mock/health`)).rejects.toThrow();
  });

  it('waitForRequest resolves for a request answered before or after the call, each request once, in order', async () => {
    const portal = await createTestPortal();
    const token = (await portal.getToken()).token;
    const post = (title: string) =>
      fetch(`${portal.baseUrl}/portal/tickets`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ title, body: 'b' }),
      });
    await post('one');
    const first = await portal.waitForRequest('POST /portal/tickets');
    expect(first).toMatchObject({ status: 201, body: expect.objectContaining({ title: 'one' }) });

    const pending = portal.waitForRequest('/portal/tickets');
    await post('two');
    expect((await pending).body).toMatchObject({ title: 'two' });
  });

  it('waitForRequest rejects after its timeout, listing what the mock did answer', async () => {
    const portal = await createTestPortal();
    await portal.getToken();
    await expect(portal.waitForRequest('DELETE /portal/tickets/:id', { timeout: 50 })).rejects.toThrow(
      /waitForRequest\("DELETE \/portal\/tickets\/:id"\): no matching request was answered within 50 ms\. The mock answered:\n {2}\(none\)/,
    );
  });

  it('uploads work in jsdom: the kit’s XMLHttpRequest PUT reaches the mock’s storage', async () => {
    const portal = await createTestPortal();
    const { result } = renderHook(() => useAttachmentUpload(), { wrapper: portal.wrapper });
    const file = new NodeFile([new Uint8Array(2048).fill(65)], 'log.txt', { type: 'text/plain' }) as unknown as File;
    act(() => void result.current.add([file]));
    await waitFor(() => expect(result.current.items[0]?.status).toBe('uploaded'));
    const put = await portal.waitForRequest('PUT /__storage/*');
    expect(put).toMatchObject({ kind: 'storage', status: 200 });
    const id = result.current.attachmentIds[0]!;
    expect(portal.mock.store.attachments.get(id)).toMatchObject({ status: 'UPLOADED', size: 2048 });
  });

  it('customer: null: nobody is signed in, and the portal says the session has ended', async () => {
    const { portal } = await renderWithPortal(<SupportPortal />, { customer: null });
    expect(await screen.findByText(/Your support session has ended/)).toBeInTheDocument();
    await expect(portal.getToken()).rejects.toThrow(/Not signed in/);
  });

  it('another customer, provider props and mock options pass through', async () => {
    const { portal } = await renderWithPortal(<SupportPortal />, {
      customer: { email: 'someone-new@example.com', name: 'Someone' },
      provider: { messages: { listTitle: 'My requests' } },
      mock: { tokenTtlSeconds: 120 },
    });
    expect(await screen.findByRole('heading', { name: 'My requests' })).toBeInTheDocument();
    const { token, expiresAt } = await portal.getToken();
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(120_000);
    expect(JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()).email).toBe('someone-new@example.com');
  });

  it('drafts stay with their portal (in memory), never in the page’s sessionStorage', async () => {
    const portal = await createTestPortal();
    portal.render(<SupportPortal defaultView={{ name: 'ticket', ticketId: SEED.tickets.pending }} />);
    fireEvent.change(await screen.findByLabelText('Your reply'), { target: { value: 'half-written' } });
    await waitFor(() => expect(sessionStorage.length).toBe(0));
    await portal.close();
    await renderWithPortal(<SupportPortal defaultView={{ name: 'ticket', ticketId: SEED.tickets.pending }} />);
    expect(((await screen.findByLabelText('Your reply')) as HTMLTextAreaElement).value).toBe('');
  });
});
