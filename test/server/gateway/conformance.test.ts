import { describe, expect, it } from 'vitest';
import type { PortalBackend } from '../../../src/server/gateway/backend';
import { runConformance, type ConformanceFixture } from '../../../src/server/testing';
import { memoryBackend, type MemoryBackendOptions } from '../../../src/server/testing/memoryBackend';

const quiet = { log: null } as const;
const fixture = (o: MemoryBackendOptions = {}) => () => memoryBackend(o).fixture();

/** The same desk with one adapter method replaced: a broken adapter the suite must catch. */
function broken(patch: (b: PortalBackend) => Partial<PortalBackend>): () => ConformanceFixture {
  return () => {
    const f = memoryBackend().fixture();
    return { ...f, backend: { ...f.backend, ...patch(f.backend) } as PortalBackend };
  };
}

describe('conformance and attack suite', () => {
  describe('on the reference adapter', () => {
    it('files on tickets, downloads proxied: everything passes, nothing leaks', async () => {
      const report = await runConformance({ fixture: fixture() });
      expect(report.failures).toEqual([]);
      expect(report.leakDetails).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.summary).toMatch(/^conformance (\d+)\/\1, attacks (\d+)\/\2 refused, leaks 0$/);
    }, 60_000);

    it('files bound to messages (held until the reply that links them), short-lived upstream URLs', async () => {
      const report = await runConformance({ fixture: fixture({ attachments: 'message', download: 'url' }), ...quiet });
      expect(report.failures).toEqual([]);
      expect(report.ok).toBe(true);
    }, 60_000);

    it('a small helpdesk (no files, form, search, close, reopen, articles): the rest still conforms', async () => {
      const report = await runConformance({
        fixture: fixture({ attachments: false, features: { form: false, search: false, multiStatus: false, close: false, reopen: false, articles: false } }),
        ...quiet,
      });
      expect(report.failures).toEqual([]);
      expect(report.skipped).toEqual(expect.arrayContaining(['form', 'search', 'close', 'attachments', 'articles']));
      expect(report.ok).toBe(true);
    }, 60_000);
  });

  describe('catches broken adapters', () => {
    it('internal notes classified public: leaks are counted and the run fails', async () => {
      const report = await runConformance({
        fixture: broken((b) => ({
          getTicketDetail: async (ctx, id) => {
            const d = await b.getTicketDetail(ctx, id);
            return d && { ...d, messages: d.messages.map((m) => ({ ...m, visibility: 'public' as const })) };
          },
        })),
        ...quiet,
      });
      expect(report.leaks).toBeGreaterThan(0);
      expect(report.ok).toBe(false);
    }, 60_000);

    it("a list that ignores the customer: the gateway drops the rows and the suite reports it", async () => {
      const report = await runConformance({
        fixture: broken((b) => ({
          listTickets: async (ctx, q) => {
            const mine = await b.listTickets(ctx, q);
            const stranger = await b.getTicket(ctx, 'tk_nope');
            return { ...mine, tickets: [...mine.tickets, ...(stranger ? [stranger] : []), { ...mine.tickets[0]!, customerId: 'cus_someone_else', id: 'tk_foreign' }].filter((t) => t?.id) };
          },
        })),
        ...quiet,
      });
      expect(report.failures.map((f) => f.name)).toContain('the adapter returned nothing the gateway had to drop, and no failure was internal');
      expect(report.leaks).toBe(0);
    }, 60_000);

    it('a getTicket that echoes any id as the customer’s: other customers’ tickets stay out of reach only if the adapter is honest', async () => {
      const report = await runConformance({
        fixture: broken((b) => ({
          getTicket: async (ctx, id) => {
            const t = await b.getTicket(ctx, id);
            return t && { ...t, customerId: ctx.customer.id };
          },
        })),
        ...quiet,
      });
      expect(report.failures.some((f) => f.group === 'attack' && /another customer's ticket/.test(f.name))).toBe(true);
      expect(report.ok).toBe(false);
    }, 60_000);
  });
});
