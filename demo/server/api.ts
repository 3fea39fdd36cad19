/**
 * The demo's backend: the routes a SaaS app adds to its own server to host the
 * support portal. demo/vite.config.ts mounts them into Vite's dev and preview
 * servers; in your app they are routes of your Express/Next.js/Hono server.
 *
 * | Route                       | What it shows                                              |
 * |-----------------------------|------------------------------------------------------------|
 * | GET  /api/config            | where the browser finds the portal API (per backend mode)  |
 * | POST /api/backend           | the demo's backend switch (see DemoBackend)                |
 * | /api/gateway/*              | createPortalGateway + dispatchAdmin: the portal protocol,  |
 * |                             | live updates at /portal/events, webhooks at /webhooks/dispatch |
 * | /api/gateways/switchlabs/*  | the same with switchLabs, over the Switch Labs CRM mock     |
 * | /api/gateways/answerpal/*   | the same with answerPal, over the AnswerPal mock            |
 * | POST/GET/DELETE /api/session| the host app's own (fake) sign-in                          |
 * | GET  /api/support/token     | createPortalTokenHandler: a portal token for that customer |
 * | POST /api/magic-link        | sendMagicLink: self-service sign-in by email               |
 * | GET  /api/demo-inbox        | the mock's outbox, so a viewer can open the emailed link   |
 * | /api/staff/*                | the staff console's calls to the helpdesk (demo tool)      |
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  answerPal,
  createPortalGateway,
  createPortalTokenHandler,
  dispatchAdmin,
  isPortalTokenError,
  memoryBlobStore,
  sendMagicLink,
  switchLabs,
  toNodeHandler,
  type NodeHandlerContext,
  type PortalBackend,
} from '@dispatchtickets/react/server';
import { DEMO_BACKENDS, type DemoAccount, type DemoBackend, type InboxMessage, type StaffTicket, type StaffTicketDetail, type StaffComment } from '../src/api';
import { ANSWERPAL_SEED, answerPalDesk, startHelpdeskMocks, SWITCHLABS_SEED, switchLabsDesk, type HelpdeskMocks, type StaffDesk } from './helpdesks';

/** The mock's API key and brand. A real key lives in your server's environment, never in the browser. */
const API_KEY = 'sk_test_demo';
const BRAND_ID = 'br_demo';
const COOKIE = 'acme_demo_session';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The demo's backend switch, kept in a cookie so the server knows which token to
 * issue: `direct` = the browser calls the Dispatch portal API with Dispatch's
 * portal tokens (as before); the others = the browser calls one of this server's
 * portal gateways, which calls the helpdesk's API with its credential:
 * `gateway` on Dispatch's admin API, `switchlabs` on the Switch Labs CRM mock,
 * `answerpal` on the AnswerPal mock.
 */
const BACKEND_COOKIE = 'acme_demo_backend';
type GatewayBackend = Exclude<DemoBackend, 'direct'>;
/** Where each gateway answers; the kit's `baseUrl` is this server's origin + that path. */
const GATEWAY_PATHS: Record<GatewayBackend, string> = {
  gateway: '/api/gateway',
  switchlabs: '/api/gateways/switchlabs',
  answerpal: '/api/gateways/answerpal',
};
/** DEMO ONLY. A real gateway secret is 32+ random characters from your server's environment. */
const GATEWAY_SECRET = process.env.PORTAL_GATEWAY_SECRET ?? 'acme-demo-only-gateway-secret-never-use-in-production';
/**
 * DEMO ONLY. The signing secret of the brand's Dispatch webhook (Dispatch shows it
 * once when you add the webhook); with it the gateway verifies deliveries and
 * streams live updates to the portal.
 */
const WEBHOOK_SECRET = process.env.DISPATCH_WEBHOOK_SECRET ?? 'acme-demo-only-webhook-secret';

export interface DemoApiOptions {
  /** The portal API, including `/v1` (the mock: `http://localhost:4010/v1`). */
  apiBaseUrl: string;
  /**
   * The demo's own public origin (`http://localhost:5173`), where emailed
   * sign-in links point. Configured, never read from the request: the `Host`
   * header is whatever the sender writes, and a link built from it would
   * email a working sign-in token to a site of their choosing.
   */
  publicOrigin: string;
  /** Ports for the Switch Labs and AnswerPal mocks this server starts. Default: free ones. */
  helpdeskPorts?: { switchLabs?: number; answerPal?: number };
  /**
   * How long the Dispatch gateway reuses the brand's statuses and ticket form (`configTtlMs`). Default: the
   * gateway's (5 minutes). The e2e suite shortens it, so a field staff mark required shows on the next form.
   */
  gatewayConfigTtlMs?: number;
}

export interface DemoUser {
  email: string;
  name: string | null;
}

type Next = (error?: unknown) => void;

export type DemoApiMiddleware = (req: IncomingMessage, res: ServerResponse, next: Next) => void;

// ---------------------------------------------------------------------------
// The fake session. DEMO ONLY: an unsigned cookie that anyone can forge. Your
// app already has real authentication; `getCustomer` below is where the
// portal meets it.

function readSession(cookieHeader: string | null | undefined): DemoUser | null {
  const raw = cookieHeader
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${COOKIE}=`))
    ?.slice(COOKIE.length + 1);
  if (!raw) return null;
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<DemoUser>;
    return typeof value.email === 'string' && EMAIL.test(value.email) ? { email: value.email, name: value.name ?? null } : null;
  } catch {
    return null;
  }
}

const backendOf = (cookieHeader: string | null | undefined): DemoBackend => {
  const value = cookieHeader
    ?.split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${BACKEND_COOKIE}=`))
    ?.slice(BACKEND_COOKIE.length + 1);
  return DEMO_BACKENDS.find((b) => b === value) ?? 'direct';
};

const sessionCookie = (user: DemoUser | null) =>
  user
    ? `${COOKIE}=${Buffer.from(JSON.stringify(user)).toString('base64url')}; Path=/; HttpOnly; SameSite=Lax`
    : `${COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;

// ---------------------------------------------------------------------------
// Small Node helpers.

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.end(status === 204 ? undefined : JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 1_000_000) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** 404 for a ticket the helpdesk doesn't have (or a status it doesn't know). */
const found = (res: ServerResponse, value: unknown, status = 200) => (value === null ? sendJson(res, 404, { error: 'Not found' }) : sendJson(res, status, value));

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse((await readBody(req)) || '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}


/** The staff console's routes: a customer's tickets, one ticket, its comments. */
const STAFF_PATH = /^tickets(?:\/([\w-]+)(\/comments)?)?$/;

/** Who to sign in as on each helpdesk's mock (seeded customers; any other email works too). */
const ACCOUNTS: Record<'dispatch' | 'switchlabs' | 'answerpal', DemoAccount[]> = {
  dispatch: [
    { email: 'jane@example.com', name: 'Jane Cooper', about: 'A dozen tickets in every status' },
    { email: 'new@example.com', name: null, about: 'No tickets yet' },
    { email: 'bulk@example.com', name: 'Bulk Tester', about: '2,000 tickets' },
  ],
  switchlabs: [
    { email: SWITCHLABS_SEED.customers.jordan.email, name: SWITCHLABS_SEED.customers.jordan.name, about: 'Eight tickets, one in every status' },
    { email: SWITCHLABS_SEED.customers.jordanB.email, name: SWITCHLABS_SEED.customers.jordanB.name, about: 'One ticket' },
  ],
  answerpal: [
    { email: ANSWERPAL_SEED.endUsers.eva.email, name: ANSWERPAL_SEED.endUsers.eva.name, about: 'Tickets with files, drafts and AI replies staff keep to themselves' },
    { email: ANSWERPAL_SEED.endUsers.tom.email, name: ANSWERPAL_SEED.endUsers.tom.name, about: 'One ticket' },
  ],
};

/**
 * Creates the demo's `/api/*` middleware (Connect-style `(req, res, next)`).
 * @example server.middlewares.use(createDemoApi({ apiBaseUrl: 'http://localhost:4010/v1', publicOrigin: 'http://localhost:5173' }))
 */
export function createDemoApi({ apiBaseUrl, publicOrigin, helpdeskPorts = {}, gatewayConfigTtlMs }: DemoApiOptions): DemoApiMiddleware {
  const baseUrl = apiBaseUrl.replace(/\/+$/, '');
  // The Switch Labs and AnswerPal mocks, each on its own local port; requests wait until both listen.
  let helpdesks: HelpdeskMocks | null = null;
  const helpdesksReady = startHelpdeskMocks(helpdeskPorts).then((started) => {
    helpdesks = started;
  });
  const started = () => {
    if (!helpdesks) throw new Error('the helpdesk mocks are not listening yet');
    return helpdesks;
  };
  const magicLinkPage = new URL('/magic', publicOrigin).href;
  const mockOrigin = new URL(baseUrl).origin;

  // The one route every host app needs: who is signed in → a portal token for them.
  const tokenHandler = createPortalTokenHandler<NodeHandlerContext>({
    apiKey: API_KEY,
    brandId: BRAND_ID,
    baseUrl,
    getCustomer: (request) => readSession(request.headers.get('cookie')),
    onError: (error) => {
      if (error.kind !== 'not_signed_in') console.error(`[demo] portal token: ${error.kind}: ${error.message}`);
    },
  });
  const tokenRoute = toNodeHandler(tokenHandler);

  // The portal gateways, on this same server: the kit talks to each exactly as to Dispatch's
  // portal API, and each reaches its helpdesk with the credential (which stays here).
  const gatewayOutbox: InboxMessage[] = [];
  const makeGateway = (backend: GatewayBackend, adapter: () => PortalBackend, configTtlMs?: number) => {
    const gateway = createPortalGateway({
      backend: adapter,
      ...(configTtlMs === undefined ? {} : { configTtlMs }),
      secret: GATEWAY_SECRET,
      basePath: GATEWAY_PATHS[backend],
      // Uploads wait in memory until the ticket takes them (the default is a temp directory on disk,
      // loaded lazily, which the demo's one-shot module loader can't do after start-up).
      blobs: memoryBlobStore(),
      // A real app sends this email; the demo keeps it for the demo inbox.
      sendEmail: ({ to, url, expiresAt }) =>
        void gatewayOutbox.push({ id: `gw_${gatewayOutbox.length + 1}`, to, subject: 'Your sign-in link for Acme Cloud support', url, sentAt: new Date().toISOString(), expiresAt }),
      onError: (event) => {
        // Upstream failures (the mocks' fault switches) are expected in the demo; the rest are bugs worth seeing.
        if (event.kind !== 'upstream') console.error(`[demo] ${backend} gateway ${event.kind} in ${event.operation}:`, event.error);
      },
    });
    const tokenHandler = createPortalTokenHandler<NodeHandlerContext>({
      gateway,
      getCustomer: (request) => readSession(request.headers.get('cookie')),
      onError: (error) => {
        if (error.kind !== 'not_signed_in') console.error(`[demo] ${backend} gateway token: ${error.kind}: ${error.message}`);
      },
    });
    return { gateway, route: toNodeHandler(gateway.fetch), tokenHandler, tokenRoute: toNodeHandler(tokenHandler) };
  };
  const gateways: Record<GatewayBackend, ReturnType<typeof makeGateway>> = {
    gateway: makeGateway('gateway', () => dispatchAdmin({ apiKey: API_KEY, brandId: BRAND_ID, baseUrl, webhookSecret: WEBHOOK_SECRET }), gatewayConfigTtlMs),
    switchlabs: makeGateway('switchlabs', () =>
      switchLabs({
        baseUrl: started().switchLabs.baseUrl,
        apiKey: SWITCHLABS_SEED.apiKey,
        // Article suggestions need a public URL for each article; the demo's help centre is imaginary.
        // By id: the REST API's articles carry no slug, so a `{slug}` link would leave every one out.
        articleUrl: 'https://help.acme.example/articles/{id}',
      }),
    ),
    answerpal: makeGateway('answerpal', () =>
      answerPal({ baseUrl: started().answerPal.url, ...ANSWERPAL_SEED.service, channelId: ANSWERPAL_SEED.portalChannelId }),
    ),
  };
  // On Dispatch you add the webhook in the brand's settings (URL + secret); the demo
  // tells the mock where to send its signed deliveries: this server's gateway.
  void fetch(`${mockOrigin}/__mock/webhooks`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ url: new URL(`${GATEWAY_PATHS.gateway}/webhooks/dispatch`, publicOrigin).href, secret: WEBHOOK_SECRET }),
  }).then(
    (res) => {
      if (!res.ok) console.warn(`[demo] could not point the mock's webhooks at the gateway (${res.status}): live updates are off, polling still works.`);
    },
    () => console.warn("[demo] could not reach the mock to set its webhooks: live updates are off, polling still works."),
  );

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}/brands/${BRAND_ID}/${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json', ...init.headers },
    });

  /** The staff console's helpdesk: Dispatch's admin API with the API key, or the other mocks' data. */
  const dispatchDesk: StaffDesk = {
    statuses: ['open', 'pending', 'waiting_on_customer', 'resolved', 'closed'],
    tickets: async (email) => {
      const r = await admin(`tickets?email=${encodeURIComponent(email)}&limit=50&sort=updatedAt`);
      if (!r.ok) throw new Error(`admin tickets: ${r.status}`);
      return ((await r.json()) as { data: StaffTicket[] }).data;
    },
    ticket: async (id) => {
      const r = await admin(`tickets/${encodeURIComponent(id)}`);
      return r.status === 404 ? null : ((await r.json()) as StaffTicketDetail);
    },
    comment: async (id, body, internal) => {
      const r = await admin(`tickets/${encodeURIComponent(id)}/comments`, { method: 'POST', body: JSON.stringify({ body, internal, authorName: 'Sam from Acme' }) });
      return r.status === 404 ? null : ((await r.json()) as StaffComment);
    },
    setStatus: async (id, status) => {
      const r = await admin(`tickets/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify({ status }) });
      return r.status === 404 || r.status === 400 ? null : ((await r.json()) as StaffTicket);
    },
  };
  let otherDesks: { switchlabs: StaffDesk; answerpal: StaffDesk } | null = null;
  const deskFor = (backend: DemoBackend): StaffDesk => {
    if (backend === 'direct' || backend === 'gateway') return dispatchDesk;
    otherDesks ??= { switchlabs: switchLabsDesk(started().switchLabs), answerpal: answerPalDesk(started().answerPal) };
    return otherDesks[backend];
  };

  const routes = async (req: IncomingMessage, res: ServerResponse, next: Next) => {
    await helpdesksReady;
    // Only the path and query are used; the origin is a placeholder, never the Host header.
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const method = req.method ?? 'GET';
    const path = url.pathname;

    const backend = backendOf(req.headers.cookie);

    if (path === '/api/config' && method === 'GET') {
      return sendJson(res, 200, {
        apiBaseUrl: backend === 'direct' ? baseUrl : new URL(GATEWAY_PATHS[backend], publicOrigin).href,
        backend,
        accounts: ACCOUNTS[backend === 'direct' || backend === 'gateway' ? 'dispatch' : backend],
        staffStatuses: deskFor(backend).statuses,
      });
    }

    if (path === '/api/backend' && method === 'POST') {
      const { backend: chosen } = await readJson(req);
      const known = DEMO_BACKENDS.find((b) => b === chosen);
      if (!known) return sendJson(res, 400, { error: `backend must be one of: ${DEMO_BACKENDS.join(', ')}.` });
      return sendJson(res, 200, { backend: known }, { 'Set-Cookie': `${BACKEND_COOKIE}=${known}; Path=/; SameSite=Lax` });
    }

    for (const [name, gatewayPath] of Object.entries(GATEWAY_PATHS) as [GatewayBackend, string][]) {
      if (path === gatewayPath || path.startsWith(`${gatewayPath}/`)) return gateways[name].route(req, res, next);
    }

    if (path === '/api/session') {
      if (method === 'GET') return sendJson(res, 200, { user: readSession(req.headers.cookie) });
      if (method === 'POST') {
        const body = await readJson(req);
        const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : '';
        const name = typeof body.name === 'string' && body.name.trim() ? body.name.trim() : null;
        if (!EMAIL.test(email)) return sendJson(res, 400, { error: 'Enter a valid email address.' });
        const user: DemoUser = { email, name };
        return sendJson(res, 200, { user }, { 'Set-Cookie': sessionCookie(user) });
      }
      if (method === 'DELETE') {
        const user = readSession(req.headers.cookie);
        // The next person on this browser must never get the last one's cached token.
        if (user) {
          tokenHandler.invalidate(user);
          for (const g of Object.values(gateways)) g.tokenHandler.invalidate(user);
        }
        return sendJson(res, 204, null, { 'Set-Cookie': sessionCookie(null) });
      }
    }

    if (path === '/api/support/token') return (backend === 'direct' ? tokenRoute : gateways[backend].tokenRoute)(req, res, next);

    if (path === '/api/magic-link' && method === 'POST') {
      const { email } = await readJson(req);
      try {
        const portalUrl = magicLinkPage;
        if (backend !== 'direct') {
          const address = String(email ?? '').trim();
          if (!EMAIL.test(address)) return sendJson(res, 400, { sent: false });
          await gateways[backend].gateway.sendMagicLink({ email: address, portalUrl });
        } else await sendMagicLink({ apiKey: API_KEY, brandId: BRAND_ID, baseUrl, email: String(email ?? ''), portalUrl });
        // Same answer whether or not the address is a customer: don't reveal who is.
        return sendJson(res, 200, { sent: true });
      } catch (error) {
        const status = isPortalTokenError(error) ? error.status : 500;
        if (status >= 500) console.error('[demo] magic link:', error);
        return sendJson(res, status, { sent: false });
      }
    }

    // Demo only: a real app never shows anyone's inbox. The mock keeps the "sent" emails.
    if (path === '/api/demo-inbox' && method === 'GET') {
      const email = url.searchParams.get('email') ?? '';
      const upstream = await fetch(`${mockOrigin}/__mock/outbox?email=${encodeURIComponent(email)}`);
      if (!upstream.ok) return sendJson(res, 502, { messages: [] });
      const { data } = (await upstream.json()) as { data: InboxMessage[] };
      const fromGateway = gatewayOutbox.filter((m) => m.to === email.trim().toLowerCase());
      return sendJson(res, 200, {
        messages: [...data, ...fromGateway]
          .sort((a, b) => Date.parse(b.sentAt) - Date.parse(a.sentAt))
          .map(({ id, to, subject, url: link, sentAt, expiresAt }) => ({ id, to, subject, url: link, sentAt, expiresAt })),
      });
    }

    // The staff console (a demo tool): the helpdesk with its credential, which must never reach a
    // browser. A real staff tool would sit behind staff authentication; this one is open to anyone.
    if (path.startsWith('/api/staff/')) {
      const match = STAFF_PATH.exec(path.slice('/api/staff/'.length));
      const desk = deskFor(backend);
      const [, id, comments] = match ?? [];
      if (match && !id && method === 'GET') return sendJson(res, 200, { data: await desk.tickets(url.searchParams.get('email') ?? '') });
      if (match && id && !comments && method === 'GET') return found(res, await desk.ticket(id));
      if (match && id && !comments && method === 'PATCH') {
        const { status } = await readJson(req);
        return found(res, typeof status === 'string' ? await desk.setStatus(id, status) : null);
      }
      if (match && id && comments && method === 'POST') {
        const { body, internal } = await readJson(req);
        if (typeof body !== 'string' || !body.trim()) return sendJson(res, 400, { error: 'body is required.' });
        return found(res, await desk.comment(id, body, internal === true), 201);
      }
      return sendJson(res, 404, { error: 'Not found' });
    }

    return sendJson(res, 404, { error: 'Not found' });
  };

  return (req, res, next) => {
    routes(req, res, next).catch((error: unknown) => {
      console.error('[demo] api:', error);
      if (!res.headersSent) sendJson(res, 502, { error: 'The demo backend could not reach the API.' });
      else res.end();
    });
  };
}
