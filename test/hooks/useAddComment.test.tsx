import { beforeEach, describe, expect, it } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import {
  isPortalApiError,
  portalKeys,
  useAddComment,
  usePortalSession,
  useTicket,
  type Comment,
  type OutgoingComment,
  type SendReplyResult,
} from '../../src/headless';
import { setupMockApi } from '../utils/mockApi';
import { newQueryClient, portalWrapper } from '../utils/render';
import { watchFetch, type WatchedRequest } from './helpers';
import { idle } from '../utils/settle';

const api = setupMockApi();
const TICKET = 'tkt_jane_06';
const COMMENTS = `/portal/tickets/${TICKET}/comments`;
const clientOptions = { retry: { baseDelayMs: 5, maxDelayMs: 20 } };

beforeEach(() => sessionStorage.clear());

const isCommentPost = (r: WatchedRequest) => r.method === 'POST' && r.url.pathname.endsWith(COMMENTS);
const storedBodies = () => api.mock.store.commentsOf(TICKET).map((c) => c.body);

function setup({ watched = watchFetch(), queryClient = newQueryClient() } = {}) {
  const wrapper = portalWrapper(api, { provider: { clientOptions: { ...clientOptions, fetch: watched.fetch }, queryClient } });
  const rendered: OutgoingComment[][] = [];
  const hook = renderHook(
    () => {
      const reply = useAddComment(TICKET);
      const ticket = useTicket(TICKET, { pollInterval: false });
      const session = usePortalSession();
      rendered.push(reply.outbox);
      return { reply, ticket: { ...ticket }, session };
    },
    { wrapper: wrapper.Wrapper },
  );
  return { ...hook, ...wrapper, watched, rendered };
}

/** The server's comment of a send that went through (and fails the test otherwise). */
function sentComment(result: SendReplyResult): Comment {
  if (result.status !== 'sent') throw new Error(`expected the reply to be sent, got ${result.status}`);
  return result.comment;
}

/** Sends and waits for the outcome. A failed send resolves with its error: it never rejects. */
async function send(reply: { send(body: string): Promise<SendReplyResult> }, body: string) {
  let out: { comment?: Comment; error?: unknown } = {};
  await act(async () => {
    const result = await reply.send(body);
    out = result.status === 'sent' ? { comment: result.comment } : { error: result.error };
  });
  return out;
}

describe('useAddComment', () => {
  it('shows the reply at once as sending, then replaces it with the server comment', async () => {
    const { result, watched, rendered } = setup();
    await waitFor(() => expect(result.current.ticket.isSuccess).toBe(true));
    const hold = watched.hold(isCommentPost);

    let sent!: Promise<SendReplyResult>;
    act(() => {
      sent = result.current.reply.send('Any update on this?');
    });
    // Shown while the request is still held before the server: no response needed.
    await waitFor(() =>
      expect(result.current.reply.outbox).toEqual([
        expect.objectContaining({ status: 'sending', body: 'Any update on this?', idempotencyKey: expect.any(String) }),
      ]),
    );
    expect(hold.held()).toBe(1);
    expect(result.current.reply.isSending).toBe(true);
    expect(storedBodies()).toEqual([]);

    hold.release();
    const comment = sentComment(await act(() => sent));
    await waitFor(() => expect(result.current.reply.outbox).toEqual([]));
    expect(result.current.reply.isSending).toBe(false);
    expect(comment).toMatchObject({ body: 'Any update on this?', authorType: 'customer' });
    await waitFor(() => expect(result.current.ticket.data?.comments.filter((c) => c.id === comment.id)).toHaveLength(1));
    expect(storedBodies()).toEqual(['Any update on this?']);
    // Never shown twice (outbox entry + thread comment) in any render.
    for (const outbox of rendered) expect(outbox.length).toBeLessThanOrEqual(1);
  });

  it('a reply in flight stays "sending" when the host invalidates the kit\'s tickets (portalKeys.tickets())', async () => {
    const { result, watched, queryClient } = setup();
    await waitFor(() => expect(result.current.ticket.isSuccess).toBe(true));
    const hold = watched.hold(isCommentPost);
    let sent!: Promise<SendReplyResult>;
    act(() => {
      sent = result.current.reply.send('Still on its way');
    });
    await waitFor(() => expect(hold.held()).toBe(1));
    // What the key factory documents for "refresh everything about tickets".
    await act(() => queryClient.invalidateQueries({ queryKey: portalKeys.tickets() }));
    expect(result.current.reply.outbox).toEqual([expect.objectContaining({ status: 'sending', body: 'Still on its way' })]);
    expect(result.current.reply.isSending).toBe(true);
    hold.release();
    await act(() => sent);
    await waitFor(() => expect(result.current.reply.outbox).toEqual([]));
    expect(storedBodies()).toEqual(['Still on its way']);
  });

  it('keeps a failed reply in the outbox as failed, with its text, when the server keeps failing', async () => {
    const { result } = setup();
    await waitFor(() => expect(result.current.ticket.isSuccess).toBe(true));
    api.mock.faults.failRoute({ method: 'POST', path: COMMENTS, status: 503 });

    const { error } = await send(result.current.reply, 'This must not be lost');
    expect(isPortalApiError(error) && error.status).toBe(503);
    // The failed outcome names the reply that stays in the outbox.
    expect(result.current.reply.outbox[0]?.localId).toEqual(expect.any(String));
    await waitFor(() => expect(result.current.reply.outbox[0]?.status).toBe('failed'));
    const failed = result.current.reply.outbox[0];
    expect(failed).toMatchObject({ body: 'This must not be lost', status: 'failed' });
    expect(failed?.status === 'failed' && failed.error?.status).toBe(503);
    expect(storedBodies()).toEqual([]);
  });

  it('fails into the outbox during an outage too', async () => {
    const { result } = setup();
    await waitFor(() => expect(result.current.ticket.isSuccess).toBe(true));
    api.mock.faults.setOutage(true);
    await send(result.current.reply, 'Sent during an outage');
    await waitFor(() => expect(result.current.reply.outbox).toEqual([expect.objectContaining({ status: 'failed', body: 'Sent during an outage' })]));
  });

  it('retries with the same idempotency key: one comment on the server even when the first attempt committed', async () => {
    const { result, watched } = setup();
    await waitFor(() => expect(result.current.ticket.isSuccess).toBe(true));
    // Every response lost: the first attempt stores the comment, the client's
    // own retries are replays, and the send fails.
    api.mock.faults.dropAfterCommit({ method: 'POST', path: COMMENTS }, null);
    await send(result.current.reply, 'Did this arrive?');
    await waitFor(() => expect(result.current.reply.outbox[0]?.status).toBe('failed'));
    expect(storedBodies()).toEqual(['Did this arrive?']);
    const failed = result.current.reply.outbox[0];

    api.mock.faults.clearDrops();
    let comment!: Comment;
    await act(async () => {
      comment = sentComment(await result.current.reply.retry(failed?.localId ?? ''));
    });
    expect(storedBodies()).toEqual(['Did this arrive?']);
    expect(comment.id).toBe(api.mock.store.commentsOf(TICKET)[0]?.id);
    await waitFor(() => expect(result.current.reply.outbox).toEqual([]));
    await waitFor(() => expect(result.current.ticket.data?.comments.map((c) => c.body)).toEqual(['Did this arrive?']));
    const keys = watched.requests.filter(isCommentPost).map((r) => r.headers.get('x-idempotency-key'));
    expect(keys.length).toBeGreaterThanOrEqual(2);
    expect(new Set(keys)).toEqual(new Set([failed?.idempotencyKey]));
  });

  it('shows a retried reply as sending again, keeping its place', async () => {
    const { result, watched } = setup();
    await waitFor(() => expect(result.current.ticket.isSuccess).toBe(true));
    api.mock.faults.failRoute({ method: 'POST', path: COMMENTS, status: 400, message: 'nope' });
    await send(result.current.reply, 'first');
    await send(result.current.reply, 'second');
    await waitFor(() => expect(result.current.reply.outbox.map((o) => o.status)).toEqual(['failed', 'failed']));
    api.mock.faults.clearFailures();
    const hold = watched.hold(isCommentPost);
    const first = result.current.reply.outbox[0]?.localId ?? '';
    let retried!: Promise<SendReplyResult>;
    act(() => {
      retried = result.current.reply.retry(first);
    });
    await waitFor(() =>
      expect(result.current.reply.outbox.map((o) => [o.body, o.status])).toEqual([
        ['first', 'sending'],
        ['second', 'failed'],
      ]),
    );
    hold.release();
    await act(() => retried);
    await waitFor(() => expect(result.current.reply.outbox.map((o) => o.body)).toEqual(['second']));
  });

  it('edit takes a failed reply out and returns its text; discard drops it', async () => {
    const { result } = setup();
    await waitFor(() => expect(result.current.ticket.isSuccess).toBe(true));
    api.mock.faults.failRoute({ method: 'POST', path: COMMENTS, status: 400 });
    await send(result.current.reply, 'Typo in this reply');
    await send(result.current.reply, 'Never mind');
    await waitFor(() => expect(result.current.reply.outbox).toHaveLength(2));

    let text = '';
    act(() => {
      text = result.current.reply.edit(result.current.reply.outbox[0]?.localId ?? '');
    });
    expect(text).toBe('Typo in this reply');
    await waitFor(() => expect(result.current.reply.outbox.map((o) => o.body)).toEqual(['Never mind']));
    act(() => result.current.reply.discard(result.current.reply.outbox[0]?.localId ?? ''));
    await waitFor(() => expect(result.current.reply.outbox).toEqual([]));
    // Gone from storage too: a reload does not bring them back.
    expect(Object.keys(sessionStorage).filter((k) => k.includes(`outbox:${TICKET}`))).toEqual([]);
  });

  it('rejects a retry of an unknown reply', async () => {
    const { result } = setup();
    await expect(result.current.reply.retry('nope')).rejects.toThrow(/no reply nope/);
  });

  it('never shows a reply in flight for one customer to the next, and keeps it for its owner', async () => {
    const { result, watched, queryClient } = setup();
    await waitFor(() => expect(result.current.ticket.isSuccess).toBe(true));
    api.mock.faults.setOutage(true);
    const hold = watched.hold(isCommentPost);
    act(() => {
      result.current.reply.send("Jane's reply in flight").catch(() => {});
    });
    await waitFor(() => expect(result.current.reply.outbox.map((o) => o.status)).toEqual(['sending']));

    // Jane signs out, Bob signs in; then Jane's send fails.
    const bob = await api.mock.issuePortalToken({ email: 'bob@example.com' });
    act(() => result.current.session.setToken(bob));
    await waitFor(() => expect(result.current.reply.outbox).toEqual([]));
    hold.release();
    await Promise.all(watched.requests.filter(isCommentPost).map((r) => r.done));
    // The failed send has been handled (and kept for Jane).
    await idle(queryClient);
    expect(result.current.reply.outbox).toEqual([]);
    expect(Object.keys(sessionStorage).filter((k) => k.includes('cus_bob_martin'))).toEqual([]);

    // Jane gets it back (failed, text intact) when she returns.
    api.mock.faults.setOutage(false);
    const jane = await api.mock.issuePortalToken({ email: 'jane@example.com' });
    act(() => result.current.session.setToken(jane));
    await waitFor(() =>
      expect(result.current.reply.outbox).toEqual([expect.objectContaining({ body: "Jane's reply in flight", status: 'failed' })]),
    );
  });

  describe('persistence', () => {
    it('keeps failed replies across unmount and remount', async () => {
      const queryClient = newQueryClient();
      const first = setup({ queryClient });
      await waitFor(() => expect(first.result.current.ticket.isSuccess).toBe(true));
      api.mock.faults.failRoute({ method: 'POST', path: COMMENTS, status: 400 });
      await send(first.result.current.reply, 'Still here after remount');
      await waitFor(() => expect(first.result.current.reply.outbox[0]?.status).toBe('failed'));
      first.unmount();

      const second = setup({ queryClient });
      await waitFor(() => expect(second.result.current.reply.outbox).toHaveLength(1));
      expect(second.result.current.reply.outbox[0]).toMatchObject({ body: 'Still here after remount', status: 'failed' });
    });

    it('restores the outbox after a reload (new provider, same sessionStorage): sending and failed replies come back as failed', async () => {
      const first = setup();
      await waitFor(() => expect(first.result.current.ticket.isSuccess).toBe(true));
      api.mock.faults.failRoute({ method: 'POST', path: COMMENTS, status: 400, count: 1 });
      await send(first.result.current.reply, 'Failed before the reload');
      await waitFor(() => expect(first.result.current.reply.outbox[0]?.status).toBe('failed'));
      // A second reply is in flight when the page goes away (and never reaches the server).
      api.mock.faults.setOutage(true);
      const hold = first.watched.hold(isCommentPost);
      act(() => {
        first.result.current.reply.send('In flight during the reload').catch(() => {});
      });
      await waitFor(() => expect(first.result.current.reply.outbox.map((o) => o.status)).toEqual(['failed', 'sending']));
      const keys = first.result.current.reply.outbox.map((o) => o.idempotencyKey);
      first.unmount();

      const second = setup();
      await waitFor(() => expect(second.result.current.reply.outbox).toHaveLength(2));
      expect(second.result.current.reply.outbox).toEqual([
        expect.objectContaining({ body: 'Failed before the reload', status: 'failed', error: null }),
        expect.objectContaining({ body: 'In flight during the reload', status: 'failed', error: null }),
      ]);
      expect(second.result.current.reply.outbox.map((o) => o.idempotencyKey)).toEqual(keys);

      // The old page's request never made it (dropped by the outage).
      hold.release();
      await Promise.all(first.watched.requests.filter(isCommentPost).map((r) => r.done));
      api.mock.faults.setOutage(false);
      expect(storedBodies()).toEqual([]);

      // Retrying after the reload sends each exactly once.
      for (const item of second.result.current.reply.outbox) {
        await act(async () => {
          await second.result.current.reply.retry(item.localId);
        });
      }
      await waitFor(() => expect(second.result.current.reply.outbox).toEqual([]));
      expect(storedBodies().sort()).toEqual(['Failed before the reload', 'In flight during the reload']);
    });

    it("keeps each customer's outbox to themselves", async () => {
      const janes = setup();
      await waitFor(() => expect(janes.result.current.ticket.isSuccess).toBe(true));
      api.mock.faults.failRoute({ method: 'POST', path: COMMENTS, status: 400 });
      await send(janes.result.current.reply, "Jane's private reply");
      await waitFor(() => expect(janes.result.current.reply.outbox).toHaveLength(1));
      janes.unmount();

      const wrapper = portalWrapper(api, { email: 'bob@example.com' });
      const bobs = renderHook(() => ({ reply: useAddComment(TICKET), session: usePortalSession() }), { wrapper: wrapper.Wrapper });
      await waitFor(() => expect(bobs.result.current.session.customer?.email).toBe('bob@example.com'));
      // The outbox is read once the customer is known, when its query has run.
      await idle(wrapper.queryClient);
      expect(bobs.result.current.reply.outbox).toEqual([]);
      bobs.unmount();

      // Jane's is still there for Jane.
      const janeAgain = setup();
      await waitFor(() => expect(janeAgain.result.current.reply.outbox.map((o) => o.body)).toEqual(["Jane's private reply"]));
    });
  });
});
