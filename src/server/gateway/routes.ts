import type { Call, Handler } from './context';
import { GatewayError } from './http';

// The portal protocol's paths, and matching a request's path to one.

export interface Route {
  method: string;
  path: string[];
  operation: string;
  /** `portal`: Bearer portal token; `none`: public (verify, signed URLs). */
  auth: 'portal' | 'none';
  handler: Handler;
}

/** Finds the route for a request's method and path (under `basePath`); 404 or 405 otherwise. */
export function createRouter<H extends Record<string, (call: Call) => Promise<Response>>>(handlers: H, basePath: string) {
  const route = (method: string, path: string, operation: keyof H & string, auth: Route['auth'] = 'portal'): Route => ({
    method,
    path: path.split('/').filter(Boolean),
    operation,
    auth,
    handler: handlers[operation] as Handler,
  });

  // Literal segments before parameters: "attachments" is never read as a ticket id.
  const routes: Route[] = [
    route('POST', '/portal/verify', 'verify', 'none'),
    route('POST', '/portal/refresh', 'refresh'),
    route('GET', '/portal/capabilities', 'capabilities'),
    route('GET', '/portal/form', 'form'),
    route('GET', '/portal/articles', 'articles'),
    // Live updates: server-sent events out, the helpdesk's webhooks in (signed by the helpdesk, not a portal token).
    route('GET', '/portal/events', 'events'),
    route('POST', '/webhooks/:backend', 'webhook', 'none'),
    route('GET', '/portal/tickets', 'listTickets'),
    route('POST', '/portal/tickets', 'createTicket'),
    route('POST', '/portal/tickets/attachments/pending', 'initiatePending'),
    route('POST', '/portal/tickets/attachments/pending/:attachmentId/confirm', 'confirmPending'),
    route('GET', '/portal/tickets/:ticketId', 'getTicket'),
    route('POST', '/portal/tickets/:ticketId/comments', 'addComment'),
    route('POST', '/portal/tickets/:ticketId/close', 'closeTicket'),
    route('POST', '/portal/tickets/:ticketId/reopen', 'reopenTicket'),
    route('POST', '/portal/tickets/:ticketId/rating', 'rateTicket'),
    route('POST', '/portal/tickets/:ticketId/attachments', 'initiateTicketUpload'),
    route('GET', '/portal/tickets/:ticketId/attachments', 'listAttachments'),
    route('POST', '/portal/tickets/:ticketId/attachments/:attachmentId/confirm', 'confirmTicketUpload'),
    route('GET', '/portal/tickets/:ticketId/attachments/:attachmentId', 'getAttachment'),
    route('PUT', '/uploads/:uploadId', 'putUpload', 'none'),
    route('GET', '/files/:token', 'download', 'none'),
  ];

  function match(method: string, segments: string[]): { route: Route; params: Record<string, string> } | { allow: string[] } | null {
    const allow: string[] = [];
    for (const r of routes) {
      if (r.path.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < r.path.length && ok; i++) {
        const p = r.path[i] as string;
        if (p.startsWith(':')) params[p.slice(1)] = segments[i] as string;
        else ok = p === segments[i];
      }
      if (!ok) continue;
      if (r.method === method || (method === 'HEAD' && r.method === 'GET')) return { route: r, params };
      allow.push(r.method);
    }
    return allow.length ? { allow } : null;
  }

  return function find(method: string, pathname: string): { route: Route; params: Record<string, string> } {
    let path = pathname;
    if (basePath) {
      if (path !== basePath && !path.startsWith(`${basePath}/`)) throw new GatewayError(404, 'NOT_FOUND', 'No such endpoint.');
      path = path.slice(basePath.length);
    }
    // Optional `/v1` (the Dispatch API's prefix), so a base URL copied from direct mode still works.
    if (path === '/v1' || path.startsWith('/v1/')) path = path.slice(3);
    let segments: string[];
    try {
      segments = path.split('/').filter(Boolean).map((s) => decodeURIComponent(s));
    } catch {
      throw new GatewayError(404, 'NOT_FOUND', 'No such endpoint.');
    }
    const found = match(method, segments);
    if (!found) throw new GatewayError(404, 'NOT_FOUND', 'No such endpoint.');
    if ('allow' in found) {
      throw new GatewayError(405, 'METHOD_NOT_ALLOWED', `Use ${found.allow.join(' or ')}.`, undefined, { allow: found.allow.join(', ') });
    }
    return found;
  };
}
