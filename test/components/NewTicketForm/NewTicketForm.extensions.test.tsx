// NewTicketForm's extensions through the real gateway over the in-memory helpdesk:
// category and priority pickers, every custom field type, client checks worded
// as the server's, article suggestions; and nothing of it against Dispatch directly.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { NewTicketForm, type HelpArticle, type NewTicketFormProps } from '../../../src';
import { de } from '../../../src/i18n/locales/de';
import { GATEWAY, setupGatewayApi } from '../../utils/gatewayApi';
import { setupMockApi } from '../../utils/mockApi';
import { renderWithPortal } from '../../utils/render';
import { expectNoAxeViolations } from '../../utils/axe';

beforeEach(() => sessionStorage.clear());

vi.setConfig({ testTimeout: 30_000 });

describe('NewTicketForm through the gateway', () => {
  const api = setupGatewayApi();
  const renderForm = (props: NewTicketFormProps = {}, provider = {}) =>
    renderWithPortal(<NewTicketForm {...props} />, api, { provider: { baseUrl: GATEWAY, ...provider } });

  it('asks category, priority and every custom field type, labelled, with help text and placeholders', async () => {
    renderForm();
    const category = await screen.findByRole('combobox', { name: 'Category' });
    expect(within(category).getAllByRole('option').map((o) => o.textContent)).toEqual(['Choose…', 'Billing', 'Technical problem']);
    expect(screen.getByRole('combobox', { name: 'Priority' })).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Order reference' })).toHaveAttribute('placeholder', 'ORD-1234');
    expect(screen.getByRole('textbox', { name: 'Steps to reproduce' }).tagName).toBe('TEXTAREA');
    expect(screen.getByRole('textbox', { name: 'Seats' })).toHaveAttribute('inputmode', 'decimal');
    expect(screen.getByRole('checkbox', { name: 'Affects production' })).toBeInTheDocument();
    expect(screen.getByLabelText('Since')).toHaveAttribute('type', 'date');
    expect(screen.getByRole('combobox', { name: 'Plan' })).toBeInTheDocument();
    expect(within(screen.getByRole('group', { name: 'Areas' })).getAllByRole('checkbox').map((c) => c.getAttribute('value'))).toEqual(['api', 'ui', 'mobile']);
    const page = screen.getByRole('textbox', { name: 'Page' });
    expect(page).toHaveAccessibleDescription('Where it happened');
    // Display-only fields are never asked.
    expect(screen.queryByLabelText('Expected fix')).toBeNull();
    await expectNoAxeViolations(document.querySelector('.dt-new-ticket')!);
  });

  it('shows client issues worded as the server words them, tied to their inputs, and focuses the first', async () => {
    const user = userEvent.setup();
    renderForm();
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'Numbers');
    await user.type(await screen.findByRole('textbox', { name: 'Seats' }), 'twelve');
    await user.type(screen.getByRole('textbox', { name: 'Page' }), 'ftp://files');
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));
    const seats = screen.getByRole('textbox', { name: 'Seats' });
    await waitFor(() => expect(seats).toHaveFocus());
    expect(seats).toHaveAttribute('aria-invalid', 'true');
    expect(seats).toHaveAccessibleDescription('Seats must be a number.');
    expect(screen.getByRole('textbox', { name: 'Page' })).toHaveAccessibleDescription('Where it happened Page must be a web address (https://…).');
    await expectNoAxeViolations(document.querySelector('.dt-new-ticket')!);
  });

  it('files with category, priority and custom fields by keyboard; the draft keeps field values across a remount', async () => {
    const user = userEvent.setup();
    const onTicketCreate = vi.fn();
    const first = renderForm();
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'Export broken');
    await user.selectOptions(await screen.findByRole('combobox', { name: 'Category' }), 'Technical problem');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Priority' }), 'High');
    await user.click(within(screen.getByRole('group', { name: 'Areas' })).getByRole('checkbox', { name: 'API' }));
    await user.type(screen.getByRole('textbox', { name: 'Seats' }), '5');
    first.unmount();

    renderForm({ onTicketCreate });
    expect(await screen.findByText('We restored your unsent draft.')).toBeInTheDocument();
    expect(await screen.findByRole('combobox', { name: 'Category' })).toHaveValue('cat_tech');
    expect(screen.getByRole('textbox', { name: 'Seats' })).toHaveValue('5');
    screen.getByRole('button', { name: 'Create ticket' }).focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(onTicketCreate).toHaveBeenCalledTimes(1));
    const ticket = (await api.backend.getTicket({} as never, onTicketCreate.mock.calls[0]![0].id))!;
    expect(ticket).toMatchObject({ categoryId: 'cat_tech', priority: 'high', customFields: expect.objectContaining({ seats: 5, areas: ['api'] }) });
  });

  it('suggests matching articles in a new tab; "this answered my question" clears the draft without filing', async () => {
    const user = userEvent.setup();
    const onArticleAnswered = vi.fn<(a: HelpArticle) => void>();
    renderForm({ onArticleAnswered });
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'forgot my password');
    const link = await screen.findByRole('link', { name: /Resetting your password/ }, { timeout: 3000 });
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener noreferrer');
    expect(link.getAttribute('href')).toMatch(/^https:\/\//);
    await expectNoAxeViolations(document.querySelector('.dt-new-ticket')!);
    await user.click(screen.getByRole('button', { name: 'This answered my question' }));
    expect(onArticleAnswered).toHaveBeenCalledWith(expect.objectContaining({ id: 'a1' }));
    expect(screen.getByRole('textbox', { name: 'Subject' })).toHaveValue('');
    expect(screen.getAllByText('Glad that helped. Your draft was cleared and no ticket was filed.').length).toBeGreaterThan(0);
    expect(api.requests.some((r) => r.startsWith('POST /portal/tickets'))).toBe(false);
  });

  it('shows no suggestions when none match, and never stops filing', async () => {
    const user = userEvent.setup();
    const onTicketCreate = vi.fn();
    renderForm({ onTicketCreate });
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'quantum flux capacitor');
    await waitFor(() => expect(api.requests.some((r) => r.startsWith('GET /portal/articles'))).toBe(true), { timeout: 3000 });
    await user.click(screen.getByRole('button', { name: 'Create ticket' }));
    await waitFor(() => expect(onTicketCreate).toHaveBeenCalled());
    expect(screen.queryByRole('region', { name: 'Articles that might help' })).toBeNull();
  });

  it('speaks German', async () => {
    renderForm({}, { locale: 'de', messages: de });
    expect(await screen.findByRole('combobox', { name: 'Kategorie' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Priorität' })).toBeInTheDocument();
  });
});

describe('NewTicketForm against the Dispatch portal API directly', () => {
  const api = setupMockApi();

  it('looks as it always did: subject, description, files; no pickers, no suggestions', async () => {
    const user = userEvent.setup();
    renderWithPortal(<NewTicketForm />, api);
    await user.type(screen.getByRole('textbox', { name: 'Subject' }), 'forgot my password');
    await waitFor(() => expect(api.requests).toContain('GET /portal/capabilities'));
    expect(screen.queryByRole('combobox')).toBeNull();
    expect(screen.queryByRole('link')).toBeNull();
    expect(api.requests.filter((r) => r.startsWith('GET'))).toEqual(['GET /portal/capabilities']);
  });
});
