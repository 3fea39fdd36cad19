// Root props, forwarded refs and replaceable rows: what a host adds to any
// kit component reaches its root element, and the ticket row and the message
// row can be swapped like the status badge.
import { createRef, type ReactElement } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  AttachmentUploader,
  MessageBody,
  NewTicketForm,
  ReplyComposer,
  SupportPortal,
  TicketList,
  TicketThread,
  type MessageRowProps,
  type TicketRowProps,
} from '../../../src';
import { setupMockApi } from '../../utils/mockApi';
import { renderWithPortal } from '../../utils/render';

const api = setupMockApi();
beforeEach(() => sessionStorage.clear());

describe('root props and refs', () => {
  const host = { id: 'host-id', 'data-area': 'support', title: 'Host title' };
  it.each<[string, () => ReactElement, string]>([
    ['TicketList', () => <TicketList {...host} />, 'dt-ticket-list'],
    ['TicketThread', () => <TicketThread {...host} ticketId="tkt_jane_01" />, 'dt-ticket-thread'],
    ['NewTicketForm', () => <NewTicketForm {...host} />, 'dt-new-ticket'],
    ['AttachmentUploader', () => <AttachmentUploader {...host} />, 'dt-uploader'],
    ['ReplyComposer', () => <ReplyComposer {...host} ticketId="tkt_jane_02" />, 'dt-reply-composer'],
    ['MessageBody', () => <MessageBody {...host} body="**Hello**" />, 'dt-message-body'],
    // SupportPortal's own `title` is its heading.
    ['SupportPortal', () => <SupportPortal id="host-id" data-area="support" />, 'dt-support-portal'],
  ])('%s passes other props to its root element', (name, element, rootClass) => {
    const { container } = renderWithPortal(element(), api);
    const root = container.querySelector(`.${rootClass}`);
    expect(root).toHaveAttribute('id', 'host-id');
    expect(root).toHaveAttribute('data-area', 'support');
    if (name !== 'SupportPortal') expect(root).toHaveAttribute('title', 'Host title');
  });

  it('forwards refs to the root element (the composer keeps its textarea ref)', async () => {
    const list = createRef<HTMLElement>();
    const form = createRef<HTMLElement>();
    const portal = createRef<HTMLElement>();
    const composer = createRef<HTMLTextAreaElement>();
    const thread = createRef<HTMLElement>();
    const uploader = createRef<HTMLElement>();
    const body = createRef<HTMLDivElement>();
    renderWithPortal(
      <>
        <TicketThread ref={thread} ticketId="tkt_jane_01" />
        <AttachmentUploader ref={uploader} />
        <MessageBody ref={body} body="Hello" />
        <TicketList ref={list} />
        <NewTicketForm ref={form} />
        <SupportPortal ref={portal} />
        <ReplyComposer ref={composer} ticketId="tkt_jane_02" />
      </>,
      api,
    );
    expect(list.current).toHaveClass('dt-ticket-list');
    expect(list.current?.tagName).toBe('SECTION');
    expect(form.current).toHaveClass('dt-new-ticket');
    expect(portal.current).toHaveClass('dt-support-portal');
    expect(composer.current?.tagName).toBe('TEXTAREA');
    expect(thread.current).toHaveClass('dt-ticket-thread');
    expect(uploader.current).toHaveClass('dt-uploader');
    expect(body.current).toHaveClass('dt-message-body');
  });
});

describe('replaceable rows', () => {
  function MyRow({ ticket, href, unread, onActivate, focusRef }: TicketRowProps) {
    return (
      <a ref={focusRef} href={href} onClick={onActivate} className="my-row">
        {unread ? 'NEW ' : ''}
        {ticket.label}: {ticket.title}
      </a>
    );
  }

  it('draws each ticket with the host TicketRow, inside the kit item, with load-more focus still working', async () => {
    const user = userEvent.setup();
    renderWithPortal(<TicketList pageSize={5} getTicketHref={(t) => `/t/${t.id}`} onTicketSelect={() => {}} components={{ TicketRow: MyRow }} />, api);
    const list = await screen.findByRole('list', { name: 'Tickets' });
    await waitFor(() => expect(within(list).getAllByRole('link')).toHaveLength(5));
    const item = within(list).getAllByRole('listitem')[0]!;
    expect(item).toHaveAttribute('aria-posinset', '1');
    expect(within(item).getByRole('link')).toHaveClass('my-row');
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    await waitFor(() => expect(within(list).getAllByRole('link')).toHaveLength(10));
    await waitFor(() => expect(within(list).getAllByRole('link')[5]).toHaveFocus());
  });

  function MyMessage({ message, authorLabel, body, actions, retryRef }: MessageRowProps) {
    return (
      <div className="my-message">
        <b>{authorLabel}</b>
        {body}
        {message.kind === 'outbox' ? <i>{message.reply.status}</i> : null}
        {actions?.retry ? (
          <button ref={retryRef} onClick={actions.retry}>
            Again
          </button>
        ) : null}
      </div>
    );
  }

  it('draws each message with the host MessageRow, failed replies with their actions and focus', async () => {
    const user = userEvent.setup();
    api.mock.faults.failRoute({ method: 'POST', path: '/portal/tickets/tkt_jane_06/comments', status: 500, count: 1 });
    renderWithPortal(<TicketThread ticketId="tkt_jane_06" components={{ MessageRow: MyMessage }} />, api, {
      provider: { clientOptions: { retry: false } },
    });
    await user.type(await screen.findByRole('textbox', { name: 'Your reply' }), 'Custom row');
    await user.click(screen.getByRole('button', { name: 'Send' }));
    const again = await screen.findByRole('button', { name: 'Again' });
    const article = screen.getByRole('article', { name: 'Message from You' });
    expect(within(article).getByText('failed')).toBeInTheDocument();
    expect(article.querySelector('.my-message')).not.toBeNull();
    // The kit still moves focus to Retry, through the ref the row attached.
    expect(again).toHaveFocus();
    await user.click(again);
    await waitFor(() => expect(within(screen.getByRole('feed')).queryByText('failed')).not.toBeInTheDocument());
  });
});
