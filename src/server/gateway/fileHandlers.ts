import type { BackendCustomer, PortalBackend } from './backend';
import { isSafeId, type Call, type Gateway } from './context';
import { json, notFound, notSupported, readJsonBody } from './http';
import { wireAttachment } from './serialize';

// P7–P10 and the gateway's own file URLs: pending uploads, uploads to a
// ticket, attachment lists and downloads (proxied behind short-lived signed URLs).

export function fileHandlers(g: Gateway) {
  const { currentCaps, effectiveLimits, up, ownedTicket, limitRate } = g;
  return {
    async initiatePending(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      if (c.attachments === false) throw notSupported('Attachments');
      const raw = await readJsonBody(call.request, 8192);
      return json(201, await call.ready.uploads.initiate(call.customer as BackendCustomer, null, raw, effectiveLimits(c), call.origin));
    },

    async confirmPending(call: Call): Promise<Response> {
      await call.request.arrayBuffer().catch(() => undefined);
      const { caps: c } = await currentCaps(call.ready);
      if (c.attachments === false) throw notSupported('Attachments');
      const id = call.params.attachmentId as string;
      return json(200, await call.ready.uploads.confirm(call.customer as BackendCustomer, null, id));
    },

    async initiateTicketUpload(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      if (c.attachments === false) throw notSupported('Attachments');
      const ticket = await ownedTicket(call, call.params.ticketId);
      const raw = await readJsonBody(call.request, 8192);
      return json(201, await call.ready.uploads.initiate(call.customer as BackendCustomer, ticket.id, raw, effectiveLimits(c), call.origin));
    },

    async confirmTicketUpload(call: Call): Promise<Response> {
      await call.request.arrayBuffer().catch(() => undefined);
      const { caps: c } = await currentCaps(call.ready);
      if (c.attachments === false) throw notSupported('Attachments');
      const ticket = await ownedTicket(call, call.params.ticketId);
      const id = call.params.attachmentId as string;
      const attach =
        c.attachments === 'ticket' && call.ready.backend.attachFile
          ? (file: Parameters<NonNullable<PortalBackend['attachFile']>>[2]) => up(call, (ctx) => call.ready.backend.attachFile!(ctx, ticket, file))
          : null;
      return json(200, await call.ready.uploads.confirm(call.customer as BackendCustomer, ticket.id, id, attach));
    },

    async listAttachments(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      const ticket = await ownedTicket(call, call.params.ticketId);
      // A helpdesk without files has none to list: an empty list keeps the existing UI quiet.
      if (c.attachments === false || !call.ready.backend.listAttachments) return json(200, []);
      const list = await up(call, (ctx) => call.ready.backend.listAttachments!(ctx, ticket));
      return json(200, list.filter((a) => a.visibility === 'public').map(wireAttachment));
    },

    async getAttachment(call: Call): Promise<Response> {
      const { caps: c } = await currentCaps(call.ready);
      const ticket = await ownedTicket(call, call.params.ticketId);
      const id = call.params.attachmentId as string;
      if (c.attachments === false || !call.ready.backend.getDownload || !isSafeId(id)) throw notFound('Attachment', 'ATTACHMENT_NOT_FOUND');
      const found = await up(call, (ctx) => call.ready.backend.getDownload!(ctx, ticket, id));
      if (!found || found.attachment.id !== id || found.attachment.visibility !== 'public') throw notFound('Attachment', 'ATTACHMENT_NOT_FOUND');
      const { downloadUrl, expiresAt } = await call.ready.uploads.downloadUrl(call.customer as BackendCustomer, ticket.id, found, call.origin);
      const a = wireAttachment(found.attachment);
      return json(200, { ...a, attachment: a, downloadUrl, expiresAt });
    },
    async putUpload(call: Call): Promise<Response> {
      return call.ready.uploads.put(call.request, call.params.uploadId as string, call.url);
    },

    async download(call: Call): Promise<Response> {
      const claims = await call.ready.uploads.verifyDownload(call.params.token as string);
      const customer: BackendCustomer = { id: claims.customerId, email: claims.email, name: claims.name };
      const scoped: Call = { ...call, customer };
      await limitRate(scoped);
      const { caps: c } = await currentCaps(call.ready);
      if (c.attachments === false || !call.ready.backend.getDownload) throw notFound('Attachment', 'ATTACHMENT_NOT_FOUND');
      // Re-checked on every download: the ticket may have changed hands or the file been hidden since.
      const ticket = await ownedTicket(scoped, claims.ticketId);
      const found = await up(scoped, (ctx) => call.ready.backend.getDownload!(ctx, ticket, claims.attachmentId));
      if (!found || found.attachment.id !== claims.attachmentId || found.attachment.visibility !== 'public') {
        throw notFound('Attachment', 'ATTACHMENT_NOT_FOUND');
      }
      return call.ready.uploads.serve(found, call.request.signal);
    },
  };
}
