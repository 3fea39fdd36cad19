import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, fn, screen, userEvent, waitFor, within } from 'storybook/test';
import { NewTicketDialog } from '../src';
import { clearDrafts, dropFiles, makeFile } from './support/files';
import { portal, TIMEOUT } from './support/story';


// The dialog is portalled to <body>, outside the story's canvas: query the screen.
const dialog = () => screen.getByRole('dialog', { name: 'New ticket' });
const subject = () => within(dialog()).getByRole('textbox', { name: 'Subject' });
const closed = () => waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

const meta = {
  title: 'Components/NewTicketDialog',
  component: NewTicketDialog,
  beforeEach: clearDrafts,
  args: { onTicketCreate: fn(), onOpenChange: fn() },
} satisfies Meta<typeof NewTicketDialog>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The trigger opens it with focus in the subject; Escape closes it and focus returns to the trigger. */
export const Empty: Story = {
  play: async ({ canvas, args }) => {
    const trigger = canvas.getByRole('button', { name: 'New ticket' });
    await userEvent.click(trigger);
    await expect(dialog()).toHaveAccessibleDescription("Tell us what's going on and we'll get back to you.");
    await waitFor(() => expect(subject()).toHaveFocus());
    // Focus stays inside.
    for (let i = 0; i < 10; i++) {
      await userEvent.tab();
      await expect(dialog()).toContainElement(document.activeElement as HTMLElement);
    }
    await userEvent.keyboard('{Escape}');
    await closed();
    await expect(trigger).toHaveFocus();
    await expect(args.onOpenChange).toHaveBeenLastCalledWith(false);
  },
};

/** Submitting empty keeps the dialog open and points at the subject. */
export const Invalid: Story = {
  args: { defaultOpen: true },
  play: async () => {
    await waitFor(() => expect(subject()).toHaveFocus());
    await userEvent.click(within(dialog()).getByRole('button', { name: 'Create ticket' }));
    await expect(subject()).toHaveFocus();
    await expect(subject()).toHaveAccessibleDescription(/Enter a subject\./);
  },
};

/** Closing keeps the draft: reopening brings the text back, with a way to discard it. */
export const DraftKeptOnClose: Story = {
  play: async ({ canvas }) => {
    const trigger = canvas.getByRole('button', { name: 'New ticket' });
    await userEvent.click(trigger);
    await waitFor(() => expect(subject()).toHaveFocus());
    await userEvent.type(subject(), 'Refund for order 1042');
    await userEvent.click(within(dialog()).getByRole('button', { name: 'Close' }));
    await closed();
    await expect(trigger).toHaveFocus();

    await userEvent.click(trigger);
    await expect(subject()).toHaveValue('Refund for order 1042');
    await expect(within(dialog()).getByText('We restored your unsent draft.')).toBeInTheDocument();
    await waitFor(() => expect(subject()).toHaveFocus());
  },
};

/** Uploads in progress, shown inside the dialog. */
export const Uploading: Story = {
  args: { defaultOpen: true },
  parameters: portal({ setup: (mock) => mock.faults.setLatency(3000, { method: 'PUT', path: '/__storage/*' }) }),
  play: async () => {
    await waitFor(() => expect(subject()).toHaveFocus());
    dropFiles(within(dialog()).getByRole('group', { name: 'Attachments' }), [makeFile('trace.har', 2 * 1024 * 1024, 'application/json')]);
    await expect(await within(dialog()).findByRole('progressbar', { name: 'Uploading trace.har' }, TIMEOUT)).toBeInTheDocument();
  },
};

/** The server fails: the error shows in the dialog, which stays open with everything typed. */
export const ServerError: Story = {
  args: { defaultOpen: true },
  parameters: portal({
    provider: { clientOptions: { retry: false } },
    setup: (mock) => void mock.faults.failRoute({ method: 'POST', path: '/portal/tickets', status: 500, count: 1 }),
  }),
  play: async ({ args }) => {
    await waitFor(() => expect(subject()).toHaveFocus());
    await userEvent.type(subject(), 'Password reset mail missing');
    await userEvent.click(within(dialog()).getByRole('button', { name: 'Create ticket' }));
    await expect(await within(dialog()).findByRole('alert', {}, TIMEOUT)).toHaveTextContent('Something went wrong on our side.');
    await expect(subject()).toHaveValue('Password reset mail missing');
    await expect(args.onTicketCreate).not.toHaveBeenCalled();
  },
};

/** Created: the dialog closes, focus returns to the trigger, the host gets the ticket. */
export const Success: Story = {
  play: async ({ canvas, args }) => {
    const trigger = canvas.getByRole('button', { name: 'New ticket' });
    await userEvent.click(trigger);
    await waitFor(() => expect(subject()).toHaveFocus());
    await userEvent.type(subject(), 'Add a teammate to billing');
    await userEvent.click(within(dialog()).getByRole('button', { name: 'Create ticket' }));
    await waitFor(() => expect(args.onTicketCreate).toHaveBeenCalledWith(expect.objectContaining({ title: 'Add a teammate to billing' })), TIMEOUT);
    await closed();
    await expect(trigger).toHaveFocus();
  },
};

/** A host's own trigger element. */
export const CustomTrigger: Story = {
  args: { trigger: <button type="button">Contact support</button> },
  play: async ({ canvas }) => {
    await userEvent.click(canvas.getByRole('button', { name: 'Contact support' }));
    await waitFor(() => expect(subject()).toHaveFocus());
    await userEvent.keyboard('{Escape}');
    await closed();
    await expect(canvas.getByRole('button', { name: 'Contact support' })).toHaveFocus();
  },
};
