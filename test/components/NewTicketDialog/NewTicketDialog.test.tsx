import { useState } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NewTicketDialog, PortalRoot, type Ticket } from '../../../src';
import { setupMockApi } from '../../utils/mockApi';
import { renderWithPortal } from '../../utils/render';
import { expectNoAxeViolations } from '../../utils/axe';

const api = setupMockApi();

beforeEach(() => sessionStorage.clear());

const trigger = () => screen.getByRole('button', { name: 'New ticket' });
const dialog = () => screen.getByRole('dialog', { name: 'New ticket' });
const subject = () => within(dialog()).getByRole('textbox', { name: 'Subject' });

describe('NewTicketDialog', () => {
  it('opens from its trigger with a title and description, focus in the subject, and passes axe', async () => {
    const user = userEvent.setup();
    renderWithPortal(<NewTicketDialog />, api);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.click(trigger());

    expect(dialog()).toHaveAccessibleDescription("Tell us what's going on and we'll get back to you.");
    expect(subject()).toHaveFocus();
    // The dialog supplies the heading; the form doesn't repeat it.
    expect(within(dialog()).getAllByRole('heading')).toHaveLength(1);
    await expectNoAxeViolations(document.body);
  });

  it('keeps focus inside while open', async () => {
    const user = userEvent.setup();
    renderWithPortal(
      <>
        <button type="button">Before</button>
        <NewTicketDialog />
        <button type="button">After</button>
      </>,
      api,
    );
    await user.click(trigger());
    for (let i = 0; i < 12; i++) {
      await user.tab();
      expect(dialog()).toContainElement(document.activeElement as HTMLElement);
    }
    for (let i = 0; i < 4; i++) {
      await user.tab({ shift: true });
      expect(dialog()).toContainElement(document.activeElement as HTMLElement);
    }
  });

  it('closes on Escape and returns focus to the trigger', async () => {
    const user = userEvent.setup();
    const onOpenChange = vi.fn();
    renderWithPortal(<NewTicketDialog onOpenChange={onOpenChange} />, api);
    await user.click(trigger());
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(trigger()).toHaveFocus();
    expect(onOpenChange.mock.calls).toEqual([[true], [false]]);
  });

  it('closes from the close button and from the form’s Cancel', async () => {
    const user = userEvent.setup();
    renderWithPortal(<NewTicketDialog />, api);
    await user.click(trigger());
    await user.click(within(dialog()).getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await user.click(trigger());
    await user.click(within(dialog()).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('keeps what was typed when closed, and restores it on reopening', async () => {
    const user = userEvent.setup();
    renderWithPortal(<NewTicketDialog />, api);
    await user.click(trigger());
    await user.type(subject(), 'Half a thought');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    await user.click(trigger());
    expect(subject()).toHaveValue('Half a thought');
    expect(within(dialog()).getByText('We restored your unsent draft.')).toBeInTheDocument();
    expect(subject()).toHaveFocus();
  });

  it('closes when the ticket is created and reports it', async () => {
    const user = userEvent.setup();
    const onTicketCreate = vi.fn<(ticket: Ticket) => void>();
    renderWithPortal(<NewTicketDialog onTicketCreate={onTicketCreate} />, api);
    await user.click(trigger());
    await user.type(subject(), 'From the dialog');
    await user.click(within(dialog()).getByRole('button', { name: 'Create ticket' }));
    await waitFor(() => expect(onTicketCreate).toHaveBeenCalledTimes(1));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(api.mock.store.tickets.get(onTicketCreate.mock.calls[0]![0].id)?.title).toBe('From the dialog');
    expect(trigger()).toHaveFocus();
  });

  it('can be controlled, with a custom trigger', async () => {
    const user = userEvent.setup();
    function Host() {
      const [open, setOpen] = useState(false);
      return (
        <>
          <p>{open ? 'is open' : 'is closed'}</p>
          <NewTicketDialog open={open} onOpenChange={setOpen} trigger={<button type="button">Contact support</button>} />
        </>
      );
    }
    renderWithPortal(<Host />, api);
    await user.click(screen.getByRole('button', { name: 'Contact support' }));
    expect(screen.getByText('is open')).toBeInTheDocument();
    expect(dialog()).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.getByText('is closed')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Contact support' })).toHaveFocus();
  });

  it('starts open with defaultOpen', () => {
    renderWithPortal(<NewTicketDialog defaultOpen trigger={null} />, api);
    expect(dialog()).toBeInTheDocument();
  });

  it('carries the surrounding theme, language and direction into the portalled content', async () => {
    const user = userEvent.setup();
    const { container } = renderWithPortal(
      <PortalRoot theme="dark" dir="rtl">
        <NewTicketDialog />
      </PortalRoot>,
      api,
      { provider: { locale: 'ar-EG' } },
    );
    expect(container.querySelector('.dt-root')).toHaveAttribute('lang', 'ar-EG');
    await user.click(trigger());
    const root = dialog().closest('.dt-root');
    expect(root).toHaveAttribute('data-theme', 'dark');
    expect(root).toHaveAttribute('lang', 'ar-EG');
    expect(root).toHaveAttribute('dir', 'rtl');
    // Portalled out of the host's root, into a root of its own.
    expect(container).not.toContainElement(dialog());
    expect(container.querySelector('.dt-root')).not.toBe(root);
  });
});
