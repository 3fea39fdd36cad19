// useReplyComposer under a minimal custom UI: a textarea, a file input and a
// button, no kit component. The reasons are codes; this UI prints them as is.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  useAttachmentUpload,
  useReplyComposer,
  usePortalSession,
  type UseReplyComposerOptions,
  type UseReplyComposerResult,
} from '../../src/headless';
import { JANE, setupMockApi } from '../utils/mockApi';
import { portalWrapper, type PortalRenderOptions } from '../utils/render';
import { testFile } from '../components/AttachmentUploader/files';

const api = setupMockApi();
const TICKET = 'tkt_jane_06';
const COMMENTS = `/portal/tickets/${TICKET}/comments`;
beforeEach(() => sessionStorage.clear());

let composer: UseReplyComposerResult;

function Composer({ ticketId = TICKET, ...options }: UseReplyComposerOptions & { ticketId?: string }) {
  const reply = (composer = useReplyComposer(ticketId, options));
  const uploads = useAttachmentUpload({ ticketId, value: reply.files, onValueChange: reply.setFiles });
  const signedIn = usePortalSession().customer !== null;
  return (
    <div>
      {reply.outbox.map((r) => (
        <p key={r.localId}>
          {r.body} [{r.status}] <button onClick={() => void reply.retry(r.localId)}>Retry {r.body}</button>
          <button onClick={() => reply.edit(r.localId)}>Edit {r.body}</button>
        </p>
      ))}
      <textarea aria-label="Reply" value={reply.text} onChange={(e) => reply.setText(e.target.value)} onKeyDown={reply.onKeyDown} />
      <input type="file" aria-label="Files" onChange={(e) => uploads.add(e.target.files ?? [])} />
      <button onClick={() => void reply.submit()}>Send</button>
      <output aria-label="Reason">{reply.reason ?? 'none'}</output>
      {signedIn ? <p>signed in</p> : null}
    </div>
  );
}

function renderComposer(props: UseReplyComposerOptions & { ticketId?: string } = {}, options: PortalRenderOptions = {}) {
  const { Wrapper, queryClient } = portalWrapper(api, { ...options, provider: { clientOptions: { retry: false }, ...options.provider } });
  const view = render(<Composer {...props} />, { wrapper: Wrapper });
  return { ...view, queryClient };
}

const reason = () => screen.getByRole('status', { name: 'Reason' });
const box = () => screen.getByRole('textbox', { name: 'Reply' });
const stored = (ticket = TICKET) => api.mock.store.commentsOf(ticket).map((c) => c.body);

describe('useReplyComposer', () => {
  describe('why a reply is refused', () => {
    it('empty, then too long, then fine', async () => {
      renderComposer();
      await screen.findByText('signed in');
      expect(reason()).toHaveTextContent('empty');
      await userEvent.type(box(), 'x');
      expect(reason()).toHaveTextContent('none');
      act(() => composer.setText('x'.repeat(20_001)));
      await waitFor(() => expect(reason()).toHaveTextContent('too-long'));
    });

    it('closed on a ticket that takes no replies, and disabled when the host says so', async () => {
      const { unmount } = renderComposer({ ticketId: 'tkt_jane_04' });
      await waitFor(() => expect(reason()).toHaveTextContent('closed'));
      unmount();
      renderComposer({ disabled: true });
      await userEvent.type(box(), 'Hello');
      expect(reason()).toHaveTextContent('disabled');
    });

    it('uploading while a file is on its way, then a reply of files alone is fine', async () => {
      api.mock.faults.setLatency(300, { method: 'PUT', path: '/__storage/*' });
      renderComposer();
      await screen.findByText('signed in');
      await userEvent.upload(screen.getByLabelText('Files'), testFile('trace.log', 40));
      await waitFor(() => expect(reason()).toHaveTextContent('uploading'));
      await waitFor(() => expect(reason()).toHaveTextContent('none'), { timeout: 5_000 });
      await userEvent.click(screen.getByRole('button', { name: 'Send' }));
      await waitFor(() => expect(stored()).toEqual([expect.stringMatching(/^- \[trace\.log\]\(attachment:att_/)]));
    });

    it('session-expired once the session cannot be renewed', async () => {
      let mint = true;
      const getToken = async () => {
        if (!mint) throw new Error('signed out');
        return api.mock.issuePortalToken({ email: JANE });
      };
      renderComposer({}, { provider: { getToken } });
      await screen.findByText('signed in');
      await userEvent.type(box(), 'After lunch');
      mint = false;
      api.mock.faults.expireAllTokens();
      await userEvent.click(screen.getByRole('button', { name: 'Send' }));
      await waitFor(() => expect(reason()).toHaveTextContent('session-expired'));
    });

    it('a refused submit resolves with the reason, calls onReplyBlock and sends nothing', async () => {
      const onReplyBlock = vi.fn();
      renderComposer({ onReplyBlock });
      await screen.findByText('signed in');
      await expect(act(() => composer.submit())).resolves.toEqual({ status: 'blocked', reason: 'empty' });
      expect(onReplyBlock).toHaveBeenCalledWith('empty');
      await waitFor(() => expect(composer.attempted).toBe(true));
      expect(api.requests.filter((r) => r.startsWith('POST'))).toEqual([]);
    });
  });

  it('sends with Ctrl+Enter (Enter alone is a new line), clears the text and reports the comment', async () => {
    const onReplySend = vi.fn();
    renderComposer({ onReplySend });
    await screen.findByText('signed in');
    await userEvent.type(box(), 'Line one{Enter}line two');
    await userEvent.keyboard('{Control>}{Enter}{/Control}');
    expect(box()).toHaveValue('');
    await waitFor(() => expect(onReplySend).toHaveBeenCalledWith(expect.objectContaining({ body: 'Line one\nline two' })));
    expect(stored()).toEqual(['Line one\nline two']);
  });

  it('keeps a failed reply in the outbox; retry sends it once; edit appends it to what is being written', async () => {
    const onReplyError = vi.fn();
    api.mock.faults.failRoute({ method: 'POST', path: COMMENTS, status: 500, count: 2 });
    renderComposer({ onReplyError });
    await screen.findByText('signed in');
    await userEvent.type(box(), 'First');
    const outcome = await act(() => composer.submit());
    expect(outcome).toMatchObject({ status: 'failed', error: expect.objectContaining({ status: 500 }), localId: expect.any(String) });
    expect(onReplyError).toHaveBeenCalledWith(expect.objectContaining({ status: 500 }), 'localId' in outcome ? outcome.localId : null);
    await screen.findByText(/First \[failed\]/);

    await userEvent.click(screen.getByRole('button', { name: 'Retry First' }));
    await screen.findByText(/First \[failed\]/);
    await userEvent.click(screen.getByRole('button', { name: 'Retry First' }));
    await waitFor(() => expect(stored()).toEqual(['First']));

    api.mock.faults.failRoute({ method: 'POST', path: COMMENTS, status: 500, count: 1 });
    await userEvent.type(box(), 'Second');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await screen.findByText(/Second \[failed\]/);
    await userEvent.type(box(), 'Now typing');
    await userEvent.click(screen.getByRole('button', { name: 'Edit Second' }));
    expect(box()).toHaveValue('Now typing\n\nSecond');
    expect(screen.queryByText(/Second \[failed\]/)).not.toBeInTheDocument();
  });

  it('keeps the text as a draft across a remount, or leaves it to the host when controlled', async () => {
    const first = renderComposer();
    await screen.findByText('signed in');
    await userEvent.type(box(), 'Half written');
    first.unmount();
    renderComposer();
    await waitFor(() => expect(box()).toHaveValue('Half written'));

    const onValueChange = vi.fn();
    const { Wrapper } = portalWrapper(api);
    const controlled = render(<Composer value="From the host" onValueChange={onValueChange} />, { wrapper: Wrapper });
    expect(controlled.getAllByRole('textbox', { name: 'Reply' }).at(-1)).toHaveValue('From the host');
  });

  it('starts the files over on another ticket', async () => {
    const { rerender } = renderComposer();
    await screen.findByText('signed in');
    await userEvent.upload(screen.getByLabelText('Files'), testFile('for-1006.log', 40));
    await waitFor(() => expect(composer.files.map((f) => f.status)).toEqual(['uploaded']));
    rerender(<Composer ticketId="tkt_jane_03" />);
    expect(composer.files).toEqual([]);
  });
});
