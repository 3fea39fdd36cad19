// The new-ticket form's extensions (categories, priorities, custom fields,
// article suggestions) through the real gateway over the in-memory helpdesk.
import { act, renderHook, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import { customFieldName, useArticleSuggestions, useNewTicketForm, useTicketForm, type NewTicketFormStatus } from '../../src/headless';
import { setupMockApi } from '../utils/mockApi';
import { GATEWAY, setupGatewayApi } from '../utils/gatewayApi';
import { portalWrapper } from '../utils/render';

beforeEach(() => sessionStorage.clear());
const cf = customFieldName;

describe('through the gateway', () => {
  const api = setupGatewayApi({ backend: { features: {} } });
  const filed = async (state: NewTicketFormStatus) => {
    if (state.status !== 'created') throw new Error(`not created: ${state.status}`);
    return (await api.backend.getTicket({} as never, state.ticket.id))!;
  };
  const wrap = () => portalWrapper(api, { provider: { baseUrl: GATEWAY } });

  it('useTicketForm reads categories, priorities and the fields asked on create (not display-only ones)', async () => {
    const { result } = renderHook(() => useTicketForm(), { wrapper: wrap().Wrapper });
    await waitFor(() => expect(result.current.form).not.toBeNull());
    const form = result.current.form!;
    expect(form.categories.map((c) => c.id)).toEqual(['cat_billing', 'cat_tech']);
    expect(form.priorities.map((p) => p.key)).toEqual(['low', 'normal', 'high', 'urgent']);
    expect(form.fields.map((f) => f.type)).toEqual(expect.arrayContaining(['text', 'textarea', 'number', 'boolean', 'date', 'select', 'multiselect', 'url']));
    expect(form.fields.some((f) => f.key === 'eta')).toBe(false);
    expect(result.current.isPending).toBe(false);
  });

  it('files with category, priority and custom fields, coerced to their types', async () => {
    const { result } = renderHook(() => useNewTicketForm(), { wrapper: wrap().Wrapper });
    await waitFor(() => expect(result.current.ticketForm).not.toBeNull());
    act(() => {
      result.current.setValue('subject', 'Export fails');
      result.current.setValue('categoryId', 'cat_tech');
      result.current.setValue('priority', 'high');
      result.current.setValue(cf('seats'), '12');
      result.current.setValue(cf('production'), true);
      result.current.setValue(cf('areas'), ['api', 'ui']);
      result.current.setValue(cf('page'), 'https://app.example.com/export');
    });
    act(() => result.current.submit());
    await waitFor(() => expect(result.current.state.status).toBe('created'));
    const ticket = await filed(result.current.state);
    expect(ticket).toMatchObject({ title: 'Export fails', categoryId: 'cat_tech', priority: 'high' });
    expect(ticket.customFields).toMatchObject({ seats: 12, production: true, areas: ['api', 'ui'], page: 'https://app.example.com/export' });
  });

  it('checks custom fields on the client as the gateway would, and focuses the first bad one', async () => {
    const { result } = renderHook(() => useNewTicketForm(), { wrapper: wrap().Wrapper });
    await waitFor(() => expect(result.current.ticketForm).not.toBeNull());
    act(() => {
      result.current.setValue('subject', 'Bad values');
      result.current.setValue(cf('seats'), 'twelve');
      result.current.setValue(cf('since'), '2026-02-30');
      result.current.setValue(cf('page'), 'javascript:alert(1)');
    });
    await waitFor(() => act(() => result.current.submit()));
    expect(result.current.issues).toMatchObject({
      [cf('seats')]: { code: 'invalid', expected: 'number' },
      [cf('since')]: { code: 'invalid', expected: 'date' },
      [cf('page')]: { code: 'invalid', expected: 'url' },
    });
    expect(result.current.state.status).toBe('editing');
    expect(api.requests.some((r) => r.startsWith('POST /portal/tickets'))).toBe(false);
  });

  it('sends only a priority the form lists', async () => {
    const { result } = renderHook(() => useNewTicketForm({ draftId: 'stale' }), { wrapper: wrap().Wrapper });
    await waitFor(() => expect(result.current.ticketForm).not.toBeNull());
    // A priority the form no longer lists is left out; a category is sent only when listed.
    act(() => {
      result.current.setValue('subject', 'Hello');
      result.current.setValue('priority', 'blocker');
    });
    act(() => result.current.submit());
    await waitFor(() => expect(result.current.state.status).toBe('created'));
    expect((await filed(result.current.state)).priority).not.toBe('blocker');
  });
});

describe('article suggestions through the gateway', () => {
  const api = setupGatewayApi(() => ({ gateway: {} }));

  it('useArticleSuggestions: nothing for short text, debounced, matching articles with safe URLs', async () => {
    const { result, rerender } = renderHook(({ text }) => useArticleSuggestions(text, { debounceMs: 30 }), {
      wrapper: portalWrapper(api, { provider: { baseUrl: GATEWAY } }).Wrapper,
      initialProps: { text: 'pa' },
    });
    await waitFor(() => expect(api.requests).toContain('GET /portal/capabilities'));
    rerender({ text: 'passw' });
    rerender({ text: 'password reset' });
    await waitFor(() => expect(result.current.articles.map((a) => a.id)).toEqual(['a1']));
    expect(result.current.articles[0]?.url).toMatch(/^https:\/\//);
    expect(api.requests.filter((r) => r.startsWith('GET /portal/articles'))).toEqual(['GET /portal/articles?query=password+reset&limit=3']);
    rerender({ text: 'zz' });
    expect(result.current.articles).toEqual([]);
  });
});

describe('against the Dispatch portal API directly', () => {
  const api = setupMockApi();

  it('asks nothing beyond subject and description, and sends nothing new', async () => {
    const { result } = renderHook(() => ({ form: useNewTicketForm(), tips: useArticleSuggestions('password reset', { debounceMs: 0 }) }), {
      wrapper: portalWrapper(api).Wrapper,
    });
    await waitFor(() => expect(api.requests).toContain('GET /portal/capabilities'));
    act(() => result.current.form.setValue('subject', 'Plain ticket'));
    act(() => result.current.form.submit());
    await waitFor(() => expect(result.current.form.state.status).toBe('created'));
    expect(result.current.form.ticketForm).toBeNull();
    expect(api.requests.filter((r) => !r.startsWith('POST /portal/tickets'))).toEqual(['GET /portal/capabilities']);
    expect(result.current.tips.articles).toEqual([]);
  });
});
