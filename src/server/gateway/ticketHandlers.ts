import type { BackendCustomer, JsonValue } from './backend';
import { CURSOR_TTL_S, isClosed, isSafeId, type Call, type Gateway } from './context';
import { GatewayError, invalid, isRecord, json, notFound, readJsonBody, type FieldError } from './http';
import { readRating } from './ratings';
import { wireComment, wireCustomFields, wireTicket } from './serialize';
import { validateCreate } from './validate';

// P3–P6: the customer's tickets (listed, read, created) and replies.

export function ticketHandlers(g: Gateway) {
  const { options, limits, store, report, idempotent, currentCaps, effectiveLimits, ratingScale, up, ownedTicket } = g;
  return {
    async listTickets(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      const q = call.url.searchParams;
      const errors: FieldError[] = [];
      const rawLimit = q.get('limit');
      const limit = rawLimit === null || rawLimit === '' ? 20 : /^\d+$/.test(rawLimit) ? Number(rawLimit) : NaN;
      if (!(limit >= 1 && limit <= 50)) errors.push({ field: 'limit', message: 'limit must be an integer between 1 and 50.' });
      const sort = q.get('sort') || 'createdAt';
      const order = q.get('order') || 'desc';
      if (sort !== 'createdAt' && sort !== 'updatedAt') errors.push({ field: 'sort', message: 'sort must be one of: createdAt, updatedAt.' });
      if (order !== 'asc' && order !== 'desc') errors.push({ field: 'order', message: 'order must be one of: asc, desc.' });
      const asked = [...new Set((q.get('status') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))];
      if (asked.length > 1 && !c.multiStatus) errors.push({ field: 'status', message: 'This help desk filters by one status at a time.' });
      const search = (q.get('search') ?? '').trim() || null;
      if (search && !c.search) errors.push({ field: 'search', message: 'This help desk does not support search.' });
      if (search && search.length > 200) errors.push({ field: 'search', message: 'search must be at most 200 characters.' });
      if (errors.length) throw invalid(errors);
      const known = new Set(c.statuses.map((s) => s.key));
      const statuses = asked.filter((s) => known.has(s)).sort();
      const customer = call.customer as BackendCustomer;
      // Bound into the signed cursor as is: it names only this customer's own filters.
      const scope = JSON.stringify([customer.id, statuses, search, sort, order]);
      let cursor: JsonValue | null = null;
      const rawCursor = q.get('cursor');
      if (rawCursor) {
        const v = await call.ready.signer.verify('cursor', rawCursor);
        // Someone else's cursor, another filter's, or a forged one: all the same answer.
        if (!v.ok || v.claims.f !== scope) {
          throw new GatewayError(400, 'INVALID_CURSOR', 'The cursor is invalid or belongs to other filters. Start from the first page.', [
            { field: 'cursor', message: 'The cursor is invalid.' },
          ]);
        }
        cursor = (v.claims.n ?? null) as JsonValue | null;
      }
      // Statuses asked for that this helpdesk doesn't have match nothing.
      if (asked.length > 0 && statuses.length === 0) return json(200, { data: [], pagination: { hasMore: false, nextCursor: null } });
      const page = await up(call, (ctx) =>
        call.ready.backend.listTickets(ctx, { statuses, search, sort: sort as 'createdAt', order: order as 'desc', limit, cursor }),
      );
      const data = [];
      for (const t of page.tickets) {
        if (t.customerId !== customer.id || (statuses.length > 0 && !statuses.includes(t.status))) {
          report({ kind: 'integrity', operation: 'listTickets', requestId: call.requestId, customerId: customer.id, error: new Error(`listTickets returned ticket ${t.id}, which is outside this listing (owner or status); dropped`) });
          continue;
        }
        data.push(wireTicket(t, t.messageCount));
      }
      const nextCursor = page.next === null || page.next === undefined ? null : await call.ready.signer.sign('cursor', { f: scope, n: page.next }, CURSOR_TTL_S);
      return json(200, { data, pagination: { hasMore: nextCursor !== null, nextCursor } });
    },

    async getTicket(call: Call): Promise<Response> {
      const id = call.params.ticketId as string;
      if (!isSafeId(id)) throw notFound();
      const customer = call.customer as BackendCustomer;
      const [detail, current] = await Promise.all([up(call, (ctx) => call.ready.backend.getTicketDetail(ctx, id)), currentCaps(call.ready)]);
      if (!detail || detail.ticket.id !== id || detail.ticket.customerId !== customer.id) throw notFound();
      const rating = await readRating(store, call.ready, detail.ticket);
      const t = detail.ticket;
      const comments = [];
      for (const m of detail.messages) {
        if (m.ticketId !== t.id) {
          report({ kind: 'integrity', operation: 'getTicketDetail', requestId: call.requestId, customerId: customer.id, error: new Error(`message ${m.id} belongs to ticket ${m.ticketId}, not ${t.id}; dropped`) });
          continue;
        }
        if (m.visibility !== 'public') continue;
        if (m.author === 'system' && !options.showSystemMessages) continue;
        comments.push(m);
      }
      // Oldest first, stable for equal times.
      comments.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || 0);
      const scale = ratingScale(current.caps);
      const closed = isClosed(current.caps, t.status);
      return json(200, {
        ...wireTicket(t, comments.length),
        body: detail.body,
        brand: { name: options.brand?.name ?? '', ticketPrefix: options.brand?.ticketPrefix ?? '' },
        comments: comments.map((m) => wireComment(m, customer)),
        customFields: wireCustomFields(t.customFields, current.form?.fields ?? []),
        rating: rating ? { rating: rating.rating, comment: rating.comment, scale: rating.scale, createdAt: rating.createdAt } : null,
        canRate: scale !== null && closed && rating === null,
      });
    },

    async createTicket(call: Call): Promise<Response> {
      const raw = await readJsonBody(call.request, limits.jsonBodyBytes);
      const customer = call.customer as BackendCustomer;
      return idempotent(call, 'createTicket', raw, async () => {
        const { caps: c, form } = await currentCaps(call.ready);
        const eff = effectiveLimits(c);
        const checked = validateCreate(raw, eff, c.form && form ? { ...form, fields: form.fields.filter((f) => f.showOnCreate !== false) } : null);
        if ('errors' in checked) throw invalid(checked.errors);
        const v = checked.value;
        if (v.attachmentIds.length && c.attachments === false) {
          throw invalid([{ field: 'attachmentIds', message: 'This help desk does not take attachments.' }]);
        }
        const files = await call.ready.uploads.stagedForCreate(customer.id, v.attachmentIds);
        const ticket = await up(call, (ctx) =>
          call.ready.backend.createTicket(ctx, {
            title: v.title,
            body: v.body,
            priority: v.priority,
            categoryId: v.categoryId,
            customFields: v.customFields,
            files: files.map((f) => f.file),
          }),
        );
        if (ticket.customerId !== customer.id) {
          report({ kind: 'integrity', operation: 'createTicket', requestId: call.requestId, customerId: customer.id, error: new Error(`createTicket returned ticket ${ticket.id} owned by another customer`) });
        }
        await call.ready.uploads.consume(files);
        return { status: 201, body: wireTicket(ticket, ticket.messageCount ?? 0) };
      });
    },

    async addComment(call: Call): Promise<Response> {
      const ticket = await ownedTicket(call, call.params.ticketId);
      const raw = await readJsonBody(call.request, limits.jsonBodyBytes);
      const customer = call.customer as BackendCustomer;
      return idempotent(call, `addComment:${ticket.id}`, raw, async () => {
        const { caps: c } = await currentCaps(call.ready);
        const eff = effectiveLimits(c);
        const text = isRecord(raw) ? raw.body : undefined;
        if (typeof text !== 'string' || text.trim() === '') throw invalid([{ field: 'body', message: 'Reply body is required.' }]);
        if (text.length > eff.bodyMaxLength) throw invalid([{ field: 'body', message: `Reply must be at most ${eff.bodyMaxLength} characters.` }]);
        const { body, files } =
          c.attachments === 'message' ? await call.ready.uploads.stagedForReply(customer.id, ticket.id, text, eff.maxFiles) : { body: text, files: [] };
        const message = await up(call, (ctx) => call.ready.backend.addMessage(ctx, ticket, { body, files: files.map((f) => f.file) }));
        await call.ready.uploads.consume(files);
        return { status: 201, body: wireComment({ ...message, author: 'customer', ticketId: ticket.id }, customer) };
      });
    },
  };
}
