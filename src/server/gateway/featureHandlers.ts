import { isClosed, type Call, type Gateway } from './context';
import { GatewayError, invalid, json, isRecord, notSupported, readJsonBody, type FieldError } from './http';
import type { GatewayCapabilities } from './options';
import { storeRating } from './ratings';
import { wireTicket } from './serialize';

// The gateway's extensions to the portal protocol: X1 capabilities, X2 the
// ticket form, X3–X5 close, reopen and rate, X6 article search.

export function featureHandlers(g: Gateway) {
  const { options, idempotent, currentCaps, effectiveLimits, ratingScale, up, ownedTicket } = g;
  return {
    async capabilities(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      const scale = ratingScale(c);
      const body: GatewayCapabilities = {
        backend: c.backend,
        features: {
          form: c.form,
          search: c.search,
          multiStatus: c.multiStatus,
          close: c.close,
          reopen: c.reopen,
          rating: scale !== null,
          articles: !!options.articles || c.articles,
          attachments: c.attachments !== false,
          // Live updates exist where the helpdesk sends webhooks; elsewhere the browser polls.
          events: c.webhooks && typeof call.ready.backend.parseWebhook === 'function',
        },
        statuses: c.statuses.map((s) => ({ key: s.key, label: s.label, color: s.color ?? null, closed: s.closed })),
        limits: effectiveLimits(c),
        rating: scale ? { scale } : null,
      };
      return json(200, body, { 'cache-control': 'private, max-age=300' });
    },

    async form(call: Call): Promise<Response> {
      const { caps: c, form } = await currentCaps(call.ready);
      if (!c.form || !form) throw notSupported('The ticket form');
      return json(200, {
        categories: form.categories.map((x) => ({ id: x.id, name: x.name, description: x.description ?? null })),
        priorities: form.priorities.map((p) => ({ key: p.key, label: p.label })),
        // Display-only fields come too (showOnCreate false), so the ticket view can label their values.
        fields: form.fields.map((f) => ({
          key: f.key,
          label: f.label,
          type: f.type,
          required: f.required,
          options: f.options?.map((o) => ({ value: o.value, label: o.label })) ?? [],
          placeholder: f.placeholder ?? null,
          helpText: f.helpText ?? null,
          showOnCreate: f.showOnCreate !== false,
          showInDetail: f.showInDetail === true,
        })),
      });
    },
    async closeTicket(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      if (!c.close || !call.ready.backend.closeTicket) throw notSupported('Closing tickets');
      const ticket = await ownedTicket(call, call.params.ticketId);
      // Keyed like every mutation: a retry after a lost response replays the 200 instead of a 409.
      return idempotent(call, `closeTicket:${ticket.id}`, null, async () => {
        if (isClosed(c, ticket.status)) throw new GatewayError(409, 'ALREADY_CLOSED', 'This ticket is already closed.');
        const closed = await up(call, (ctx) => call.ready.backend.closeTicket!(ctx, ticket));
        return { status: 200, body: wireTicket(closed, closed.messageCount) };
      });
    },

    async reopenTicket(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      if (!c.reopen || !call.ready.backend.reopenTicket) throw notSupported('Reopening tickets');
      const ticket = await ownedTicket(call, call.params.ticketId);
      return idempotent(call, `reopenTicket:${ticket.id}`, null, async () => {
        if (!isClosed(c, ticket.status)) throw new GatewayError(409, 'NOT_CLOSED', 'Only a resolved or closed ticket can be reopened.');
        const reopened = await up(call, (ctx) => call.ready.backend.reopenTicket!(ctx, ticket));
        return { status: 200, body: wireTicket(reopened, reopened.messageCount) };
      });
    },

    async rateTicket(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      const scale = ratingScale(c);
      if (!scale) throw notSupported('Rating');
      const ticket = await ownedTicket(call, call.params.ticketId);
      const raw = await readJsonBody(call.request, 16 * 1024);
      const b = isRecord(raw) ? raw : {};
      const errors: FieldError[] = [];
      const ok =
        typeof b.rating === 'number' &&
        Number.isInteger(b.rating) &&
        (scale === 'thumbs' ? b.rating === 1 || b.rating === -1 : b.rating >= 1 && b.rating <= (scale === 'scale5' ? 5 : 10));
      if (!ok) {
        errors.push({ field: 'rating', message: scale === 'thumbs' ? 'rating must be 1 (up) or -1 (down).' : `rating must be a whole number from 1 to ${scale === 'scale5' ? 5 : 10}.` });
      }
      const comment = typeof b.comment === 'string' && b.comment.trim() ? b.comment.trim() : null;
      if (b.comment !== undefined && b.comment !== null && typeof b.comment !== 'string') errors.push({ field: 'comment', message: 'comment must be text.' });
      else if (comment && comment.length > 2000) errors.push({ field: 'comment', message: 'comment must be at most 2000 characters.' });
      if (errors.length) throw invalid(errors);
      return idempotent(call, `rateTicket:${ticket.id}`, raw, () => storeRating(g, call, c, scale, ticket, b));
    },

    async articles(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      const backend = call.ready.backend;
      if (!options.articles && !(c.articles && backend.searchArticles)) throw notSupported('Article search');
      const query = (call.url.searchParams.get('query') ?? '').trim();
      const rawLimit = call.url.searchParams.get('limit');
      const limit = rawLimit ? Number(rawLimit) : 5;
      const errors: FieldError[] = [];
      if (query.length < 2 || query.length > 200) errors.push({ field: 'query', message: 'query must be 2–200 characters.' });
      if (!Number.isInteger(limit) || limit < 1 || limit > 20) errors.push({ field: 'limit', message: 'limit must be an integer between 1 and 20.' });
      if (errors.length) throw invalid(errors);
      const found = await up(call, async (ctx) =>
        options.articles
          ? options.articles(query, { customer: ctx.customer, limit, signal: ctx.signal })
          : backend.searchArticles!(ctx, query, limit),
      );
      const data = [];
      for (const a of found ?? []) {
        let url: URL | null = null;
        try {
          url = new URL(a.url);
        } catch {
          url = null;
        }
        if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:') || typeof a.title !== 'string') continue;
        data.push({ id: String(a.id), title: a.title.slice(0, 300), snippet: String(a.snippet ?? '').slice(0, 500), url: url.href });
        if (data.length >= limit) break;
      }
      return json(200, { data });
    },
  };
}
