import type { Meta, StoryObj } from '@storybook/react-vite';
import { http, HttpResponse } from 'msw';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { TicketList, TicketThread } from '../src';
import { box, TIMEOUT } from './support/story';

// Ticket actions, ratings and list search against a backend with extensions
// (what the portal gateway answers). These handlers sit in front of the
// story's mock portal API; the list itself comes from the mock.
const API = '*/mock-api/v1/portal';
type Scale = 'thumbs' | 'scale5' | 'scale10';

const capabilities = (scale: Scale | null) => ({
  backend: 'memory',
  features: { form: false, search: true, multiStatus: true, close: true, reopen: true, rating: scale !== null, articles: false, attachments: true, events: false },
  statuses: [
    { key: 'open', label: 'Open', color: null, closed: false },
    { key: 'pending', label: 'Pending', color: null, closed: false },
    { key: 'resolved', label: 'Solved', color: null, closed: true },
    { key: 'closed', label: 'Closed', color: null, closed: true },
  ],
  limits: { maxFileSize: 52428800, maxFiles: 10, accept: [], titleMaxLength: 200, bodyMaxLength: 20000 },
  rating: scale ? { scale } : null,
});

const ticket = (status: string, extra: object = {}) => ({
  id: 'tkt_story',
  ticketNumber: 'ACME-2001',
  title: 'Exports stopped arriving by email',
  status,
  priority: 'normal',
  commentCount: 1,
  createdAt: '2026-11-30T09:00:00.000Z',
  updatedAt: '2026-12-01T10:00:00.000Z',
  body: 'Since Monday the nightly export email never arrives.',
  comments: [{ id: 'c1', body: 'We fixed the mail queue; exports go out again.', authorType: 'STAFF', authorName: 'Sam', createdAt: '2026-12-01T10:00:00.000Z' }],
  rating: null,
  canRate: status === 'resolved',
  ...extra,
});

const handlers = ({ scale = 'scale5' as Scale | null, status = 'open', refuseReopen = false } = {}) => {
  let current = ticket(status);
  return [
    http.get(`${API}/capabilities`, () => HttpResponse.json(capabilities(scale))),
    http.get(`${API}/tickets/tkt_story`, () => HttpResponse.json(current)),
    http.post(`${API}/tickets/tkt_story/close`, () => {
      current = ticket('resolved');
      return HttpResponse.json(current);
    }),
    http.post(`${API}/tickets/tkt_story/reopen`, () => {
      if (refuseReopen) return HttpResponse.json({ message: 'Refused', code: 'REOPEN_WINDOW_PASSED' }, { status: 409 });
      current = ticket('open');
      return HttpResponse.json(current);
    }),
    http.post(`${API}/tickets/tkt_story/rating`, async ({ request }) => {
      const body = (await request.json()) as { rating: number; comment?: string };
      const rating = { rating: body.rating, comment: body.comment ?? null, scale, createdAt: '2026-12-02T10:00:00.000Z' };
      current = ticket('resolved', { rating, canRate: false });
      return HttpResponse.json(rating, { status: 201 });
    }),
  ];
};

const meta = {
  title: 'Extensions/Ticket actions',
  component: TicketThread,
  args: { ticketId: 'tkt_story' },
  decorators: [box(640, 640)],
  parameters: { msw: { handlers: handlers() } },
} satisfies Meta<typeof TicketThread>;
export default meta;
type Story = StoryObj<typeof meta>;

export const MarkAsSolved: Story = {
  play: async ({ canvas, canvasElement }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Mark as solved' }, TIMEOUT));
    const dialog = await within(canvasElement.ownerDocument.body).findByRole('alertdialog', { name: 'Mark this ticket as solved?' });
    await expect(dialog).toHaveTextContent('Support will treat your request as done');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Mark as solved' }));
    await expect(await canvas.findByRole('button', { name: 'Reopen' }, TIMEOUT)).toBeVisible();
  },
};

export const RefusedReopen: Story = {
  parameters: { msw: { handlers: handlers({ status: 'resolved', refuseReopen: true }) } },
  play: async ({ canvas, canvasElement }) => {
    await userEvent.click(await canvas.findByRole('button', { name: 'Reopen' }, TIMEOUT));
    const dialog = await within(canvasElement.ownerDocument.body).findByRole('alertdialog', { name: 'Reopen this ticket?' });
    await userEvent.click(within(dialog).getByRole('button', { name: 'Reopen' }));
    await expect(await within(dialog).findByRole('alert')).toHaveTextContent('closed too long ago to reopen');
  },
};

const rateStory = (scale: Scale, choose: string, given: string): Story => ({
  parameters: { msw: { handlers: handlers({ scale, status: 'resolved' }) } },
  play: async ({ canvas }) => {
    const group = await canvas.findByRole('group', { name: 'Rate the help you got' }, TIMEOUT);
    await userEvent.click(within(group).getByRole('radio', { name: choose }));
    await userEvent.type(canvas.getByRole('textbox', { name: 'Anything to add? (optional)' }), 'Thank you!');
    await userEvent.click(canvas.getByRole('button', { name: 'Send rating' }));
    await expect(await canvas.findByText(given, {}, TIMEOUT)).toBeVisible();
    await expect(canvas.queryByRole('group', { name: 'Rate the help you got' })).toBeNull();
  },
});

export const RatingThumbs = rateStory('thumbs', '👍 Good', 'You said the help was good.');
export const RatingScale5 = rateStory('scale5', '4 of 5', 'You rated this 4 out of 5.');
export const RatingScale10 = rateStory('scale10', '9 of 10', 'You rated this 9 out of 10.');

export const WithoutCapabilities: Story = {
  args: { ticketId: 'tkt_jane_01' },
  parameters: { msw: { handlers: [] } },
  play: async ({ canvas }) => {
    await canvas.findByRole('heading', { level: 2 }, TIMEOUT);
    await expect(canvas.queryByRole('button', { name: 'Mark as solved' })).toBeNull();
    await expect(canvas.queryByRole('group', { name: 'Rate the help you got' })).toBeNull();
  },
};

export const SearchNoMatch: Story = {
  render: () => <TicketList getTicketHref={(t) => `#${t.id}`} />,
  parameters: {
    msw: {
      handlers: [
        http.get(`${API}/capabilities`, () => HttpResponse.json(capabilities(null))),
        // A search that matches nothing; without one the mock answers as usual (falls through).
        http.get(`${API}/tickets`, ({ request }) =>
          new URL(request.url).searchParams.get('search') ? HttpResponse.json({ data: [], pagination: { hasMore: false, nextCursor: null } }) : undefined,
        ),
      ],
    },
  },
  play: async ({ canvas }) => {
    const box = await canvas.findByRole('searchbox', { name: 'Search tickets' }, TIMEOUT);
    await userEvent.type(box, 'nothing like this');
    await expect(await canvas.findByText('No tickets match', {}, TIMEOUT)).toBeVisible();
    await userEvent.click(canvas.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(box).toHaveValue(''));
    // Every ticket is back (rows are links, so the scrolling list stays keyboard-reachable).
    await expect((await canvas.findAllByRole('link', {}, TIMEOUT)).length).toBeGreaterThan(0);
  },
};

export const RatingDark: Story = { ...rateStory('scale5', '4 of 5', 'You rated this 4 out of 5.'), globals: { theme: 'dark' } };

export const RefusedReopenDark: Story = { ...RefusedReopen, globals: { theme: 'dark' } };

export const SearchNoMatchDark: Story = { ...SearchNoMatch, globals: { theme: 'dark' } };

/** Arabic, right to left: the prompt and the confirmation in the customer's language and direction. */
export const RatingRtl: Story = {
  parameters: { msw: { handlers: handlers({ scale: 'scale5', status: 'resolved' }) } },
  globals: { dir: 'rtl', locale: 'ar' },
  play: async ({ canvas, canvasElement }) => {
    const group = await canvas.findByRole('group', { name: 'قيّم المساعدة التي حصلت عليها' }, TIMEOUT);
    await expect(canvasElement.querySelector('.dt-ticket-thread')!.closest('[dir]')).toHaveAttribute('dir', 'rtl');
    await expect(within(group).getAllByRole('radio')).toHaveLength(5);
    await userEvent.click(await canvas.findByRole('button', { name: 'إعادة فتح' }));
    const dialog = await within(canvasElement.ownerDocument.body).findByRole('alertdialog', { name: 'هل تريد إعادة فتح هذه التذكرة؟' });
    await expect(dialog.closest('[dir]')).toHaveAttribute('dir', 'rtl');
  },
};

// Each copy gets handlers of its own: a shared handler list keeps the ticket the first story left solved.
export const MarkAsSolvedDark: Story = { ...MarkAsSolved, parameters: { msw: { handlers: handlers() } }, globals: { theme: 'dark' } };
export const MarkAsSolvedRtl: Story = { ...MarkAsSolved, parameters: { msw: { handlers: handlers() } }, globals: { dir: 'rtl' } };
export const RefusedReopenRtl: Story = { ...RefusedReopen, globals: { dir: 'rtl' } };
export const SearchNoMatchRtl: Story = { ...SearchNoMatch, globals: { dir: 'rtl' } };
export const RatingThumbsDark: Story = { ...rateStory('thumbs', '👍 Good', 'You said the help was good.'), globals: { theme: 'dark' } };
export const RatingRtlDark: Story = { ...RatingRtl, globals: { ...RatingRtl.globals, theme: 'dark' } };

/** The rating prompt, unanswered, in each mode (axe runs on the open prompt, not only the thanks). */
const promptOpen = (legend: string, globals: Record<string, string> = {}): Story => ({
  parameters: { msw: { handlers: handlers({ scale: 'thumbs', status: 'resolved' }) } },
  globals,
  play: async ({ canvas }) => {
    const group = await canvas.findByRole('group', { name: legend }, TIMEOUT);
    await expect(within(group).getAllByRole('radio')).toHaveLength(2);
  },
});
export const RatingPrompt = promptOpen('Rate the help you got');
export const RatingPromptDark = promptOpen('Rate the help you got', { theme: 'dark' });
export const RatingPromptRtl = promptOpen('قيّم المساعدة التي حصلت عليها', { locale: 'ar', dir: 'auto' });
