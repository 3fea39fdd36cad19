/**
 * The demo's backend: the routes a SaaS app adds to its own server to host the
 * support portal. demo/vite.config.ts mounts them into Vite's dev and preview
 * servers; in your app they are routes of your Express/Next.js/Hono server.
 *
 * | Route                       | What it shows                                              |
 * |-----------------------------|------------------------------------------------------------|
 * | GET  /api/config            | where the browser finds the portal API (per backend mode)  |
 * | POST /api/backend           | the demo's backend switch: Dispatch direct or via gateway  |
 * | /api/gateway/*              | createPortalGateway + dispatchAdmin: the portal protocol   |
 * | POST/GET/DELETE /api/session| the host app's own (fake) sign-in                          |
 * | GET  /api/support/token     | createPortalTokenHandler: a portal token for that customer |
 * | POST /api/magic-link        | sendMagicLink: self-service sign-in by email               |
 * | GET  /api/demo-inbox        | the mock's outbox, so a viewer can open the emailed link   |
 * | /api/staff/*                | the staff console's calls to the admin API (demo tool)     |
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  createPortalGateway,
  createPortalTokenHandler,
  dispatchAdmin,
  isPortalTokenError,
  memoryBlobStore,
  sendMagicLink,
  toNodeHandler,
  type NodeHandlerContext,
} from '@dispatchtickets/react/server';
import type { InboxMessage } from '../src/api';

/** The mock's API key and brand. A real key lives in your server's environment, never in the browser. */
const API_KEY = 'sk_test_demo';
const BRAND_ID = 'br_demo';
const COOKIE = 'acme_demo_session';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The demo's backend switch, kept in a cookie so the server knows which token to
 * issue: `direct` = the browser calls the Dispatch portal API with Dispatch's
 * portal tokens (as before); `gateway` = the browser calls this server's portal
 * gateway, which calls the Dispatch admin API with the API key.
 */
export type DemoBackend = 'direct' | 'gateway';
const BACKEND_COOKIE = 'acme_demo_backend';
/** Where the gateway answers; the kit's `baseUrl` in gateway mode is this server's origin + this path. */
const GATEWAY_PATH = '/api/gateway';
/** DEMO ONLY. A real gateway secret is 32+ random characters from your server's environment. */
const GATEWAY_SECRET = process.env.PORTAL_GATEWAY_SECRET ?? 'acme-demo-only-gateway-secret-never-use-in-production';

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

const backendOf = (cookieHeader: string | null | undefined): DemoBackend =>
  cookieHeader?.split(';').some((part) => part.trim() === `${BACKEND_COOKIE}=gateway`) ? 'gateway' : 'direct';

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

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  try {
    const value: unknown = JSON.parse((await readBody(req)) || '{}');
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}


/** Only the admin routes the staff console needs: the brand's tickets, one ticket, its comments. */
const STAFF_PATH = /^tickets(\/[\w-]+(\/comments)?)?$/;

/**
 * Creates the demo's `/api/*` middleware (Connect-style `(req, res, next)`).
 * @example server.middlewares.use(createDemoApi({ apiBaseUrl: 'http://localhost:4010/v1', publicOrigin: 'http://localhost:5173' }))
 */
export function createDemoApi({ apiBaseUrl, publicOrigin }: DemoApiOptions): DemoApiMiddleware {
  const baseUrl = apiBaseUrl.replace(/\/+$/, '');
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

  // The portal gateway, on this same server: the kit talks to it exactly as to Dispatch's
  // portal API, and it reaches the mock's admin API with the API key (which stays here).
  const gatewayOutbox: InboxMessage[] = [];
  const gateway = createPortalGateway({
    backend: () => dispatchAdmin({ apiKey: API_KEY, brandId: BRAND_ID, baseUrl }),
    secret: GATEWAY_SECRET,
    basePath: GATEWAY_PATH,
    // Uploads wait in memory until the ticket takes them (the default is a temp directory on disk,
    // loaded lazily, which the demo's one-shot module loader can't do after start-up).
    blobs: memoryBlobStore(),
    // A real app sends this email; the demo keeps it for the demo inbox.
    sendEmail: ({ to, url, expiresAt }) =>
      void gatewayOutbox.push({ id: `gw_${gatewayOutbox.length + 1}`, to, subject: 'Your sign-in link for Acme Cloud support', url, sentAt: new Date().toISOString(), expiresAt }),
    onError: (event) => {
      // Upstream failures (the mock's fault switches) are expected in the demo; the rest are bugs worth seeing.
      if (event.kind !== 'upstream') console.error(`[demo] gateway ${event.kind} in ${event.operation}:`, event.error);
    },
  });
  const gatewayRoute = toNodeHandler(gateway.fetch);
  const gatewayTokenHandler = createPortalTokenHandler<NodeHandlerContext>({
    gateway,
    getCustomer: (request) => readSession(request.headers.get('cookie')),
    onError: (error) => {
      if (error.kind !== 'not_signed_in') console.error(`[demo] gateway token: ${error.kind}: ${error.message}`);
    },
  });
  const gatewayTokenRoute = toNodeHandler(gatewayTokenHandler);

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(`${baseUrl}/brands/${BRAND_ID}/${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${API_KEY}`, 'Content-Type': 'application/json', ...init.headers },
    });

  const routes = async (req: IncomingMessage, res: ServerResponse, next: Next) => {
    // Only the path and query are used; the origin is a placeholder, never the Host header.
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const method = req.method ?? 'GET';
    const path = url.pathname;

    const backend = backendOf(req.headers.cookie);

    if (path === '/api/config' && method === 'GET') {
      return sendJson(res, 200, { apiBaseUrl: backend === 'gateway' ? new URL(GATEWAY_PATH, publicOrigin).href : baseUrl, backend });
    }

    if (path === '/api/backend' && method === 'POST') {
      const { backend: chosen } = await readJson(req);
      if (chosen !== 'direct' && chosen !== 'gateway') return sendJson(res, 400, { error: 'backend must be "direct" or "gateway".' });
      return sendJson(res, 200, { backend: chosen }, { 'Set-Cookie': `${BACKEND_COOKIE}=${chosen}; Path=/; SameSite=Lax` });
    }

    if (path === GATEWAY_PATH || path.startsWith(`${GATEWAY_PATH}/`)) return gatewayRoute(req, res, next);

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
          gatewayTokenHandler.invalidate(user);
        }
        return sendJson(res, 204, null, { 'Set-Cookie': sessionCookie(null) });
      }
    }

    if (path === '/api/support/token') return (backend === 'gateway' ? gatewayTokenRoute : tokenRoute)(req, res, next);

    if (path === '/api/magic-link' && method === 'POST') {
      const { email } = await readJson(req);
      try {
        const portalUrl = magicLinkPage;
        if (backend === 'gateway') {
          const address = String(email ?? '').trim();
          if (!EMAIL.test(address)) return sendJson(res, 400, { sent: false });
          await gateway.sendMagicLink({ email: address, portalUrl });
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

    // The staff console (a demo tool): the admin API with the API key, which must never reach a
    // browser. A real staff tool would sit behind staff authentication; this one is open to anyone.
    if (path.startsWith('/api/staff/')) {
      const rest = path.slice('/api/staff/'.length);
      if (!STAFF_PATH.test(rest) || !['GET', 'POST', 'PATCH'].includes(method)) return sendJson(res, 404, { error: 'Not found' });
      const upstream = await admin(`${rest}${url.search}`, { method, body: method === 'GET' ? undefined : await readBody(req) });
      return sendJson(res, upstream.status, await upstream.json().catch(() => null));
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
