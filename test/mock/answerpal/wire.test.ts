import { describe, expect, it } from 'vitest';
import { createAnswerPalMock } from '../../../src/mock/answerpal/createAnswerPalMock';
import { json, S, useAnswerPalServer } from './helpers';

const h = useAnswerPalServer();

describe('AnswerPal mock: wire variants, faults and controls', () => {
  it('casing=pascal sends PascalCase keys (TicketID, CustomerRepID), leaving customFieldsData keys alone', async () => {
    await h.control('switches', { casing: 'pascal' });
    const t = await json(await h.api(`/api/Tickets/${S.tickets.rich}`));
    expect(t).toHaveProperty('TicketID', S.tickets.rich);
    expect(t).toHaveProperty('CustomerRepID', 2);
    expect(t).not.toHaveProperty('ticketID');
    expect(t.CustomFieldsData).toHaveProperty('crmPriority');
    const page = await json(await h.api(`/api/EndUsers/${S.endUsers.eva.id}/tickets`));
    expect(page).toHaveProperty('Items');
    expect(page).toHaveProperty('TotalPages');
  });

  it('date_format=no_offset sends .NET dates without an offset (7 fraction digits)', async () => {
    const z = await json(await h.api(`/api/Tickets/${S.tickets.rich}`));
    expect(z.dateCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    await h.control('switches', { date_format: 'no_offset' });
    const bare = await json(await h.api(`/api/Tickets/${S.tickets.rich}`));
    expect(bare.dateCreated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}$/);
    expect(Date.parse(`${bare.dateCreated.slice(0, 23)}Z`)).toBe(Date.parse(z.dateCreated));
  });

  it('error_style: problem details by default, empty, or { message, code }', async () => {
    const problem = await h.api('/api/Tickets/999999');
    expect(problem.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await problem.json()).toMatchObject({ status: 404, title: 'Not Found', traceId: expect.any(String) });
    await h.control('switches', { error_style: 'empty' });
    const empty = await h.api('/api/Tickets/999999');
    expect(empty.status).toBe(404);
    expect(await empty.text()).toBe('');
    await h.control('switches', { error_style: 'message' });
    const dup = await h.api('/api/EndUsers', { method: 'POST', body: { uids: [{ uid: S.endUsers.tom.email }] } });
    expect(await json(dup)).toEqual({ message: expect.any(String), code: 'DuplicateUid' });
  });

  it('rate-limit storm: 429 with Retry-After and { status, error, message } whatever the error style', async () => {
    await h.control('switches', { error_style: 'empty' });
    const token = await h.login();
    await h.control('rate-limit-storm', { requests: 1, retryAfterSeconds: 7 });
    const res = await h.api(`/api/Tickets/${S.tickets.rich}`, { token });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(await res.json()).toEqual({ status: 429, error: 'Too Many Requests', message: expect.stringContaining('7') });
    expect((await h.api(`/api/Tickets/${S.tickets.rich}`, { token })).status).toBe(200);
  });

  it('injected failures: 500 in the error style, 401 on a valid token (empty, WWW-Authenticate), counted', async () => {
    const token = await h.login();
    await h.control('failures', { path: '/api/Tickets/:id', status: 500, count: 1 });
    const failed = await h.api(`/api/Tickets/${S.tickets.rich}`, { token });
    expect(failed.status).toBe(500);
    expect((await failed.json()).status).toBe(500);
    await h.control('failures', { path: '/api/Tickets/:id', status: 401, count: 1 });
    const revoked = await h.api(`/api/Tickets/${S.tickets.rich}`, { token });
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect((await h.api(`/api/Tickets/${S.tickets.rich}`, { token })).status).toBe(200);
  });

  it('drop after commit: the bulk close happens, the response is lost', async () => {
    await h.control('drop', { method: 'PUT', path: '/api/Tickets/bulk' });
    await expect(h.api('/api/Tickets/bulk', { method: 'PUT', body: { ticketIDs: [S.tickets.rich], action: 'close' } })).rejects.toThrow();
    expect((await json(await h.api(`/api/Tickets/${S.tickets.rich}`))).isClosed).toBe(true);
  });

  it('outage: dropped connections or 503; the controls stay up', async () => {
    await h.control('outage', { down: true, mode: '503' });
    expect((await h.api('/api/Auth/login', { method: 'POST', token: null, body: S.service })).status).toBe(503);
    await h.control('outage', { down: true });
    await expect(h.api('/api/Auth/login', { method: 'POST', token: null, body: S.service })).rejects.toThrow();
    expect((await h.control('health')).status).toBe(200);
    await h.control('outage', { down: false });
  });

  it('slow responses: latency rules show in the state (no timing asserted)', async () => {
    const res = await json(await h.control('latency', { ms: 50, path: '/api/File/*' }));
    expect(res.state.latency.rules).toEqual([expect.objectContaining({ path: '/api/File/*', ms: 50 })]);
  });

  it('switches: validated by contract name, readable back, restored by reset', async () => {
    const bad = await h.control('switches', { message_model: 'mixed', nope: 1 });
    expect(bad.status).toBe(400);
    expect((await json(bad)).errors.map((e: { field: string }) => e.field).sort()).toEqual(['message_model', 'nope']);
    expect(await json(await h.control('switches', { token_ttl_s: '5', forbidden_as: 403 }))).toMatchObject({ token_ttl_s: 5, forbidden_as: 403 });
    await h.control('reset', {});
    expect(await json(await h.control('switches'))).toMatchObject({ token_ttl_s: 3600, forbidden_as: 404, message_model: 'combined' });
  });

  it('fixture routes: add a customer with tickets and files, plant hidden content, list forbidden strings', async () => {
    const customer = await json(await h.control('fixture/customers', { email: 'zoe@other.example', tickets: 3 }));
    expect(customer.ticketIds).toHaveLength(3);
    expect(customer.attachmentIds).toHaveLength(6);
    const planted = await json(await h.control(`fixture/tickets/${customer.ticketIds[0]}/hidden`, {}));
    expect(planted.canaries.length).toBeGreaterThan(5);
    const thread = await json(await h.api(`/api/TicketMessages?ticketId=${customer.ticketIds[0]}&pageSize=100`));
    expect(JSON.stringify(thread)).toContain(planted.canaries[0]);
    const { strings } = await json(await h.control('fixture/forbidden-strings'));
    expect(strings).toEqual(expect.arrayContaining([...planted.accessTokens, '/api/File/', 'DRAFT-CANARY']));
    expect((await h.control('fixture/tickets/424242/hidden', {})).status).toBe(404);
  });

  it('in-process: mock.fetch answers relative and absolute URLs and rejects dropped responses like a network error', async () => {
    const mock = createAnswerPalMock();
    const token = await mock.login();
    const res = await mock.fetch(`https://api.answerpal.test/api/Tickets/${S.tickets.rich}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    mock.faults.dropAfterCommit({ path: '/api/Tickets/:id' });
    await expect(mock.fetch(`/api/Tickets/${S.tickets.rich}`, { headers: { Authorization: `Bearer ${token}` } })).rejects.toBeInstanceOf(TypeError);
    mock.switches.casing = 'pascal';
    expect(await json(await mock.fetch(`/api/Tickets/${S.tickets.rich}`, { headers: { Authorization: `Bearer ${token}` } }))).toHaveProperty('TicketID');
    mock.reset();
    expect(mock.switches.casing).toBe('camel');
  });
});
