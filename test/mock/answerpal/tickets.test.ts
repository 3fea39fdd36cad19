import { describe, expect, it } from 'vitest';
import { json, S, useAnswerPalServer } from './helpers';

const h = useAnswerPalServer();

type Page = { items: { ticketID: number; dateCreated: string }[]; totalCount: number; totalPages: number; pageNumber?: number; pageSize?: number };
const ids = (page: Page) => page.items.map((t) => t.ticketID);

describe('AnswerPal mock: tickets', () => {
  describe('T1 list', () => {
    it('returns processed tickets only, newest first, 10 per page, with 3 paging fields by default', async () => {
      const page = await json<Page>(await h.api('/api/Tickets'));
      expect(Object.keys(page).sort()).toEqual(['items', 'totalCount', 'totalPages']);
      expect(page.items.length).toBeLessThanOrEqual(10);
      expect(ids(page)).not.toContain(S.tickets.unprocessed);
      expect(ids(page)).not.toContain(S.tickets.followUp);
      const dates = page.items.map((t) => Date.parse(t.dateCreated));
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
      expect(ids(page)).not.toContain(S.tickets.globex);
    });

    it('includeFollowUp=true shows tickets with a future follow-up date', async () => {
      const page = await json<Page>(await h.api('/api/Tickets?includeFollowUp=true&pageSize=100'));
      expect(ids(page)).toContain(S.tickets.followUp);
    });

    it('filters by uid, endUserID, several status values, isSpam, channelType and searches message text', async () => {
      expect(ids(await json(await h.api(`/api/Tickets?uid=${S.endUsers.eva.secondaryEmail}`)))).toEqual([S.tickets.secondaryEmail]);
      const byEndUser = ids(await json(await h.api(`/api/Tickets?endUserID=${S.endUsers.tom.id}`)));
      expect(byEndUser).toEqual([S.tickets.tom]);
      const statuses = ids(await json(await h.api('/api/Tickets?status=Escalated&status=Closed&pageSize=100')));
      expect(statuses.sort()).toEqual([S.tickets.closed, S.tickets.escalated].sort());
      expect(ids(await json(await h.api('/api/Tickets?isSpam=true')))).toEqual([S.tickets.spam]);
      expect(ids(await json(await h.api('/api/Tickets?channelType=Phone')))).toEqual([S.tickets.phone]);
      expect(ids(await json(await h.api('/api/Tickets?search=printer')))).toEqual([S.tickets.tom]);
      // Search reaches drafts too (a full-text index does): the adapter must not trust it.
      expect(ids(await json(await h.api('/api/Tickets?search=DRAFT-CANARY')))).toEqual([S.tickets.rich]);
    });

    it('sorts by a property name and order; ties break by id', async () => {
      const asc = await json<Page>(await h.api(`/api/EndUsers/${S.endUsers.eva.id}/tickets?sortBy=DateCreated&sortOrder=asc&pageSize=50`));
      const dates = asc.items.map((t) => Date.parse(t.dateCreated));
      expect(dates).toEqual([...dates].sort((a, b) => a - b));
    });

    it('clamps pageSize to 100, answers past the last page with no items and correct totals, and gives 5 fields with paged_fields=5', async () => {
      for (let i = 0; i < 3; i++) h.server.mock.fixture.addTicket(`bulk${i}@initech.example`);
      const big = await json<Page>(await h.api('/api/Tickets?pageSize=1000'));
      expect(big.items.length).toBe(big.totalCount);
      const past = await json<Page>(await h.api('/api/Tickets?pageNumber=99&pageSize=5'));
      expect(past.items).toEqual([]);
      expect(past.totalPages).toBe(Math.ceil(big.totalCount / 5));
      await h.control('switches', { paged_fields: 5 });
      const five = await json<Page>(await h.api('/api/Tickets?pageNumber=2&pageSize=3'));
      expect(five).toMatchObject({ pageNumber: 2, pageSize: 3 });
    });

    it('400 for a query value that doesn’t convert', async () => {
      expect((await h.api('/api/Tickets?isSpam=maybe')).status).toBe(400);
      expect((await h.api('/api/Tickets?pageNumber=two')).status).toBe(400);
    });
  });

  describe('roles', () => {
    it('Administrator sees all; Agent own and unassigned; Restricted own only', async () => {
      const all = ids(await json(await h.api('/api/Tickets?pageSize=100')));
      expect(all).toContain(S.tickets.otherRep);
      const anna = await h.login({ username: S.reps.anna.username, password: S.reps.anna.password, hostname: S.tenant.hostname });
      const agent = ids(await json(await h.api('/api/Tickets?pageSize=100', { token: anna })));
      expect(agent).toContain(S.tickets.rich); // Anna's
      expect(agent).toContain(S.tickets.secondaryEmail); // unassigned
      expect(agent).not.toContain(S.tickets.otherRep); // Rick's
      const rick = await h.login({ username: S.reps.rick.username, password: S.reps.rick.password, hostname: S.tenant.hostname });
      expect(ids(await json(await h.api('/api/Tickets?pageSize=100', { token: rick })))).toEqual([S.tickets.otherRep]);
    });

    it('an unreadable ticket answers 404 by default, an empty 403 with forbidden_as=403; the role switch applies to the service account', async () => {
      await h.control('switches', { role: 'Restricted' });
      expect((await h.api(`/api/Tickets/${S.tickets.rich}`)).status).toBe(404);
      await h.control('switches', { forbidden_as: 403 });
      const forbidden = await h.api(`/api/Tickets/${S.tickets.rich}`);
      expect(forbidden.status).toBe(403);
      expect(await forbidden.text()).toBe('');
      expect((await h.api(`/api/TicketMessages?ticketId=${S.tickets.rich}`)).status).toBe(403);
      expect((await h.api('/api/Tickets/999999')).status).toBe(404);
    });
  });

  describe('T2 detail', () => {
    it('returns every TicketReadDTO field, unprocessed tickets included; 404 for a missing or other tenant’s ticket', async () => {
      const t = await json(await h.api(`/api/Tickets/${S.tickets.rich}`));
      expect(t).toMatchObject({ ticketID: S.tickets.rich, status: 'Open', isClosed: false, uid: S.endUsers.eva.email, customerRepName: 'Anna de Vries', channelName: 'support@acme.example' });
      for (const key of ['token', 'summary', 'preview', 'aiFeedbackComments', 'topics', 'endUsers', 'customFieldsData', 'lastEndUserMessageID', 'twilio_CallSid', 'isProcessed', 'followUpDate']) expect(t).toHaveProperty(key);
      expect(t.token).toMatch(/^[0-9a-f-]{36}$/);
      expect((await h.api(`/api/Tickets/${S.tickets.unprocessed}`)).status).toBe(200);
      expect((await h.api(`/api/Tickets/${S.tickets.globex}`)).status).toBe(404);
      expect((await h.api('/api/tickets/1001')).status).toBe(200); // routes are case-insensitive
    });
  });

  describe('T3 create', () => {
    it('requires status, subject and channelType (≤ 20 chars); creates with 201 (create_status switch: 200)', async () => {
      const bad = await h.api('/api/Tickets', { method: 'POST', body: { subject: 'x' } });
      expect(bad.status).toBe(400);
      expect(Object.keys((await json(bad)).errors)).toEqual(['status']);
      expect((await h.api('/api/Tickets', { method: 'POST', body: { status: 'Open', subject: 'x', channelType: 'x'.repeat(21) } })).status).toBe(400);
      const res = await h.api('/api/Tickets', { method: 'POST', body: { status: 'Open', subject: 'Via T3', channelType: 'Chat', channelID: S.portalChannelId, uid: S.endUsers.tom.email } });
      expect(res.status).toBe(201);
      expect(await json(res)).toMatchObject({ subject: 'Via T3', endUserID: S.endUsers.tom.id, isProcessed: true });
    });
  });

  describe('T4 bulk', () => {
    const bulk = (body: unknown) => h.api('/api/Tickets/bulk', { method: 'PUT', body });

    it('close sets isClosed, status Closed and closeDate; open reverses it; 204', async () => {
      const closed = await bulk({ ticketIDs: [S.tickets.rich], action: 'close' });
      expect(closed.status).toBe(204);
      expect(await json(await h.api(`/api/Tickets/${S.tickets.rich}`))).toMatchObject({ isClosed: true, status: 'Closed', closeDate: expect.any(String) });
      expect((await bulk({ ticketIDs: [S.tickets.rich], action: 'open' })).status).toBe(204);
      expect(await json(await h.api(`/api/Tickets/${S.tickets.rich}`))).toMatchObject({ isClosed: false, status: 'Open', closeDate: null });
    });

    it('knows the other actions (delete really deletes), refuses unknown ones, and changes nothing when one id is unreadable', async () => {
      expect((await bulk({ ticketIDs: [S.tickets.rich], action: 'explode' })).status).toBe(400);
      expect((await bulk({ ticketIDs: [S.tickets.rich, S.tickets.globex], action: 'close' })).status).toBe(404);
      expect((await json(await h.api(`/api/Tickets/${S.tickets.rich}`))).isClosed).toBe(false);
      expect((await bulk({ ticketIDs: [S.tickets.stranger], action: 'delete' })).status).toBe(204);
      expect((await h.api(`/api/Tickets/${S.tickets.stranger}`)).status).toBe(404);
      expect((await bulk({ ticketIDs: [S.tickets.tom], action: 'spam' })).status).toBe(204);
      expect((await json(await h.api(`/api/Tickets/${S.tickets.tom}`))).isSpam).toBe(true);
    });
  });

  it('T5 applies a JSON Patch (application/json-patch+json), 204; refuses unknown paths', async () => {
    const patch = (ops: unknown) => h.api(`/api/Tickets/${S.tickets.rich}`, { method: 'PATCH', body: ops, headers: { 'Content-Type': 'application/json-patch+json' } });
    expect((await patch([{ op: 'replace', path: '/isClosed', value: true }])).status).toBe(204);
    const t = await json(await h.api(`/api/Tickets/${S.tickets.rich}`));
    expect(t.isClosed).toBe(true);
    expect(t.status).toBe('Open'); // T5 changes exactly what it says
    expect((await patch([{ op: 'replace', path: '/token', value: 'x' }])).status).toBe(400);
  });
});
