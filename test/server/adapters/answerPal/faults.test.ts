import { describe, expect, it } from 'vitest';
import { BackendError } from '../../../../src/server/gateway/backend';
import { failure, S, serialise, useAdapter } from './helpers';

const h = useAdapter({}, { timeoutMs: 300 });
const rich = String(S.tickets.rich);

describe('answerPal(): upstream failures become BackendError kinds, never upstream text', () => {
  it('429 (storm or quota) → rate_limited with Retry-After, safe to retry', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    h.server.mock.faults.startRateLimitStorm({ requests: 10, retryAfterSeconds: 12 });
    const e = await failure(h.backend.getTicket(ctx, rich));
    expect(e).toBeInstanceOf(BackendError);
    expect(e).toMatchObject({ kind: 'rate_limited', retryAfter: 12, safeToRetry: true });
    expect(e.message).not.toMatch(/Too Many Requests|Try again/);
  });

  it('a 500 on a read is retried and succeeds; a 500 on a write is not repeated', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    h.server.mock.faults.failRoute({ path: '/api/Tickets/:id', status: 500, count: 1 });
    expect((await h.backend.getTicket(ctx, rich))?.id).toBe(rich);
    expect(h.calls.filter((c) => c.path === `Tickets/${rich}`).map((c) => c.status)).toEqual([500, 200]);
    const ticket = (await h.backend.getTicket(ctx, rich))!;
    h.calls.length = 0;
    h.server.mock.faults.failRoute({ method: 'POST', path: '/api/TicketMessages/create-new', status: 500 });
    const e = await failure(h.backend.addMessage(ctx, ticket, { body: 'x', files: [] }));
    expect(e).toMatchObject({ kind: 'unavailable' });
    expect(h.calls.filter((c) => c.path === 'TicketMessages/create-new')).toHaveLength(1);
  });

  it('every error style (problem details, empty, { message }) reads the same: 404 → null, 400 → invalid', async () => {
    for (const style of ['problem', 'empty', 'message'] as const) {
      h.server.mock.switches.errorStyle = style;
      const ctx = await h.as(S.endUsers.eva.email);
      expect(await h.backend.getTicket(ctx, '999999')).toBeNull();
      h.server.mock.faults.failRoute({ method: 'POST', path: '/api/TicketMessages/create-new', status: 400, count: 1 });
      const ticket = (await h.backend.getTicket(ctx, rich))!;
      expect(await failure(h.backend.addMessage(ctx, ticket, { body: 'x', files: [] }))).toMatchObject({ kind: 'invalid' });
    }
  });

  it('slow or unreachable AnswerPal → unavailable (timeouts per attempt), and the upstream URL stays in `cause` only', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    h.server.mock.faults.setLatency(5_000, { path: '/api/Tickets/:id' });
    const slow = await failure(h.backend.getTicket(ctx, rich));
    expect(slow).toMatchObject({ kind: 'unavailable' });
    h.server.mock.faults.clearLatency();
    h.server.mock.faults.setOutage(true);
    const down = await failure(h.backend.getTicket(ctx, rich));
    expect(down).toMatchObject({ kind: 'unavailable' });
    expect(down.message).not.toContain(h.server.url);
    h.server.mock.faults.setOutage(false);
  }, 20_000);

  it('a proxy’s 502 → unavailable, its text in `cause` only; five-field paged results read like three', async () => {
    const ctx = await h.as(S.endUsers.eva.email);
    h.server.mock.switches.pagedFields = 5;
    expect((await h.backend.listTickets(ctx, { statuses: [], search: null, sort: 'createdAt', order: 'desc', limit: 5, cursor: null })).tickets).toHaveLength(5);
    h.server.mock.faults.failRoute({ path: '/api/EndUsers/:id/tickets', status: 502, message: '<html>Bad gateway</html>' });
    const e = await failure(h.backend.listTickets(ctx, { statuses: [], search: null, sort: 'createdAt', order: 'desc', limit: 5, cursor: null }));
    expect(e).toMatchObject({ kind: 'unavailable' });
    expect(serialise({ kind: e.kind, code: e.code, message: e.message })).not.toContain('Bad gateway');
  });
});
