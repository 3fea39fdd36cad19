import { File as NodeFile } from 'node:buffer';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { ReplyComposer, TicketThread, usePortalSession } from '../../../src';
import { expectNoAxeViolations } from '../../utils/axe';
import { setupMockApi } from '../../utils/mockApi';
import { renderWithPortal } from '../../utils/render';

// A Vitest setup helper named like a hook (test/utils/mockApi.ts), not a React hook.
const api = setupMockApi();
const TICKET = 'tkt_jane_02';
const COMMENTS = `/portal/tickets/${TICKET}/comments`;
/** No client-side retries, so one injected failure is one failed send. */
const noRetry = { provider: { clientOptions: { retry: false as const } } };

const textbox = () => screen.getByRole('textbox', { name: 'Your reply' });
const sendButton = () => screen.getByRole('button', { name: 'Send' });
// jsdom's Blob can't be read by MSW's XMLHttpRequest interceptor; Node's File is a real Blob, like a browser's.
const testFile = (name: string, text = 'x') => new NodeFile([text], name, { type: 'text/plain' }) as unknown as File;
const fileInput = (container: HTMLElement) => container.querySelector<HTMLInputElement>('input[type="file"]')!;
const storedBodies = () => api.mock.store.commentsOf(TICKET).map((c) => c.body);
const feedItems = () => within(screen.getByRole('feed')).getAllByRole('article');

beforeEach(() => sessionStorage.clear());

describe('ReplyComposer', () => {
  describe('sending', () => {
    it('sends optimistically: clears at once, shows "Sending…", then the server comment exactly once', async () => {
      api.mock.faults.setLatency(300, { method: 'POST', path: COMMENTS });
      renderWithPortal(<TicketThread ticketId={TICKET} />, api);
      await userEvent.type(await screen.findByRole('textbox', { name: 'Your reply' }), 'Here is the Entity ID again');
      await userEvent.click(sendButton());
      expect(textbox()).toHaveValue('');
      const pending = await screen.findByText('Sending…');
      expect(pending.closest('.dt-message')).toHaveAttribute('data-delivery', 'sending');
      await waitFor(() => expect(screen.queryByText('Sending…')).not.toBeInTheDocument());
      const last = feedItems().at(-1)!;
      expect(last).toHaveTextContent('Here is the Entity ID again');
      expect(last.querySelector('.dt-message')).not.toHaveAttribute('data-delivery');
      expect(screen.getAllByText('Here is the Entity ID again')).toHaveLength(1);
      expect(storedBodies().filter((b) => b === 'Here is the Entity ID again')).toHaveLength(1);
      await waitFor(() => expect(screen.getByText('Reply sent')).toBeInTheDocument());
    });

    it('sends with Ctrl+Enter and with ⌘+Enter, and Enter alone makes a new line', async () => {
      renderWithPortal(<ReplyComposer ticketId={TICKET} />, api);
      const input = await screen.findByRole('textbox', { name: 'Your reply' });
      await userEvent.type(input, 'First line{Enter}second line');
      expect(input).toHaveValue('First line\nsecond line');
      expect(api.requests).not.toContain(`POST ${COMMENTS}`);
      await userEvent.keyboard('{Control>}{Enter}{/Control}');
      await waitFor(() => expect(storedBodies()).toContain('First line\nsecond line'));
      expect(input).toHaveValue('');
      await userEvent.type(input, 'From a Mac');
      await userEvent.keyboard('{Meta>}{Enter}{/Meta}');
      await waitFor(() => expect(storedBodies()).toContain('From a Mac'));
    });

    it('shows the platform shortcut as a hint tied to the textarea', async () => {
      renderWithPortal(<ReplyComposer ticketId={TICKET} />, api);
      const input = await screen.findByRole('textbox', { name: 'Your reply' });
      expect(input).toHaveAccessibleDescription(/Press (Ctrl\+Enter|⌘\+Enter) to send/);
    });
  });

  describe('failures', () => {
    it('a reply stored by the server whose answer was lost is found, and shown once as delivered', async () => {
      // Every answer lost (no client retries here): the server has the reply, the client never hears so.
      api.mock.faults.dropAfterCommit({ method: 'POST', path: COMMENTS }, null);
      renderWithPortal(<TicketThread ticketId={TICKET} />, api, noRetry);
      await userEvent.type(await screen.findByRole('textbox', { name: 'Your reply' }), 'Did this arrive?');
      await userEvent.click(sendButton());
      await waitFor(() => expect(screen.queryByText('Sending…')).not.toBeInTheDocument());
      expect(screen.getAllByText('Did this arrive?')).toHaveLength(1);
      expect(screen.queryByText('Not sent')).not.toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
      expect(storedBodies().filter((b) => b === 'Did this arrive?')).toHaveLength(1);
    });

    it('keeps a failed reply with the error when it cannot be checked, and Retry sends it once under the same key', async () => {
      api.mock.faults.dropAfterCommit({ method: 'POST', path: COMMENTS }, 1);
      renderWithPortal(<TicketThread ticketId={TICKET} />, api, noRetry);
      await userEvent.type(await screen.findByRole('textbox', { name: 'Your reply' }), 'Did this arrive?');
      // The check that would find it fails too.
      api.mock.faults.failRoute({ method: 'GET', path: `/portal/tickets/${TICKET}`, status: 500, count: 1 });
      await userEvent.click(sendButton());
      const retry = await screen.findByRole('button', { name: 'Retry' });
      expect(screen.getByText('Not sent')).toBeInTheDocument();
      expect(screen.getByText("We couldn't reach support. Check your connection and try again.")).toBeInTheDocument();
      expect(retry).toHaveAccessibleDescription("We couldn't reach support. Check your connection and try again.");
      expect(screen.getByText('Your reply was not sent. Your text is kept: retry or edit it.')).toBeInTheDocument();
      // Focus goes where the user can act on it.
      expect(retry).toHaveFocus();
      expect(storedBodies().filter((b) => b === 'Did this arrive?')).toHaveLength(1);

      await userEvent.click(retry);
      await waitFor(() => expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument());
      await waitFor(() => expect(screen.getAllByText('Did this arrive?')).toHaveLength(1));
      expect(storedBodies().filter((b) => b === 'Did this arrive?')).toHaveLength(1);
      expect(api.requests.filter((r) => r === `POST ${COMMENTS}`)).toHaveLength(2);
    });

    it('Edit, then Send unchanged, of a reply that was in fact stored makes no second copy', async () => {
      api.mock.faults.dropAfterCommit({ method: 'POST', path: COMMENTS }, 1);
      renderWithPortal(<TicketThread ticketId={TICKET} />, api, noRetry);
      await userEvent.type(await screen.findByRole('textbox', { name: 'Your reply' }), 'Call me back please');
      api.mock.faults.failRoute({ method: 'GET', path: `/portal/tickets/${TICKET}`, status: 500, count: 1 });
      await userEvent.click(sendButton());
      await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
      expect(textbox()).toHaveValue('Call me back please');
      await userEvent.click(sendButton());
      await waitFor(() => expect(screen.queryByText('Sending…')).not.toBeInTheDocument());
      await waitFor(() => expect(screen.getAllByText('Call me back please')).toHaveLength(1));
      expect(screen.queryByText('Not sent')).not.toBeInTheDocument();
      expect(storedBodies().filter((b) => b === 'Call me back please')).toHaveLength(1);
    });

    it('puts a failed reply back into the composer with Edit', async () => {
      api.mock.faults.failRoute({ method: 'POST', path: COMMENTS, status: 500, count: 1 });
      renderWithPortal(<TicketThread ticketId={TICKET} />, api, noRetry);
      await userEvent.type(await screen.findByRole('textbox', { name: 'Your reply' }), 'Needs a fix');
      await userEvent.click(sendButton());
      expect(await screen.findByText('Something went wrong on our side. Try again in a moment.')).toBeInTheDocument();
      await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
      expect(textbox()).toHaveValue('Needs a fix');
      expect(textbox()).toHaveFocus();
      expect(screen.queryByRole('button', { name: 'Retry' })).not.toBeInTheDocument();
      expect(storedBodies()).not.toContain('Needs a fix');
    });

    it("keeps what is being typed when Edit brings an older reply back, and doesn't steal focus", async () => {
      api.mock.faults.setLatency(300, { method: 'POST', path: COMMENTS });
      api.mock.faults.failRoute({ method: 'POST', path: COMMENTS, status: 500, count: 1 });
      renderWithPortal(<TicketThread ticketId={TICKET} />, api, noRetry);
      await userEvent.type(await screen.findByRole('textbox', { name: 'Your reply' }), 'Old');
      await userEvent.click(sendButton());
      await userEvent.type(textbox(), 'New');
      await screen.findByRole('button', { name: 'Retry' });
      expect(textbox()).toHaveFocus();
      await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
      expect(textbox()).toHaveValue('New\n\nOld');
    });

    it('discards a failed reply', async () => {
      api.mock.faults.failRoute({ method: 'POST', path: COMMENTS, status: 500, count: 1 });
      renderWithPortal(<TicketThread ticketId={TICKET} />, api, noRetry);
      await userEvent.type(await screen.findByRole('textbox', { name: 'Your reply' }), 'Never mind');
      await userEvent.click(sendButton());
      await userEvent.click(await screen.findByRole('button', { name: 'Discard' }));
      expect(screen.queryByText('Never mind')).not.toBeInTheDocument();
      expect(textbox()).toHaveFocus();
    });
  });

  describe('draft', () => {
    it('survives a remount (reload) and is cleared once sent', async () => {
      const first = renderWithPortal(<ReplyComposer ticketId={TICKET} />, api);
      await userEvent.type(await screen.findByRole('textbox', { name: 'Your reply' }), 'Half-written');
      first.unmount();
      const second = renderWithPortal(<ReplyComposer ticketId={TICKET} />, api);
      await waitFor(() => expect(textbox()).toHaveValue('Half-written'));
      // Another ticket has its own draft.
      second.unmount();
      renderWithPortal(<ReplyComposer ticketId="tkt_jane_03" />, api);
      await waitFor(() => expect(screen.getByRole('textbox', { name: 'Your reply' })).toHaveValue(''));
    });

    it('is cleared when the reply goes to the outbox', async () => {
      const first = renderWithPortal(<ReplyComposer ticketId={TICKET} />, api);
      await userEvent.type(await screen.findByRole('textbox', { name: 'Your reply' }), 'Sent text');
      await userEvent.click(sendButton());
      await waitFor(() => expect(storedBodies()).toContain('Sent text'));
      first.unmount();
      // Once the customer is known, the draft for the ticket is read: there is none left.
      function Signed() {
        return usePortalSession().customer ? <p>signed in</p> : null;
      }
      renderWithPortal(
        <>
          <ReplyComposer ticketId={TICKET} />
          <Signed />
        </>,
        api,
      );
      await screen.findByText('signed in');
      expect(textbox()).toHaveValue('');
    });
  });

  describe('refusals are explained', () => {
    it('refuses an empty reply with a visible, described reason', async () => {
      renderWithPortal(<ReplyComposer ticketId={TICKET} />, api);
      await screen.findByRole('textbox', { name: 'Your reply' });
      const button = sendButton();
      expect(button).toHaveAttribute('aria-disabled', 'true');
      expect(button).toHaveAccessibleDescription('Write a message before sending.');
      await userEvent.click(button);
      const reason = screen.getByText('Write a message before sending.', { selector: 'p' });
      expect(reason).toBeVisible();
      expect(reason).toHaveClass('dt-reply-composer-reason');
      await userEvent.type(textbox(), '   ');
      await userEvent.keyboard('{Control>}{Enter}{/Control}');
      expect(api.requests.filter((r) => r.startsWith('POST'))).toEqual([]);
      await userEvent.type(textbox(), 'ok');
      expect(sendButton()).not.toHaveAttribute('aria-disabled');
    });

    it('refuses a reply longer than the API accepts, keeping the text, before anything is sent', async () => {
      renderWithPortal(<ReplyComposer ticketId={TICKET} />, api);
      const box = await screen.findByRole('textbox', { name: 'Your reply' });
      fireEvent.change(box, { target: { value: 'x'.repeat(20_001) } });
      const button = sendButton();
      expect(button).toHaveAttribute('aria-disabled', 'true');
      expect(button).toHaveAccessibleDescription('Keep your reply under 20,000 characters.');
      await userEvent.click(button);
      expect(textbox()).toHaveValue('x'.repeat(20_001));
      expect(api.requests.filter((r) => r.startsWith('POST'))).toEqual([]);
    });

    it('refuses while files upload, then sends them as attachment: links', async () => {
      api.mock.faults.setLatency(400, { method: 'PUT', path: '/__storage/*' });
      const { container } = renderWithPortal(<ReplyComposer ticketId={TICKET} />, api);
      await screen.findByRole('textbox', { name: 'Your reply' });
      await screen.findByRole('button', { name: 'Attach files' }); // the uploader loads on demand
      await userEvent.upload(fileInput(container), testFile('trace [1].log', 'trace'));
      expect(await screen.findByText('Wait for your files to finish uploading.', { selector: 'p' })).toBeVisible();
      await userEvent.click(sendButton());
      expect(api.requests.filter((r) => r === `POST ${COMMENTS}`)).toEqual([]);
      await waitFor(() => expect(screen.queryByText('Wait for your files to finish uploading.', { selector: 'p' })).not.toBeInTheDocument(), {
        timeout: 3000,
      });
      // Files alone are a reply.
      expect(sendButton()).not.toHaveAttribute('aria-disabled');
      await userEvent.type(textbox(), 'Log attached');
      await userEvent.click(sendButton());
      await waitFor(() => expect(storedBodies().some((b) => b.startsWith('Log attached'))).toBe(true));
      const body = storedBodies().find((b) => b.startsWith('Log attached'))!;
      const id = api.mock.store.visibleAttachments(TICKET).find((a) => a.filename === 'trace [1].log')!.id;
      expect(body).toBe(`Log attached\n\n- [trace \\[1\\].log](attachment:${id})`);
      // The uploader is cleared for the next reply.
      expect(screen.queryByText('trace [1].log')).not.toBeInTheDocument();
    });

    it("starts over when it moves to another ticket: files uploaded onto the first never go into the second's reply", async () => {
      const { container, rerender } = renderWithPortal(<ReplyComposer ticketId={TICKET} />, api);
      await screen.findByRole('textbox', { name: 'Your reply' });
      await screen.findByRole('button', { name: 'Attach files' }); // the uploader loads on demand
      await userEvent.upload(fileInput(container), testFile('for-1002.log', 'trace'));
      await waitFor(() => expect(screen.getByRole('listitem')).toHaveAttribute('data-status', 'uploaded'));

      rerender(<ReplyComposer ticketId="tkt_jane_03" />);
      expect(screen.queryByText('for-1002.log')).not.toBeInTheDocument();
      await userEvent.type(textbox(), 'About the other ticket');
      await userEvent.click(sendButton());
      await waitFor(() => expect(api.mock.store.commentsOf('tkt_jane_03').map((c) => c.body)).toContain('About the other ticket'));
    });

    it('refuses while an upload has failed', async () => {
      api.mock.faults.failRoute({ method: 'PUT', path: '/__storage/*', status: 500 });
      const { container } = renderWithPortal(<ReplyComposer ticketId={TICKET} />, api, noRetry);
      await userEvent.type(await screen.findByRole('textbox', { name: 'Your reply' }), 'With a file');
      await screen.findByRole('button', { name: 'Attach files' }); // the uploader loads on demand
      await userEvent.upload(fileInput(container), testFile('broken.txt'));
      expect(await screen.findByText('Remove or retry the files that failed to upload.', {}, { timeout: 3000 })).toBeVisible();
      expect(sendButton()).toHaveAccessibleDescription('Remove or retry the files that failed to upload.');
      await userEvent.click(sendButton());
      expect(api.requests.filter((r) => r === `POST ${COMMENTS}`)).toEqual([]);
      await userEvent.click(screen.getByRole('button', { name: /Remove broken\.txt/ }));
      expect(sendButton()).not.toHaveAttribute('aria-disabled');
    });

    it('refuses on a closed ticket', async () => {
      renderWithPortal(<ReplyComposer ticketId="tkt_jane_04" />, api);
      expect(await screen.findByText('Replies are closed for this ticket.')).toBeVisible();
      expect(textbox()).toBeDisabled();
      expect(sendButton()).toHaveAttribute('aria-disabled', 'true');
    });

    it('refuses with the reason when the session has expired, keeping the text', async () => {
      let minted = 0;
      const getToken = async () => {
        minted += 1;
        if (minted > 1) throw new Error('login required');
        return api.mock.issuePortalToken({ email: 'jane@example.com' });
      };
      renderWithPortal(<TicketThread ticketId={TICKET} />, api, { provider: { getToken, clientOptions: { retry: false } } });
      await userEvent.type(await screen.findByRole('textbox', { name: 'Your reply' }), 'After lunch');
      api.mock.faults.expireAllTokens();
      await userEvent.click(sendButton());
      expect(await screen.findByText('Sign in again to reply.')).toBeVisible();
      expect(sendButton()).toHaveAttribute('aria-disabled', 'true');
      // The reply is kept as failed, never lost (its failure lands a moment after the session's end).
      expect(await screen.findByText('Your support session has ended. Sign in again to continue.')).toBeInTheDocument();
      expect(screen.getByText('After lunch')).toBeInTheDocument();
    });

    it('has no axe violations with a reason showing', async () => {
      const { container } = renderWithPortal(<ReplyComposer ticketId={TICKET} />, api);
      await screen.findByRole('textbox', { name: 'Your reply' });
      await userEvent.click(sendButton());
      await expectNoAxeViolations(container);
    });
  });
});
