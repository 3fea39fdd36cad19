import { beforeEach, describe, expect, it } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { useDraft, usePortalSession, type TokenResult } from '../../src/headless';
import { JANE, setupMockApi } from '../utils/mockApi';
import { portalWrapper, type PortalRenderOptions } from '../utils/render';
import { deferred } from './helpers';
import { flush } from '../utils/settle';

const api = setupMockApi();
const BOB = 'bob@example.com';

beforeEach(() => sessionStorage.clear());

function renderDraft(key = 'reply:tkt_jane_01', options: PortalRenderOptions = {}) {
  const wrapper = portalWrapper(api, options);
  const renders: Array<{ customer: string | null; value: string }> = [];
  const hook = renderHook(
    ({ draftKey }: { draftKey: string }) => {
      const session = usePortalSession();
      const [value, setValue, clear] = useDraft(draftKey, '');
      renders.push({ customer: session.customer?.email ?? null, value });
      return { session, value, setValue, clear };
    },
    { wrapper: wrapper.Wrapper, initialProps: { draftKey: key } },
  );
  return { ...hook, ...wrapper, renders };
}
const ready = async (result: { current: { session: { status: string } } }) =>
  waitFor(() => expect(result.current.session.status).toBe('ready'));
const storedDrafts = () => Object.entries(sessionStorage).filter(([k]) => k.startsWith('dt:draft:'));

describe('useDraft', () => {
  it('keeps text across unmount and remount', async () => {
    const first = renderDraft();
    await ready(first.result);
    act(() => first.result.current.setValue('Half a reply'));
    expect(first.result.current.value).toBe('Half a reply');
    first.unmount();

    const second = renderDraft();
    await ready(second.result);
    expect(second.result.current.value).toBe('Half a reply');
  });

  it('keeps text across a reload (new provider and cache, same sessionStorage)', async () => {
    const first = renderDraft('new-ticket');
    await ready(first.result);
    act(() => first.result.current.setValue('My printer is on fire'));
    first.unmount();
    expect(storedDrafts().map(([, v]) => JSON.parse(v) as unknown)).toEqual(['My printer is on fire']);

    const second = renderDraft('new-ticket');
    await waitFor(() => expect(second.result.current.value).toBe('My printer is on fire'));
  });

  it('supports updater functions', async () => {
    const { result } = renderDraft();
    await ready(result);
    act(() => result.current.setValue('a'));
    act(() => result.current.setValue((prev) => `${prev}b`));
    expect(result.current.value).toBe('ab');
  });

  it('keeps one draft per key', async () => {
    const { result, rerender } = renderDraft('reply:tkt_jane_01');
    await ready(result);
    act(() => result.current.setValue('About ticket one'));
    rerender({ draftKey: 'reply:tkt_jane_02' });
    await waitFor(() => expect(result.current.value).toBe(''));
    act(() => result.current.setValue('About ticket two'));
    rerender({ draftKey: 'reply:tkt_jane_01' });
    await waitFor(() => expect(result.current.value).toBe('About ticket one'));
    expect(storedDrafts()).toHaveLength(2);
  });

  it('clear() empties it and forgets it in storage', async () => {
    const first = renderDraft();
    await ready(first.result);
    act(() => first.result.current.setValue('Sent, so clear me'));
    act(() => first.result.current.clear());
    expect(first.result.current.value).toBe('');
    expect(storedDrafts()).toEqual([]);
    first.unmount();
    const second = renderDraft();
    // The draft is read while rendering once the customer is known.
    await ready(second.result);
    await flush();
    expect(second.result.current.value).toBe('');
  });

  it('is scoped per customer: one customer never sees another’s draft', async () => {
    const jane = renderDraft();
    await ready(jane.result);
    act(() => jane.result.current.setValue("Jane's secret"));
    jane.unmount();

    const bob = renderDraft('reply:tkt_jane_01', { email: BOB });
    await ready(bob.result);
    await flush();
    expect(bob.result.current.value).toBe('');
    expect(bob.renders.map((r) => r.value)).not.toContain("Jane's secret");
    bob.unmount();

    const janeAgain = renderDraft();
    await waitFor(() => expect(janeAgain.result.current.value).toBe("Jane's secret"));
  });

  it('switches to the new customer’s draft when the session changes customer, never showing the old one', async () => {
    const { result, renders } = renderDraft();
    await ready(result);
    act(() => result.current.setValue("Jane's text"));
    const bob = await api.mock.issuePortalToken({ email: BOB });
    act(() => result.current.session.setToken(bob));
    await waitFor(() => expect(result.current.session.customer?.email).toBe(BOB));
    expect(result.current.value).toBe('');
    expect(renders.filter((r) => r.customer === BOB).map((r) => r.value)).not.toContain("Jane's text");
    // Bob's typing goes to Bob's draft; Jane's is untouched.
    act(() => result.current.setValue("Bob's text"));
    expect(storedDrafts().map(([, v]) => JSON.parse(v) as unknown).sort()).toEqual(["Bob's text", "Jane's text"]);
  });

  it('keeps what the user typed before the session was ready, and saves it once it is', async () => {
    const gate = deferred();
    const getToken = async (): Promise<TokenResult> => {
      await gate.promise;
      return api.mock.issuePortalToken({ email: JANE });
    };
    // An older draft exists: the fresh typing wins over it.
    const first = renderDraft();
    await ready(first.result);
    act(() => first.result.current.setValue('older draft'));
    first.unmount();

    const { result } = renderDraft('reply:tkt_jane_01', { provider: { getToken } });
    expect(result.current.session.customer).toBeNull();
    act(() => result.current.setValue('typed while signing in'));
    gate.resolve();
    await ready(result);
    await flush();
    expect(result.current.value).toBe('typed while signing in');
    expect(storedDrafts().map(([, v]) => JSON.parse(v) as unknown)).toEqual(['typed while signing in']);
  });

  it('restores the stored draft once the session is ready when nothing was typed', async () => {
    const first = renderDraft();
    await ready(first.result);
    act(() => first.result.current.setValue('restored later'));
    first.unmount();

    const gate = deferred();
    const getToken = async (): Promise<TokenResult> => {
      await gate.promise;
      return api.mock.issuePortalToken({ email: JANE });
    };
    const { result } = renderDraft('reply:tkt_jane_01', { provider: { getToken } });
    expect(result.current.value).toBe('');
    gate.resolve();
    await waitFor(() => expect(result.current.value).toBe('restored later'));
  });

  it('keeps drafts in memory only with draftStorage={null}', async () => {
    const { result } = renderDraft('reply:x', { provider: { draftStorage: null } });
    await ready(result);
    act(() => result.current.setValue('memory only'));
    expect(result.current.value).toBe('memory only');
    expect(storedDrafts()).toEqual([]);
  });
});
