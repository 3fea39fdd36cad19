import type { Meta, StoryObj } from '@storybook/react-vite';
import { http, HttpResponse } from 'msw';
import { expect, fn, userEvent, waitFor } from 'storybook/test';
import { NewTicketForm } from '../src';
import { clearDrafts } from './support/files';
import { box, TIMEOUT } from './support/story';

// The form against a backend with extensions (what the portal gateway answers):
// capabilities, a ticket form with every field type, help articles. These
// handlers sit in front of the story's mock portal API.
const API = '*/mock-api/v1/portal';

const capabilities = (articles: boolean, form = true) => ({
  backend: 'memory',
  features: { form, search: true, multiStatus: true, close: true, reopen: true, rating: false, articles, attachments: true, events: false },
  statuses: [
    { key: 'open', label: 'Open', color: '#1a7f37', closed: false },
    { key: 'resolved', label: 'Solved', color: null, closed: true },
  ],
  limits: { maxFileSize: 52428800, maxFiles: 10, accept: [], titleMaxLength: 200, bodyMaxLength: 20000 },
  rating: null,
});

const FORM = {
  categories: [
    { id: 'cat_billing', name: 'Billing', description: 'Invoices and payments' },
    { id: 'cat_tech', name: 'Technical problem', description: null },
  ],
  priorities: [
    { key: 'low', label: 'Low' },
    { key: 'normal', label: 'Normal' },
    { key: 'high', label: 'High' },
  ],
  fields: [
    { key: 'order_ref', label: 'Order reference', type: 'text', required: true, options: [], placeholder: 'ORD-1234', helpText: 'On your invoice' },
    { key: 'steps', label: 'Steps to reproduce', type: 'textarea', required: false, options: [], placeholder: null, helpText: null },
    { key: 'seats', label: 'Seats', type: 'number', required: false, options: [], placeholder: null, helpText: null },
    { key: 'production', label: 'Affects production', type: 'boolean', required: false, options: [], placeholder: null, helpText: null },
    { key: 'since', label: 'Since', type: 'date', required: false, options: [], placeholder: null, helpText: null },
    { key: 'plan', label: 'Plan', type: 'select', required: false, options: [{ value: 'free', label: 'Free' }, { value: 'pro', label: 'Pro' }], placeholder: null, helpText: null },
    {
      key: 'areas',
      label: 'Areas',
      type: 'multiselect',
      required: false,
      options: [{ value: 'api', label: 'API' }, { value: 'ui', label: 'Web app' }],
      placeholder: null,
      helpText: null,
    },
    { key: 'page', label: 'Page', type: 'url', required: false, options: [], placeholder: 'https://', helpText: 'Where it happened' },
  ],
};

const ARTICLES = [
  { id: 'a1', title: 'Resetting your password', snippet: 'Use the reset link on the sign-in page.', url: 'https://help.example.com/a1' },
  // Never shown: not an http(s) link.
  { id: 'evil', title: 'Click me', snippet: '', url: 'javascript:alert(1)' },
];

const extensionHandlers = ({ articles = true, form = true } = {}) => [
  http.get(`${API}/capabilities`, () => HttpResponse.json(capabilities(articles, form))),
  http.get(`${API}/form`, () => (form ? HttpResponse.json(FORM) : HttpResponse.json({ code: 'NOT_SUPPORTED' }, { status: 404 }))),
  http.get(`${API}/articles`, ({ request }) => {
    const q = new URL(request.url).searchParams.get('query')?.toLowerCase() ?? '';
    return HttpResponse.json({ data: q.includes('password') ? ARTICLES : [] });
  }),
  http.post(`${API}/tickets`, async ({ request }) => {
    const body = (await request.json()) as { title: string; customFields?: Record<string, unknown> };
    if (!body.customFields?.order_ref) {
      return HttpResponse.json({ message: 'Invalid', errors: [{ field: 'customFields.order_ref', message: 'Order reference is required.' }] }, { status: 400 });
    }
    const now = new Date().toISOString();
    return HttpResponse.json({ id: 'tkt_story', ticketNumber: 'TKT-2001', title: body.title, status: 'open', priority: null, createdAt: now, updatedAt: now }, { status: 201 });
  }),
];

const meta = {
  title: 'Components/NewTicketForm/Extensions',
  component: NewTicketForm,
  decorators: [box(640)],
  beforeEach: clearDrafts,
  args: { onTicketCreate: fn(), onArticleAnswered: fn() },
  parameters: { msw: { handlers: extensionHandlers() } },
} satisfies Meta<typeof NewTicketForm>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Capabilities name a form: category and priority pickers and every custom field type, labelled, with help and placeholders. */
export const WithCapabilities: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole('combobox', { name: 'Category' }, TIMEOUT)).toBeInTheDocument();
    await expect(canvas.getByRole('combobox', { name: 'Priority' })).toBeInTheDocument();
    await expect(canvas.getByRole('textbox', { name: 'Order reference (required)' })).toHaveAccessibleDescription('On your invoice');
    await expect(canvas.getByRole('textbox', { name: 'Order reference (required)' })).toHaveAttribute('placeholder', 'ORD-1234');
    await expect(canvas.getByRole('textbox', { name: 'Steps to reproduce' })).toBeInTheDocument();
    await expect(canvas.getByRole('textbox', { name: 'Seats' })).toBeInTheDocument();
    await expect(canvas.getByRole('checkbox', { name: 'Affects production' })).toBeInTheDocument();
    await expect(canvas.getByLabelText('Since')).toHaveAttribute('type', 'date');
    await expect(canvas.getByRole('combobox', { name: 'Plan' })).toBeInTheDocument();
    await expect(canvas.getByRole('group', { name: 'Areas' })).toBeInTheDocument();
    await expect(canvas.getByRole('textbox', { name: 'Page' })).toHaveAccessibleDescription('Where it happened');
  },
};

/** Without capabilities (the Dispatch portal API): the form as it always was. */
export const WithoutCapabilities: Story = {
  parameters: { msw: { handlers: [] } },
  play: async ({ canvas }) => {
    await expect(canvas.getByRole('textbox', { name: 'Subject' })).toBeInTheDocument();
    // Give capabilities time to answer 404, then: nothing new.
    await waitFor(() => expect(canvas.queryByRole('combobox')).toBeNull());
    await expect(canvas.queryByRole('group', { name: 'Areas' })).toBeNull();
  },
};

/** Required and mistyped custom fields, checked on the client with the server's words, tied to their inputs. */
export const ValidationErrors: Story = {
  play: async ({ canvas, args }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Subject' }), 'Invoice wrong');
    const seats = await canvas.findByRole('textbox', { name: 'Seats' }, TIMEOUT);
    await userEvent.type(seats, 'many');
    await userEvent.click(canvas.getByRole('button', { name: 'Create ticket' }));
    const order = canvas.getByRole('textbox', { name: 'Order reference (required)' });
    await waitFor(() => expect(order).toHaveFocus());
    await expect(order).toHaveAttribute('aria-invalid', 'true');
    await expect(order).toHaveAccessibleDescription('On your invoice Order reference is required.');
    await expect(seats).toHaveAccessibleDescription('Seats must be a number.');
    await expect(args.onTicketCreate).not.toHaveBeenCalled();
  },
};

/** Filing by keyboard with category, priority and a required field. */
export const FiledWithFields: Story = {
  play: async ({ canvas, args }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Subject' }), 'Invoice wrong');
    await userEvent.selectOptions(await canvas.findByRole('combobox', { name: 'Category' }, TIMEOUT), 'Billing');
    await userEvent.selectOptions(canvas.getByRole('combobox', { name: 'Priority' }), 'High');
    await userEvent.type(canvas.getByRole('textbox', { name: 'Order reference (required)' }), 'ORD-77');
    await userEvent.type(canvas.getByRole('textbox', { name: 'Order reference (required)' }), '{Enter}');
    await waitFor(() => expect(args.onTicketCreate).toHaveBeenCalledOnce(), TIMEOUT);
  },
};

/** Suggestions found: a matching article (new tab), and "this answered my question" clears the draft. Unsafe links never show. */
export const SuggestionsFound: Story = {
  play: async ({ canvas, args }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Subject' }), 'forgot my password');
    const link = await canvas.findByRole('link', { name: /Resetting your password/ }, TIMEOUT);
    await expect(link).toHaveAttribute('target', '_blank');
    await expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    await expect(canvas.queryByRole('link', { name: /Click me/ })).toBeNull();
    await userEvent.click(canvas.getByRole('button', { name: 'This answered my question' }));
    await expect(args.onArticleAnswered).toHaveBeenCalledOnce();
    await expect(canvas.getByRole('textbox', { name: 'Subject' })).toHaveValue('');
    await expect(args.onTicketCreate).not.toHaveBeenCalled();
  },
};

/** Suggestions none: nothing is shown, and filing is never held up. */
export const SuggestionsNone: Story = {
  parameters: { msw: { handlers: extensionHandlers({ form: false }) } },
  play: async ({ canvas }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Subject' }), 'quantum flux');
    await waitFor(() => expect(canvas.getByRole('button', { name: 'Create ticket' })).toBeEnabled());
    await expect(canvas.queryByRole('link')).toBeNull();
    await expect(canvas.queryByRole('region', { name: 'Articles that might help' })).toBeNull();
  },
};

/** Suggestions listed, left in view: what axe checks in each mode. */
export const SuggestionsListed: Story = {
  play: async ({ canvas }) => {
    await userEvent.type(canvas.getByRole('textbox', { name: 'Subject' }), 'password');
    await expect(await canvas.findByRole('link', { name: /Resetting your password/ }, TIMEOUT)).toBeVisible();
  },
};

// Light, dark and right-to-left: every state above passes axe in each (the a11y check runs after play).
const DARK = { theme: 'dark' };
const RTL = { dir: 'rtl' };
export const WithCapabilitiesDark: Story = { ...WithCapabilities, globals: DARK };
export const WithCapabilitiesRtl: Story = { ...WithCapabilities, globals: RTL };
export const ValidationErrorsDark: Story = { ...ValidationErrors, globals: DARK };
export const ValidationErrorsRtl: Story = { ...ValidationErrors, globals: RTL };
export const SuggestionsListedDark: Story = { ...SuggestionsListed, globals: DARK };
export const SuggestionsListedRtl: Story = { ...SuggestionsListed, globals: RTL };
export const SuggestionsAnsweredDark: Story = { ...SuggestionsFound, globals: DARK };

/** Arabic, right to left: the kit's own words translated, the helpdesk's field labels as the helpdesk wrote them. */
export const WithCapabilitiesArabic: Story = {
  globals: { locale: 'ar', dir: 'auto' },
  play: async ({ canvas, canvasElement }) => {
    const category = await canvas.findByRole('combobox', { name: 'الفئة' }, TIMEOUT);
    await expect(canvas.getByRole('combobox', { name: 'الأولوية' })).toBeInTheDocument();
    await expect(category.closest('[dir]')).toHaveAttribute('dir', 'rtl');
    await expect(canvasElement.querySelector('.dt-root')).toHaveAttribute('lang', 'ar');
    await expect(canvas.getByRole('group', { name: 'Areas' })).toBeInTheDocument();
  },
};
