import type { PortalBackend } from '../gateway/backend';
import { memoryBlobStore, type BlobStore } from '../gateway/blobs';
import { createPortalGateway } from '../gateway/createPortalGateway';
import type { GatewayErrorEvent, PortalGateway, PortalGatewayOptions } from '../gateway/options';
import { memoryStore, type GatewayStore } from '../gateway/store';
import { readEventStream, type EventStreamReader, type StreamEvent } from './eventStream';

/**
 * What a conformance run needs from an adapter's test harness: the adapter,
 * two customers to sign in as, and ways to plant upstream what a customer must
 * never see. Optional members unlock more checks; the report says how many ran.
 */
export interface ConformanceFixture {
  backend: PortalBackend;
  /** Two distinct customers (emails the helpdesk accepts). */
  customers: [{ email: string; name: string }, { email: string; name: string }];
  /** An internal note (agents only) on the ticket, containing `text`. */
  plantInternalNote(ticketId: string, text: string): Promise<void>;
  /** A customer-visible staff reply. */
  plantStaffReply(ticketId: string, text: string): Promise<void>;
  /** A system-generated message (hidden from customers by default). */
  plantSystemMessage?(ticketId: string, text: string): Promise<void>;
  /** A reply drafted but never sent (or an AI draft). */
  plantDraft?(ticketId: string, text: string): Promise<void>;
  /** A file attached only to an internal note (or other hidden content); resolves its attachment id, or several. */
  plantInternalAttachment?(ticketId: string, filename: string): Promise<string | string[]>;
  /** A ticket of this customer that the portal must not show (spam, deleted, merged). */
  plantHiddenTicket?(email: string, title: string): Promise<void>;
  /** A ticket of a third customer, created upstream; resolves its id. */
  createForeignTicket(title: string): Promise<string>;
  /** Files on a third customer's tickets, created upstream: tried on the customer's own ticket and on theirs. */
  createForeignAttachments?(): Promise<{ ticketId: string; attachmentId: string }[]>;
  /** Sets a ticket's status upstream, in the helpdesk's own vocabulary (see `statusCases`). */
  setUpstreamStatus?(ticketId: string, upstreamStatus: string): Promise<void>;
  /** Upstream status → the portal status the adapter must map it to. */
  statusCases?: { upstream: string; portal: string }[];
  /** True when the helpdesk's own file links are public or long-lived, so every download must be the gateway's signed URL. */
  gatewayDownloads?: boolean;
  /** Creates tickets for the customer upstream, all with one creation time (paging across ties). */
  createTicketsWithSameTime?(email: string, count: number, title: string): Promise<string[]>;
  /**
   * Live updates, for adapters with `parseWebhook`: from now on, send the
   * helpdesk's webhooks for what is planted or changed upstream to `url`
   * through `deliver` (the gateway under test), exactly as the helpdesk signs
   * them. Without it, the event checks are skipped.
   */
  webhooks?: {
    connect(target: { url: string; deliver: (request: Request) => Promise<Response> }): void | Promise<void>;
    /** Resolves once every webhook for what was planted so far has been delivered and answered. */
    settled(): Promise<void>;
  };
  /**
   * Strings that must never appear in a response: API keys, upstream base URLs,
   * internal hostnames, markers in content the fixture planted itself. Read
   * again for every response, so a getter may return what was planted since.
   */
  secrets?: string[];
}

export interface ConformanceOptions {
  fixture: ConformanceFixture | (() => ConformanceFixture | Promise<ConformanceFixture>);
  /** Store for the gateways under test. Default: one in-memory store shared by all instances. */
  store?: GatewayStore;
  /** Gateway instances sharing the store; requests alternate between them. Default 1. */
  instances?: number;
  blobs?: BlobStore;
  /** Extra gateway options (e.g. `showSystemMessages`). */
  gateway?: Partial<PortalGatewayOptions>;
  /** Where the summary line goes. Default `console.log`; pass `null` for silence. */
  log?: ((line: string) => void) | null;
}

export interface ConformanceFailure {
  group: 'conformance' | 'attack';
  name: string;
  message: string;
}

export interface ConformanceReport {
  conformance: { passed: number; total: number };
  attacks: { refused: number; total: number };
  /** Responses that carried planted internal content or a fixture secret. */
  leaks: number;
  leakDetails: string[];
  failures: ConformanceFailure[];
  /** Features the adapter doesn't claim (their checks answered NOT_SUPPORTED instead). */
  skipped: string[];
  /** `conformance N/N, attacks N/N refused, leaks 0` */
  summary: string;
  ok: boolean;
}

interface Res {
  status: number;
  headers: Headers;
  text: string;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

class Expectation extends Error {}
const expect = (ok: unknown, message: string) => {
  if (!ok) throw new Expectation(message);
};

const SECRET = 'conformance-secret-0123456789-abcdefghijklmnopqrstuvwxyz';
const ORIGIN = 'http://gateway.test';
const BASE = '/portal-api';
const b64 = (s: string) => btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const unb64 = (s: string) => atob(s.replace(/-/g, '+').replace(/_/g, '/'));

/**
 * Runs the portal gateway's conformance and attack suite against an adapter:
 * every operation and extension its capabilities claim, paging, status
 * mapping, custom-field round-trips, and the attacks (other customers' ids,
 * forged tokens, replayed links, planted internal content, malformed bodies,
 * floods). Resolves a report; prints `conformance N/N, attacks N/N refused,
 * leaks 0`. Framework-free: call it from any test runner and assert `ok`.
 *
 * @example
 * import { runConformance } from '@dispatchtickets/react/server/testing';
 * it('my adapter conforms', async () => {
 *   const report = await runConformance({ fixture: () => myFixture() });
 *   expect(report.failures).toEqual([]);
 *   expect(report.ok).toBe(true);
 * }, 120_000);
 */
export async function runConformance(options: ConformanceOptions): Promise<ConformanceReport> {
  const fx = typeof options.fixture === 'function' ? await options.fixture() : options.fixture;
  const store = options.store ?? memoryStore();
  const blobs = options.blobs ?? memoryBlobStore();
  const events: GatewayErrorEvent[] = [];
  const mails: { to: string; url: string }[] = [];
  const base: PortalGatewayOptions = {
    backend: fx.backend,
    secret: SECRET,
    store,
    blobs,
    basePath: BASE,
    tenant: 'conformance',
    limits: { rateLimit: { limit: 100_000, windowSeconds: 60 } },
    onError: (e) => void events.push(e),
    sendEmail: (m) => void mails.push(m),
    ...options.gateway,
  };
  const instances = Array.from({ length: Math.max(1, options.instances ?? 1) }, () => createPortalGateway(base));
  let turn = 0;
  const next = () => instances[turn++ % instances.length] as PortalGateway;

  const canaries: string[] = [];
  const canary = (label: string) => {
    const c = `CANARY-${label}-${Math.random().toString(36).slice(2, 10)}`;
    canaries.push(c);
    return c;
  };
  const secrets = () => (fx.secrets ?? []).filter((s) => s.length >= 6);
  const leakDetails: string[] = [];

  async function send(gw: PortalGateway, request: Request): Promise<Res> {
    const r = await gw.fetch(request);
    const text = await r.text();
    const type = r.headers.get('content-type') ?? '';
    // Downloads are the customer's own files; everything else is scanned.
    if (!type.startsWith('application/octet-stream') && !r.headers.get('content-disposition')) {
      const scan = `${text}\n${[...r.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}`;
      for (const c of [...canaries, ...secrets()]) if (scan.includes(c)) leakDetails.push(`${request.method} ${new URL(request.url).pathname}: ${c.slice(0, 24)}`);
    }
    let body: unknown;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    return { status: r.status, headers: r.headers, text, body };
  }

  const api = (method: string, path: string, o: { token?: string | null; body?: unknown; raw?: BodyInit; headers?: Record<string, string>; gw?: PortalGateway } = {}) =>
    send(
      o.gw ?? next(),
      new Request(`${ORIGIN}${BASE}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
          ...o.headers,
        },
        body: o.raw ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
      }),
    );
  const absolute = (url: string, method: string, o: { body?: BodyInit; headers?: Record<string, string> } = {}) =>
    send(next(), new Request(url, { method, headers: o.headers, body: o.body }));

  const failures: ConformanceFailure[] = [];
  const skipped: string[] = [];
  let passed = 0;
  let conformanceTotal = 0;
  let refused = 0;
  let attackTotal = 0;
  async function check(group: 'conformance' | 'attack', name: string, fn: () => Promise<void>) {
    if (group === 'conformance') conformanceTotal++;
    else attackTotal++;
    try {
      await fn();
      if (group === 'conformance') passed++;
      else refused++;
    } catch (e) {
      failures.push({ group, name, message: e instanceof Expectation ? e.message : `threw: ${(e as Error)?.stack ?? e}` });
    }
  }
  const conform = (name: string, fn: () => Promise<void>) => check('conformance', name, fn);
  const attack = (name: string, fn: () => Promise<void>) => check('attack', name, fn);
  const is = (r: Res, status: number, what: string) => expect(r.status === status, `${what}: expected ${status}, got ${r.status} ${r.text.slice(0, 200)}`);
  const envelope = (r: Res, what: string) => {
    expect(r.body && typeof r.body.message === 'string' && typeof r.body.code === 'string', `${what}: error envelope { message, code } expected, got ${r.text.slice(0, 200)}`);
    const extra = Object.keys(r.body).filter((k) => k !== 'message' && k !== 'code' && k !== 'errors');
    expect(extra.length === 0, `${what}: error body has extra keys ${extra.join(', ')}`);
    expect(!!r.headers.get('x-request-id'), `${what}: x-request-id missing`);
  };
  /** A refusal that reveals nothing: the status, the envelope, no stack. */
  const refusedWith = (r: Res, statuses: number[], what: string) => {
    expect(statuses.includes(r.status), `${what}: expected ${statuses.join('/')}, got ${r.status} ${r.text.slice(0, 200)}`);
    envelope(r, what);
    expect(!/\bat \w+ \(|node_modules|Error:/.test(r.text), `${what}: response looks like a stack trace`);
  };

  // ---------------------------------------------------------------------------
  const [ca, cb] = fx.customers;
  const gw0 = instances[0] as PortalGateway;
  const tokA = (await gw0.issueToken(ca)).token;
  const tokB = (await gw0.issueToken(cb)).token;
  const capsRes = await api('GET', '/portal/capabilities', { token: tokA });
  const caps = capsRes.body;
  const features = caps?.features ?? {};
  const statusKeys: string[] = (caps?.statuses ?? []).map((s: { key: string }) => s.key);
  const closedKeys: string[] = (caps?.statuses ?? []).filter((s: { closed: boolean }) => s.closed).map((s: { key: string }) => s.key);
  const create = async (token: string, body: Record<string, unknown>, headers: Record<string, string> = {}) => api('POST', '/portal/tickets', { token, body, headers });
  const detail = (token: string, id: string) => api('GET', `/portal/tickets/${encodeURIComponent(id)}`, { token });
  const listAll = async (token: string, query: string) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 200; i++) {
      const r: Res = await api('GET', `/portal/tickets?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
      is(r, 200, 'list page');
      expect(!(r.body.pagination.hasMore && !r.body.pagination.nextCursor), 'hasMore:true with nextCursor:null');
      ids.push(...r.body.data.map((t: { id: string }) => t.id));
      if (!r.body.pagination.hasMore) return ids;
      cursor = r.body.pagination.nextCursor;
    }
    throw new Expectation('paging did not end within 200 pages');
  };
  const upload = async (token: string, ticketId: string | null, name: string, bytes: Uint8Array<ArrayBuffer>, type = 'text/plain') => {
    const path = ticketId === null ? '/portal/tickets/attachments/pending' : `/portal/tickets/${encodeURIComponent(ticketId)}/attachments`;
    const init = await api('POST', path, { token, body: { filename: name, contentType: type, size: bytes.byteLength } });
    is(init, 201, `initiate upload ${name}`);
    const put = await absolute(init.body.uploadUrl, 'PUT', { body: bytes, headers: { 'content-type': type } });
    expect(put.status >= 200 && put.status < 300, `PUT upload: got ${put.status} ${put.text}`);
    const conf = await api('POST', `${path}/${encodeURIComponent(init.body.attachment.id)}/confirm`, { token });
    is(conf, 200, 'confirm upload');
    return { initiated: init.body, confirmed: conf.body };
  };

  // -- conformance: basics --------------------------------------------------------
  await conform('capabilities describe the helpdesk', async () => {
    is(capsRes, 200, 'capabilities');
    expect(typeof caps.backend === 'string' && caps.backend, 'backend name');
    expect(statusKeys.includes('open'), 'statuses include open');
    for (const k of ['form', 'search', 'multiStatus', 'close', 'reopen', 'rating', 'articles', 'attachments', 'events']) {
      expect(typeof features[k] === 'boolean', `features.${k} is boolean`);
    }
    for (const k of ['maxFileSize', 'maxFiles', 'titleMaxLength', 'bodyMaxLength']) {
      // File limits may be 0 on a helpdesk without files.
      const min = features.attachments || !k.startsWith('max') ? 1 : 0;
      expect(Number.isInteger(caps.limits?.[k]) && caps.limits[k] >= min, `limits.${k} (${caps.limits?.[k]})`);
    }
  });

  await conform('issueToken answers the portal token shape', async () => {
    const t = await gw0.issueToken({ email: `  ${ca.email.toUpperCase()} `, name: ca.name });
    expect(typeof t.token === 'string' && t.token.split('.').length === 3, 'token is a JWT');
    const ttl = Date.parse(t.expiresAt) - Date.now();
    expect(ttl > 55 * 60_000 && ttl <= 3600_000 + 5000, `expiresAt about an hour out (${ttl} ms)`);
    expect(t.email === ca.email.toLowerCase(), 'email normalised');
    expect(typeof t.customerId === 'string' && t.customerId, 'customerId');
    const again = await gw0.issueToken(ca);
    expect(again.customerId === t.customerId, 'the same customer resolves to the same id');
  });

  await conform('refresh issues a working token for the same customer', async () => {
    const r = await api('POST', '/portal/refresh', { token: tokA });
    is(r, 200, 'refresh');
    const me = await api('GET', '/portal/tickets?limit=1', { token: r.body.token });
    is(me, 200, 'list with the refreshed token');
  });

  let ticketA = '';
  await conform('create a ticket, read it back, find it in the list', async () => {
    const r = await create(tokA, { title: '  Printer on fire  ', body: 'Smoke since Monday.' });
    is(r, 201, 'create');
    for (const k of ['id', 'title', 'status', 'createdAt', 'updatedAt']) expect(r.body[k] !== undefined, `created ticket has ${k}`);
    expect(r.body.title === 'Printer on fire', 'title trimmed');
    expect(statusKeys.includes(r.body.status), `status ${r.body.status} is a capability status`);
    ticketA = r.body.id;
    const d = await detail(tokA, ticketA);
    is(d, 200, 'detail');
    // The description comes back as the ticket's body, or (helpdesks whose tickets are a first message) as the first customer message.
    const asFirst = d.body.comments.some((c: { authorType: string; body: string }) => c.authorType === 'CUSTOMER' && c.body.trim() === 'Smoke since Monday.');
    expect(d.body.body === 'Smoke since Monday.' || (d.body.body === '' && asFirst), `description round-trips (body ${JSON.stringify(d.body.body)})`);
    expect(Array.isArray(d.body.comments), 'comments array');
    expect(d.body.brand && typeof d.body.brand.name === 'string', 'brand');
    expect(d.body.canRate === false && d.body.rating === null, 'open ticket cannot be rated yet');
    const l = await api('GET', '/portal/tickets', { token: tokA });
    is(l, 200, 'list');
    expect(l.body.data.some((t: { id: string }) => t.id === ticketA), 'new ticket listed');
    expect(l.headers.get('x-ratelimit-limit') && l.headers.get('x-ratelimit-remaining') && l.headers.get('x-ratelimit-reset'), 'rate-limit headers');
  });

  await conform('replies: customer reply and staff reply, oldest first, counts agree', async () => {
    const r = await api('POST', `/portal/tickets/${ticketA}/comments`, { token: tokA, body: { body: 'Still smoking.' } });
    is(r, 201, 'reply');
    expect(r.body.authorType === 'CUSTOMER' && r.body.body.includes('Still smoking.'), 'reply is the customer’s');
    await fx.plantStaffReply(ticketA, 'Please unplug it.');
    const d = await detail(tokA, ticketA);
    const bodies = d.body.comments.map((c: { body: string }) => c.body);
    const i = bodies.findIndex((b: string) => b.includes('Still smoking.'));
    const j = bodies.findIndex((b: string) => b.includes('Please unplug it.'));
    expect(i >= 0 && j > i, 'both replies shown, oldest first');
    expect(d.body.comments[j].authorType === 'STAFF', 'staff reply is STAFF');
    expect(d.body.commentCount === d.body.comments.length, 'detail count = shown replies');
    const l = await api('GET', '/portal/tickets?limit=50', { token: tokA });
    const row = l.body.data.find((t: { id: string }) => t.id === ticketA);
    expect(row && (row.commentCount === null || row.commentCount === d.body.commentCount), `list count ${row?.commentCount} = detail count ${d.body.commentCount}`);
  });

  await conform('idempotent create: replay, conflict, concurrent duplicates make one ticket', async () => {
    const key = `conf-${Math.random().toString(36).slice(2)}`;
    const body = { title: 'Idempotent ticket', body: 'once' };
    const first = await create(tokA, body, { 'x-idempotency-key': key });
    is(first, 201, 'first create');
    const again = await create(tokA, body, { 'x-idempotency-key': key });
    is(again, 201, 'replay');
    expect(again.body.id === first.body.id, 'replay answers the same ticket');
    const other = await create(tokA, { ...body, body: 'twice' }, { 'x-idempotency-key': key });
    is(other, 409, 'same key, other body');
    const key2 = `conf-${Math.random().toString(36).slice(2)}`;
    const burst = await Promise.all(Array.from({ length: 5 }, () => create(tokA, { title: 'Burst ticket' }, { 'x-idempotency-key': key2 })));
    const ids = new Set(burst.map((r) => r.body?.id));
    expect(burst.every((r) => r.status === 201) && ids.size === 1, `5 concurrent duplicates → one ticket (${[...ids].join(',')})`);
    const all = await listAll(tokA, 'limit=50');
    const burstCount = (await Promise.all(all.map((id) => detail(tokA, id)))).filter((d) => d.body.title === 'Burst ticket').length;
    expect(burstCount === 1, `exactly one burst ticket upstream (found ${burstCount})`);
  });

  await conform('idempotent reply: replay answers the same comment', async () => {
    const key = `conf-r-${Math.random().toString(36).slice(2)}`;
    const a = await api('POST', `/portal/tickets/${ticketA}/comments`, { token: tokA, body: { body: 'Once only' }, headers: { 'x-idempotency-key': key } });
    const b = await api('POST', `/portal/tickets/${ticketA}/comments`, { token: tokA, body: { body: 'Once only' }, headers: { 'x-idempotency-key': key } });
    is(a, 201, 'reply');
    is(b, 201, 'replay');
    expect(a.body.id === b.body.id, 'same comment');
    const d = await detail(tokA, ticketA);
    expect(d.body.comments.filter((c: { body: string }) => c.body.includes('Once only')).length === 1, 'one reply upstream');
  });

  await conform('validation errors come per field', async () => {
    const r = await create(tokA, { title: '   ', body: 5 });
    is(r, 400, 'invalid create');
    const fields = (r.body.errors ?? []).map((e: { field: string }) => e.field);
    expect(fields.includes('title') && fields.includes('body'), `field errors for title and body (${fields})`);
    const long = await create(tokA, { title: 'x'.repeat(caps.limits.titleMaxLength + 1) });
    is(long, 400, 'title too long');
    const empty = await api('POST', `/portal/tickets/${ticketA}/comments`, { token: tokA, body: { body: '  ' } });
    is(empty, 400, 'empty reply');
  });

  // -- extensions -----------------------------------------------------------------
  const form = features.form ? (await api('GET', '/portal/form', { token: tokA })).body : null;
  if (features.form) {
    await conform('form: categories, priorities and fields', async () => {
      expect(Array.isArray(form.categories) && Array.isArray(form.priorities) && Array.isArray(form.fields), 'form shape');
      for (const f of form.fields) expect(['text', 'textarea', 'number', 'boolean', 'date', 'select', 'multiselect', 'url'].includes(f.type), `field ${f.key} type ${f.type}`);
    });
    const sample = (f: { type: string; options: { value: string }[] }): unknown =>
      ({
        text: 'ORD-42',
        textarea: 'line one\nline two',
        number: 12,
        boolean: true,
        date: '2026-02-28',
        select: f.options[0]?.value,
        multiselect: f.options.slice(0, 2).map((o) => o.value),
        url: 'https://example.com/page?x=1',
      })[f.type];
    const wrong = (f: { type: string }): unknown =>
      ({ text: 42, textarea: ['x'], number: 'twelve', boolean: 'maybe', date: '2026-02-30', select: 'not-an-option', multiselect: ['not-an-option'], url: 'javascript:alert(1)' })[f.type];
    const createFields = (form.fields as { key: string; type: string; required: boolean; showOnCreate: boolean; showInDetail: boolean; options: { value: string }[] }[]).filter(
      (f) => f.showOnCreate,
    );
    for (const f of createFields) {
      await conform(`custom field ${f.type} (${f.key}) round-trips and is validated`, async () => {
        const value = sample(f);
        const customFields: Record<string, unknown> = {};
        for (const g of createFields) if (g.required) customFields[g.key] = sample(g);
        customFields[f.key] = value;
        const r = await create(tokA, { title: `Field ${f.key}`, customFields });
        is(r, 201, `create with ${f.key}`);
        const d = await detail(tokA, r.body.id);
        const got = d.body.customFields?.[f.key];
        const norm = f.type === 'url' ? new URL(value as string).href : value;
        if (f.showInDetail) expect(JSON.stringify(got) === JSON.stringify(norm), `${f.key}: sent ${JSON.stringify(value)}, read ${JSON.stringify(got)}`);
        else expect(got === undefined, `${f.key} is not for display, yet the ticket shows it`);
        const bad = await create(tokA, { title: 'Bad field', customFields: { ...customFields, [f.key]: wrong(f) } });
        is(bad, 400, `invalid ${f.type}`);
        expect((bad.body.errors ?? []).some((e: { field: string }) => e.field === `customFields.${f.key}`), `field error names customFields.${f.key}`);
      });
    }
    await conform('form: unknown custom fields and agent-only values are refused or dropped', async () => {
      const r = await create(tokA, { title: 'Unknown field', customFields: { not_a_field: 'x' } });
      is(r, 400, 'unknown field');
      const displayOnly = form.fields.find((f: { showOnCreate: boolean }) => !f.showOnCreate);
      if (displayOnly) is(await create(tokA, { title: 'Display-only', customFields: { [displayOnly.key]: 'x' } }), 400, 'a display-only field on create');
      const ok = await create(tokA, { title: 'Agent-only data stays hidden' });
      const d = await detail(tokA, ok.body.id);
      const keys = Object.keys(d.body.customFields ?? {});
      const formKeys = form.fields.filter((f: { showInDetail: boolean }) => f.showInDetail).map((f: { key: string }) => f.key);
      expect(keys.every((k) => formKeys.includes(k)), `detail shows only fields marked for display (${keys})`);
    });
    if (form.priorities.length || form.categories.length) {
      await conform('priority and category round-trip and are validated', async () => {
        const priority = form.priorities[form.priorities.length - 1]?.key ?? null;
        const categoryId = form.categories[0]?.id ?? null;
        const r = await create(tokA, { title: 'Prioritised', ...(priority ? { priority } : {}), ...(categoryId ? { categoryId } : {}) });
        is(r, 201, 'create');
        const d = await detail(tokA, r.body.id);
        if (priority) expect(d.body.priority === priority, `priority ${d.body.priority}`);
        if (categoryId) expect(d.body.categoryId === categoryId, `category ${d.body.categoryId}`);
        const bad = await create(tokA, { title: 'x', priority: 'galactic', categoryId: 'cat_nope' });
        is(bad, 400, 'unknown priority/category');
      });
    }
  } else {
    skipped.push('form');
    await conform('form: NOT_SUPPORTED when not claimed', async () => {
      const r = await api('GET', '/portal/form', { token: tokA });
      is(r, 404, 'form');
      expect(r.body.code === 'NOT_SUPPORTED', 'code NOT_SUPPORTED');
    });
  }

  if (features.search) {
    await conform('search finds the customer’s ticket by a word of its title', async () => {
      const word = `zebra${Math.random().toString(36).slice(2, 7)}`;
      const r = await create(tokA, { title: `About the ${word} account` });
      const s = await api('GET', `/portal/tickets?search=${word}`, { token: tokA });
      is(s, 200, 'search');
      expect(s.body.data.length === 1 && s.body.data[0].id === r.body.id, `search returns exactly the match (${s.body.data.length})`);
    });
  } else skipped.push('search');

  await conform('status filter returns only that status', async () => {
    const r = await api('GET', '/portal/tickets?status=open&limit=50', { token: tokA });
    is(r, 200, 'filter');
    expect(r.body.data.every((t: { status: string }) => t.status === 'open'), 'only open');
    if (features.multiStatus && closedKeys[0]) {
      const m = await api('GET', `/portal/tickets?status=open,${closedKeys[0]}&limit=50`, { token: tokA });
      is(m, 200, 'multi-status');
      expect(m.body.data.every((t: { status: string }) => t.status === 'open' || t.status === closedKeys[0]), 'only the two statuses');
    }
  });

  if (fx.setUpstreamStatus && fx.statusCases?.length) {
    for (const c of fx.statusCases) {
      await conform(`status mapping: upstream ${c.upstream} → ${c.portal}`, async () => {
        const r = await create(tokA, { title: `Status ${c.upstream}` });
        await fx.setUpstreamStatus!(r.body.id, c.upstream);
        const d = await detail(tokA, r.body.id);
        expect(d.body.status === c.portal, `got ${d.body.status}`);
        expect(statusKeys.includes(d.body.status), 'status is a capability status');
      });
    }
  } else skipped.push('status mapping');

  let closedTicket = '';
  if (features.close) {
    await conform('close: closes once, 409 the second time', async () => {
      const r = await create(tokA, { title: 'To be closed' });
      closedTicket = r.body.id;
      const c = await api('POST', `/portal/tickets/${closedTicket}/close`, { token: tokA });
      is(c, 200, 'close');
      expect(closedKeys.includes(c.body.status), `closed status ${c.body.status}`);
      const again = await api('POST', `/portal/tickets/${closedTicket}/close`, { token: tokA });
      is(again, 409, 'close twice');
    });
  } else {
    skipped.push('close');
    await conform('close: NOT_SUPPORTED when not claimed', async () => {
      const r = await api('POST', `/portal/tickets/${ticketA}/close`, { token: tokA });
      is(r, 404, 'close');
      expect(r.body.code === 'NOT_SUPPORTED', 'NOT_SUPPORTED');
    });
  }
  if (features.rating && closedTicket) {
    await conform('rating: only once, only when closed, validated, shown on the ticket', async () => {
      const early = await api('POST', `/portal/tickets/${ticketA}/rating`, { token: tokA, body: { rating: 1 } });
      is(early, 409, 'rating an open ticket');
      const d0 = await detail(tokA, closedTicket);
      expect(d0.body.canRate === true, 'closed ticket can be rated');
      const bad = await api('POST', `/portal/tickets/${closedTicket}/rating`, { token: tokA, body: { rating: 99 } });
      is(bad, 400, 'out-of-scale rating');
      const value = caps.rating.scale === 'thumbs' ? 1 : 4;
      const r = await api('POST', `/portal/tickets/${closedTicket}/rating`, { token: tokA, body: { rating: value, comment: 'Quick fix' } });
      is(r, 201, 'rate');
      const d = await detail(tokA, closedTicket);
      expect(d.body.rating?.rating === value && d.body.rating.comment === 'Quick fix' && d.body.canRate === false, 'rating shown, no second one offered');
      const twice = await api('POST', `/portal/tickets/${closedTicket}/rating`, { token: tokA, body: { rating: value } });
      is(twice, 409, 'second rating');
    });
  } else skipped.push('rating');
  if (features.reopen && closedTicket) {
    await conform('reopen: a closed ticket reopens; an open one answers 409', async () => {
      const r = await api('POST', `/portal/tickets/${closedTicket}/reopen`, { token: tokA });
      is(r, 200, 'reopen');
      expect(!closedKeys.includes(r.body.status), `reopened status ${r.body.status}`);
      const again = await api('POST', `/portal/tickets/${closedTicket}/reopen`, { token: tokA });
      is(again, 409, 'reopen an open ticket');
    });
  } else skipped.push('reopen');

  if (features.articles) {
    await conform('articles: suggestions with http(s) links', async () => {
      const r = await api('GET', '/portal/articles?query=password', { token: tokA });
      is(r, 200, 'articles');
      expect(Array.isArray(r.body.data), 'data array');
      for (const a of r.body.data) expect(/^https?:\/\//.test(a.url) && a.title, 'article has title and http(s) url');
      const short = await api('GET', '/portal/articles?query=', { token: tokA });
      is(short, 400, 'empty query');
    });
  } else {
    skipped.push('articles');
    await conform('articles: NOT_SUPPORTED when not claimed', async () => {
      const r = await api('GET', '/portal/articles?query=password', { token: tokA });
      is(r, 404, 'articles');
    });
  }

  // -- paging ---------------------------------------------------------------------
  await conform('paging: every ticket once, in order, across pages', async () => {
    for (let i = 0; i < 5; i++) await create(tokB, { title: `B paging ${i}` });
    const ids = await listAll(tokB, 'limit=2&sort=createdAt&order=desc');
    expect(new Set(ids).size === ids.length, 'no duplicates');
    const rows = await Promise.all(ids.map((id) => detail(tokB, id)));
    const times = rows.map((r) => Date.parse(r.body.createdAt));
    expect(times.every((t, i) => i === 0 || t <= (times[i - 1] as number)), 'newest first');
    expect(ids.length >= 5, 'all tickets reached');
  });
  if (fx.createTicketsWithSameTime) {
    await conform('paging across equal timestamps neither skips nor repeats', async () => {
      const before = new Set(await listAll(tokB, 'limit=50'));
      const made = await fx.createTicketsWithSameTime!(cb.email, 5, 'Same second');
      const ids = await listAll(tokB, 'limit=2');
      expect(new Set(ids).size === ids.length, 'no duplicates');
      for (const id of made) expect(ids.filter((x) => x === id).length === 1, `tied ticket ${id} listed once`);
      expect(ids.length === before.size + made.length, 'nothing skipped');
    });
  } else skipped.push('paging ties');
  await conform('paging survives tickets created mid-walk (drift)', async () => {
    const before = await listAll(tokB, 'limit=50');
    const first = await api('GET', '/portal/tickets?limit=2', { token: tokB });
    await create(tokB, { title: 'Drift 1' });
    await create(tokB, { title: 'Drift 2' });
    const seen: string[] = first.body.data.map((t: { id: string }) => t.id);
    let cursor = first.body.pagination.nextCursor;
    while (cursor) {
      const r = await api('GET', `/portal/tickets?limit=2&cursor=${encodeURIComponent(cursor)}`, { token: tokB });
      is(r, 200, 'page');
      seen.push(...r.body.data.map((t: { id: string }) => t.id));
      cursor = r.body.pagination.hasMore ? r.body.pagination.nextCursor : null;
    }
    expect(new Set(seen).size === seen.length, 'no duplicates after drift');
    for (const id of before) expect(seen.includes(id), `pre-existing ${id} still reached`);
  });

  // -- attachments ----------------------------------------------------------------
  const bytes = new TextEncoder().encode('hello, attachment\n');
  let fileTicket = '';
  let fileId = '';
  if (features.attachments) {
    await conform('pending upload → create with attachment → list → download', async () => {
      const up = await upload(tokA, null, 'notes.txt', bytes);
      expect(up.initiated.attachment.status === 'PENDING' && up.confirmed.status === 'UPLOADED', 'statuses PENDING → UPLOADED');
      const r = await create(tokA, { title: 'With a file', attachmentIds: [up.confirmed.id] });
      is(r, 201, 'create with file');
      fileTicket = r.body.id;
      const list = await api('GET', `/portal/tickets/${fileTicket}/attachments`, { token: tokA });
      is(list, 200, 'list files');
      const f = list.body.find((a: { filename: string }) => a.filename === 'notes.txt');
      expect(f && f.size === bytes.byteLength && f.status === 'UPLOADED', 'file listed with its size');
      fileId = f.id;
      const g = await api('GET', `/portal/tickets/${fileTicket}/attachments/${encodeURIComponent(fileId)}`, { token: tokA });
      is(g, 200, 'get attachment');
      expect(typeof g.body.downloadUrl === 'string' && g.body.attachment?.id === fileId && g.body.expiresAt, 'superset shape with downloadUrl');
      if (fx.gatewayDownloads) expect(g.body.downloadUrl.startsWith(`${ORIGIN}${BASE}/`), `download through the gateway (${g.body.downloadUrl.slice(0, 60)})`);
      if (g.body.downloadUrl.startsWith(ORIGIN)) {
        const dl = await next().fetch(new Request(g.body.downloadUrl));
        const got = new Uint8Array(await dl.arrayBuffer());
        expect(dl.status === 200 && got.byteLength === bytes.byteLength, `download bytes (${dl.status}, ${got.byteLength})`);
        expect(/^attachment;/.test(dl.headers.get('content-disposition') ?? ''), 'non-image downloads as attachment');
        expect(dl.headers.get('x-content-type-options') === 'nosniff' && dl.headers.get('content-security-policy') === 'sandbox', 'nosniff and sandbox CSP');
      }
      const reused = await create(tokA, { title: 'Reuse', attachmentIds: [up.confirmed.id] });
      is(reused, 400, 'a used pending upload cannot be attached again');
    });
    await conform('per-ticket upload reaches the ticket (with the reply that links it)', async () => {
      const t = await create(tokA, { title: 'Reply with a file' });
      const up = await upload(tokA, t.body.id, 'screenshot.png', new Uint8Array([137, 80, 78, 71, 1, 2, 3]), 'image/png');
      const reply = await api('POST', `/portal/tickets/${t.body.id}/comments`, { token: tokA, body: { body: `See this\n\n[screenshot.png](attachment:${up.confirmed.id})` } });
      is(reply, 201, 'reply with link');
      const list = await api('GET', `/portal/tickets/${t.body.id}/attachments`, { token: tokA });
      const f = list.body.find((a: { filename: string }) => a.filename === 'screenshot.png');
      expect(f, 'file on the ticket');
      const d = await detail(tokA, t.body.id);
      const linked = d.body.comments.some((c: { body: string }) => c.body.includes(`(attachment:${f.id})`));
      expect(linked, 'the reply links the stored file');
      const g = await api('GET', `/portal/tickets/${t.body.id}/attachments/${encodeURIComponent(f.id)}`, { token: tokA });
      if (g.body.downloadUrl?.startsWith(ORIGIN)) {
        const dl = await next().fetch(new Request(g.body.downloadUrl));
        await dl.arrayBuffer();
        expect(/^inline;/.test(dl.headers.get('content-disposition') ?? ''), 'raster images display inline');
      }
    });
    await conform('upload checks: size, type, confirm before PUT', async () => {
      const init = await api('POST', '/portal/tickets/attachments/pending', { token: tokA, body: { filename: 'a.txt', contentType: 'text/plain', size: 4 } });
      const tooBig = await absolute(init.body.uploadUrl, 'PUT', { body: new Uint8Array(9), headers: { 'content-type': 'text/plain' } });
      expect(tooBig.status === 413, `oversized PUT → 413 (${tooBig.status})`);
      const wrongType = await absolute(init.body.uploadUrl, 'PUT', { body: new Uint8Array(4), headers: { 'content-type': 'text/html' } });
      expect(wrongType.status === 400, `other Content-Type → 400 (${wrongType.status})`);
      const early = await api('POST', `/portal/tickets/attachments/pending/${init.body.attachment.id}/confirm`, { token: tokA });
      is(early, 400, 'confirm before PUT');
      const huge = await api('POST', '/portal/tickets/attachments/pending', { token: tokA, body: { filename: 'a.bin', contentType: 'application/octet-stream', size: caps.limits.maxFileSize + 1 } });
      is(huge, 400, 'declared size over the limit');
    });
  } else {
    skipped.push('attachments');
    await conform('attachments: uploads NOT_SUPPORTED, lists empty', async () => {
      const r = await api('POST', '/portal/tickets/attachments/pending', { token: tokA, body: { filename: 'a.txt', contentType: 'text/plain', size: 4 } });
      is(r, 404, 'initiate');
      expect(r.body?.code === 'NOT_SUPPORTED', `initiate: code NOT_SUPPORTED (${r.body?.code})`);
      const onTicket = await api('POST', `/portal/tickets/${ticketA}/attachments`, { token: tokA, body: { filename: 'a.txt', contentType: 'text/plain', size: 4 } });
      is(onTicket, 404, 'initiate on a ticket');
      expect(onTicket.body?.code === 'NOT_SUPPORTED', `initiate on a ticket: code NOT_SUPPORTED (${onTicket.body?.code})`);
      const withIds = await create(tokA, { title: 'Files anyway', attachmentIds: ['att_1'] });
      is(withIds, 400, 'create with attachmentIds');
      const l = await api('GET', `/portal/tickets/${ticketA}/attachments`, { token: tokA });
      is(l, 200, 'list');
      expect(Array.isArray(l.body) && l.body.length === 0, 'empty list');
    });
  }

  await conform('magic link: sent through sendEmail, verified once', async () => {
    await gw0.sendMagicLink({ email: ca.email, portalUrl: 'https://app.example.com/support' });
    const mail = mails[mails.length - 1];
    expect(mail && mail.to === ca.email.toLowerCase(), 'email sent to the customer');
    const token = new URL(mail!.url).searchParams.get('token');
    const r = await api('POST', '/portal/verify', { body: { token } });
    is(r, 200, 'verify');
    const l = await api('GET', '/portal/tickets?limit=50', { token: r.body.token });
    expect(l.body.data.some((t: { id: string }) => t.id === ticketA), 'the link signs in as the same customer');
  });

  // -- attacks: tokens ------------------------------------------------------------
  const [h, p] = tokA.split('.') as [string, string];
  const claims = JSON.parse(unb64(p));
  const hmac = async (secret: string, data: string, alg = 'SHA-256') => {
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: alg }, false, ['sign']);
    const sig = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(data)));
    return b64(String.fromCharCode(...sig));
  };
  const forged: [string, () => Promise<string | null>][] = [
    ['no token', async () => null],
    ['garbage token', async () => 'not.a.jwt'],
    ['alg:none', async () => `${b64(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${p}.`],
    ['alg:none, empty signature, other customer', async () => `${b64(JSON.stringify({ alg: 'none' }))}.${b64(JSON.stringify({ ...claims, sub: 'someone-else' }))}.`],
    ['payload swapped to another customer', async () => `${h}.${b64(JSON.stringify({ ...claims, sub: 'cus_other', email: cb.email }))}.${tokA.split('.')[2]}`],
    ['signed with another secret', async () => {
      const head = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
      return `${head}.${p}.${await hmac('another-secret-that-is-long-enough-000000', `${head}.${p}`)}`;
    }],
    ['alg switched to HS512 with the gateway secret as key', async () => {
      const head = b64(JSON.stringify({ alg: 'HS512', typ: 'JWT' }));
      return `${head}.${p}.${await hmac(SECRET, `${head}.${p}`, 'SHA-512')}`;
    }],
    ['alg RS256 header on an HMAC signature', async () => `${b64(JSON.stringify({ alg: 'RS256', typ: 'JWT' }))}.${p}.${tokA.split('.')[2]}`],
    ['other tenant, same secret', async () => (await createPortalGateway({ ...base, tenant: 'someone-else' }).issueToken(ca)).token],
    ['expired token', async () => (await createPortalGateway({ ...base, now: () => Date.now() - 2 * 3600_000 }).issueToken(ca)).token],
    ['magic-link token used as a portal token', async () => {
      await gw0.sendMagicLink({ email: ca.email, portalUrl: 'https://app.example.com/support' });
      return new URL(mails[mails.length - 1]!.url).searchParams.get('token');
    }],
  ];
  for (const [name, make] of forged) {
    await attack(`token: ${name} → 401`, async () => {
      const token = await make();
      const r = await api('GET', '/portal/tickets', { token });
      refusedWith(r, [401], name);
    });
  }
  await attack('magic link replayed → 401', async () => {
    await gw0.sendMagicLink({ email: ca.email, portalUrl: 'https://app.example.com/support' });
    const token = new URL(mails[mails.length - 1]!.url).searchParams.get('token');
    const first = await api('POST', '/portal/verify', { body: { token } });
    is(first, 200, 'first use');
    const again = await api('POST', '/portal/verify', { body: { token } });
    refusedWith(again, [401], 'replay');
  });
  await attack('magic link from another secret → 401', async () => {
    const other = createPortalGateway({ ...base, secret: 'a-completely-different-secret-0123456789abcd', sendEmail: (m) => void mails.push(m) });
    await other.sendMagicLink({ email: ca.email, portalUrl: 'https://app.example.com/support' });
    const token = new URL(mails[mails.length - 1]!.url).searchParams.get('token');
    refusedWith(await api('POST', '/portal/verify', { body: { token } }), [401], 'foreign link');
  });

  // -- attacks: other customers' ids ------------------------------------------------
  const bTicket = (await create(tokB, { title: 'Bob private ticket', body: canary('bob-body') })).body.id as string;
  const foreign = await fx.createForeignTicket(`Foreign ${canary('foreign-title')}`);
  let bFile = '';
  let bPending = '';
  if (features.attachments) {
    const up = await upload(tokB, bTicket, 'bob.txt', bytes);
    bFile = up.confirmed.id;
    const pend = await upload(tokB, null, 'bob-pending.txt', bytes);
    bPending = pend.confirmed.id;
  }
  const targets: [string, string][] = [
    ["another customer's ticket", bTicket],
    ['a ticket created upstream for a third customer', foreign],
  ];
  for (const [label, id] of targets) {
    const enc = encodeURIComponent(id);
    const ops: [string, () => Promise<Res>][] = [
      ['detail', () => api('GET', `/portal/tickets/${enc}`, { token: tokA })],
      ['reply', () => api('POST', `/portal/tickets/${enc}/comments`, { token: tokA, body: { body: 'mine now' } })],
      ['list files', () => api('GET', `/portal/tickets/${enc}/attachments`, { token: tokA })],
      ['start upload', () => api('POST', `/portal/tickets/${enc}/attachments`, { token: tokA, body: { filename: 'x.txt', contentType: 'text/plain', size: 1 } })],
      ['close', () => api('POST', `/portal/tickets/${enc}/close`, { token: tokA })],
      ['reopen', () => api('POST', `/portal/tickets/${enc}/reopen`, { token: tokA })],
      ['rate', () => api('POST', `/portal/tickets/${enc}/rating`, { token: tokA, body: { rating: 1 } })],
    ];
    for (const [op, run] of ops) {
      await attack(`${label}: ${op} → 404`, async () => refusedWith(await run(), [404], `${label} ${op}`));
    }
  }
  if (features.attachments) {
    await attack("another customer's attachment on my ticket → 404", async () => {
      refusedWith(await api('GET', `/portal/tickets/${ticketA}/attachments/${encodeURIComponent(bFile)}`, { token: tokA }), [404], 'attachment');
    });
    await attack("another customer's attachment on their ticket → 404", async () => {
      refusedWith(await api('GET', `/portal/tickets/${encodeURIComponent(bTicket)}/attachments/${encodeURIComponent(bFile)}`, { token: tokA }), [404], 'attachment');
    });
    for (const { ticketId, attachmentId } of fx.createForeignAttachments ? await fx.createForeignAttachments() : []) {
      await attack(`a third customer's attachment ${attachmentId} on my ticket → 404`, async () => {
        refusedWith(await api('GET', `/portal/tickets/${ticketA}/attachments/${encodeURIComponent(attachmentId)}`, { token: tokA }), [404], 'attachment');
      });
      await attack(`a third customer's attachment ${attachmentId} on their ticket → 404`, async () => {
        refusedWith(await api('GET', `/portal/tickets/${encodeURIComponent(ticketId)}/attachments/${encodeURIComponent(attachmentId)}`, { token: tokA }), [404], 'attachment');
      });
    }
    await attack("another customer's pending upload: confirm → 404", async () => {
      refusedWith(await api('POST', `/portal/tickets/attachments/pending/${encodeURIComponent(bPending)}/confirm`, { token: tokA }), [404], 'confirm');
    });
    await attack("another customer's pending upload in my create → 400, nothing created", async () => {
      const before = (await listAll(tokA, 'limit=50')).length;
      const r = await create(tokA, { title: 'Steal a file', attachmentIds: [bPending] });
      refusedWith(r, [400], 'create');
      const after = (await listAll(tokA, 'limit=50')).length;
      expect(before === after, 'no ticket created');
    });
    await attack("another customer's per-ticket upload confirmed on my ticket → 404", async () => {
      refusedWith(await api('POST', `/portal/tickets/${ticketA}/attachments/${encodeURIComponent(bFile)}/confirm`, { token: tokA }), [404], 'confirm');
    });
    await attack('tampered download URL → 403', async () => {
      const g = await api('GET', `/portal/tickets/${fileTicket}/attachments/${encodeURIComponent(fileId)}`, { token: tokA });
      if (!g.body.downloadUrl.startsWith(ORIGIN)) return;
      const u = g.body.downloadUrl as string;
      const tampered = `${u.slice(0, -4)}${u.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
      refusedWith(await absolute(tampered, 'GET'), [403], 'tampered');
      const parts = u.split('/files/')[1]!.split('.');
      const swapped = `${u.split('/files/')[0]}/files/${parts[0]}.${b64(JSON.stringify({ ...JSON.parse(unb64(parts[1]!)), t: bTicket }))}.${parts[2]}`;
      refusedWith(await absolute(swapped, 'GET'), [403], 'payload swapped');
    });
    await attack('upload URL reused for another upload → 403', async () => {
      const a = await api('POST', '/portal/tickets/attachments/pending', { token: tokA, body: { filename: 'a.txt', contentType: 'text/plain', size: 1 } });
      const b = await api('POST', '/portal/tickets/attachments/pending', { token: tokA, body: { filename: 'b.txt', contentType: 'text/plain', size: 1 } });
      const url = new URL(a.body.uploadUrl);
      url.pathname = url.pathname.replace(a.body.attachment.id, b.body.attachment.id);
      refusedWith(await absolute(url.href, 'PUT', { body: new Uint8Array(1), headers: { 'content-type': 'text/plain' } }), [403], 'reused URL');
    });
  }
  const guessed = ['1', 'tkt_1', '..', '../portal/tickets', '%2e%2e%2fportal', '..%2F..%2Fbrands', 'a b', `${bTicket}?x=1`, `${bTicket}/../${bTicket}`, 'x'.repeat(300), '%00', encodeURIComponent(bTicket), bTicket.toUpperCase(), ` ${bTicket}`];
  for (const g of guessed) {
    await attack(`guessed or encoded ticket id ${JSON.stringify(g.slice(0, 30))} → 404`, async () => {
      const r = await api('GET', `/portal/tickets/${encodeURIComponent(g)}`, { token: tokA });
      refusedWith(r, [404], 'guessed id');
    });
  }
  await attack('raw path traversal in the URL → 403/404', async () => {
    // URL parsing turns %2e%2e into `..`: this lands on another gateway route, which must still refuse.
    const r = await send(next(), new Request(`${ORIGIN}${BASE}/portal/tickets/%2e%2e/%2e%2e/files/x`, { headers: { authorization: `Bearer ${tokA}` } }));
    refusedWith(r, [403, 404], 'traversal');
  });

  // -- attacks: cursors ---------------------------------------------------------------
  const bPage = await api('GET', '/portal/tickets?limit=1', { token: tokB });
  const bCursor = bPage.body.pagination.nextCursor as string;
  await attack("another customer's cursor → 400", async () => {
    refusedWith(await api('GET', `/portal/tickets?limit=1&cursor=${encodeURIComponent(bCursor)}`, { token: tokA }), [400], 'cursor');
  });
  await attack('a cursor replayed with other filters → 400', async () => {
    refusedWith(await api('GET', `/portal/tickets?limit=1&status=open&cursor=${encodeURIComponent(bCursor)}`, { token: tokB }), [400], 'cursor');
  });
  await attack('a tampered cursor → 400', async () => {
    const [ch, cp, cs] = bCursor.split('.') as [string, string, string];
    const payload = JSON.parse(unb64(cp));
    const forgedCursor = `${ch}.${b64(JSON.stringify({ ...payload, n: null }))}.${cs}`;
    refusedWith(await api('GET', `/portal/tickets?limit=1&cursor=${encodeURIComponent(forgedCursor)}`, { token: tokB }), [400], 'cursor');
  });
  await attack('a portal token used as a cursor → 400', async () => {
    refusedWith(await api('GET', `/portal/tickets?limit=1&cursor=${encodeURIComponent(tokB)}`, { token: tokB }), [400], 'cursor');
  });

  // -- attacks: planted internal content -----------------------------------------------
  const note = canary('note');
  await fx.plantInternalNote(ticketA, `Internal: refund denied ${note}`);
  if (fx.plantSystemMessage && !options.gateway?.showSystemMessages) await fx.plantSystemMessage(ticketA, `System ${canary('system')}`);
  if (fx.plantDraft) await fx.plantDraft(ticketA, `Draft ${canary('draft')}`);
  const internalFiles = fx.plantInternalAttachment && features.attachments ? [await fx.plantInternalAttachment(ticketA, `${canary('file')}.txt`)].flat() : [];
  if (fx.plantHiddenTicket) await fx.plantHiddenTicket(ca.email, `Spam ${canary('hidden')}`);
  await attack('internal content: not in detail, counts agree', async () => {
    const d = await detail(tokA, ticketA);
    is(d, 200, 'detail');
    expect(d.body.commentCount === d.body.comments.length, 'detail count counts only shown replies');
    const l = await api('GET', '/portal/tickets?limit=50', { token: tokA });
    const row = l.body.data.find((t: { id: string }) => t.id === ticketA);
    expect(row && (row.commentCount === null || row.commentCount === d.body.commentCount), `list count ${row?.commentCount} = visible count ${d.body.commentCount}`);
  });
  await attack('internal content: not in lists or search', async () => {
    const l = await api('GET', '/portal/tickets?limit=50', { token: tokA });
    expect(!l.body.data.some((t: { title: string }) => t.title.startsWith('Spam CANARY')), 'hidden ticket not listed');
    if (features.search) await api('GET', `/portal/tickets?search=${encodeURIComponent(note)}`, { token: tokA });
    if (features.search) {
      const s = await api('GET', '/portal/tickets?search=Spam', { token: tokA });
      expect(!s.body.data.some((t: { title: string }) => t.title.startsWith('Spam CANARY')), 'hidden ticket not found by search');
    }
  });
  for (const internalFile of internalFiles) {
    await attack(`a file only on hidden content (${internalFile}): not listed, not downloadable`, async () => {
      const l = await api('GET', `/portal/tickets/${ticketA}/attachments`, { token: tokA });
      expect(!l.body.some((a: { id: string }) => a.id === internalFile), 'not listed');
      refusedWith(await api('GET', `/portal/tickets/${ticketA}/attachments/${encodeURIComponent(internalFile)}`, { token: tokA }), [404], 'internal file');
    });
  }

  // -- live updates ------------------------------------------------------------------
  if (features.events && fx.webhooks) {
    await liveUpdates(fx.webhooks);
  } else if (features.events) {
    skipped.push('events (the fixture delivers no webhooks)');
  } else {
    skipped.push('events');
    await conform('events: NOT_SUPPORTED when not claimed', async () => {
      const r = await api('GET', '/portal/events', { token: tokA });
      is(r, 404, 'events');
      expect(r.body?.code === 'NOT_SUPPORTED', `code NOT_SUPPORTED, got ${r.body?.code}`);
    });
  }

  async function liveUpdates(hooks: NonNullable<ConformanceFixture['webhooks']>) {
    const deliveries: { url: string; headers: [string, string][]; body: string }[] = [];
    await hooks.connect({
      url: `${ORIGIN}${BASE}/webhooks/${encodeURIComponent(fx.backend.name)}`,
      // Alternating instances: with a shared store, a webhook taken by one reaches streams held by another.
      deliver: async (request) => {
        deliveries.push({ url: request.url, headers: [...request.headers], body: await request.clone().text() });
        return next().fetch(request);
      },
    });
    const streams: EventStreamReader[] = [];
    const openStream = async (token: string | null, o: { lastEventId?: string; query?: string } = {}) => {
      const r = await next().fetch(
        new Request(`${ORIGIN}${BASE}/portal/events${o.query ?? ''}`, {
          headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(o.lastEventId ? { 'last-event-id': o.lastEventId } : {}) },
        }),
      );
      if (r.status !== 200) return { status: r.status, text: await r.text(), reader: null };
      const reader = readEventStream(r);
      streams.push(reader);
      await reader.waitFor((e) => e.type === 'ready');
      return { status: 200, text: '', reader };
    };
    const comments = (r: EventStreamReader) => r.events.filter((e) => e.type === 'comment.created');
    const canonical = (v: unknown): string =>
      Array.isArray(v) ? `[${v.map(canonical).join(',')}]` : v && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}` : JSON.stringify(v);
    /** A staff reply planted upstream, its webhook delivered, and its event awaited on `reader`. */
    const mark = async (reader: EventStreamReader, ticketId: string, label: string): Promise<StreamEvent> => {
      const text = `Marker ${label} ${Math.random().toString(36).slice(2, 8)}`;
      await fx.plantStaffReply(ticketId, text);
      await hooks.settled();
      return reader.waitFor((e) => e.type === 'comment.created' && String(e.data?.comment?.body ?? '').includes(text));
    };

    const a = await openStream(tokA);
    const b = await openStream(tokB);
    if (!a.reader || !b.reader) {
      await conform('events: a customer can open the event stream', async () => expect(false, `GET /portal/events: ${a.status} ${a.text.slice(0, 200)}`));
      return;
    }
    const sa = a.reader;
    const sb = b.reader;

    await conform("events: a staff reply reaches its customer's stream as comment.created, shaped as the thread reads it", async () => {
      const e = await mark(sa, ticketA, 'reply');
      expect(e.data.ticketId === ticketA, `ticketId ${e.data.ticketId}`);
      expect(typeof e.id === 'string' && e.id !== '', 'the event has an id (for Last-Event-ID)');
      const d = await detail(tokA, ticketA);
      const read = d.body.comments.find((c: { id: string }) => c.id === e.data.comment.id);
      expect(read, 'the announced comment is in the thread');
      expect(canonical(read) === canonical(e.data.comment), `event comment ${canonical(e.data.comment).slice(0, 200)} differs from the thread's ${canonical(read).slice(0, 200)}`);
    });

    const statusCase = fx.setUpstreamStatus && (fx.statusCases ?? []).find((c) => c.portal !== 'open' && statusKeys.includes(c.portal));
    if (statusCase) {
      await conform('events: a status change upstream reaches the stream as ticket.updated, shaped as the list reads it', async () => {
        await fx.setUpstreamStatus!(ticketA, statusCase.upstream);
        await hooks.settled();
        const e = await sa.waitFor((x) => x.type === 'ticket.updated' && x.data?.ticket?.id === ticketA && x.data.ticket.status === statusCase.portal);
        const l = await api('GET', '/portal/tickets?limit=50', { token: tokA });
        const row = l.body.data.find((t: { id: string }) => t.id === ticketA);
        expect(row, 'ticket listed');
        for (const k of Object.keys(row)) if (k !== 'commentCount' && k !== 'updatedAt') expect(canonical(row[k]) === canonical(e.data.ticket[k]), `ticket.${k}: event ${canonical(e.data.ticket[k])}, list ${canonical(row[k])}`);
        expect(Object.keys(e.data.ticket).every((k) => k in row), `event ticket has only list fields (${Object.keys(e.data.ticket)})`);
      });
    }

    await conform('events: a stream resumed with Last-Event-ID gets what it missed, once, in order', async () => {
      const last = sa.events.filter((e) => e.id).at(-1)!.id!;
      const away = await openStream(tokA, { lastEventId: last });
      const gone = away.reader!;
      await gone.close();
      const tag = Math.random().toString(36).slice(2, 8);
      const texts = [`Missed 1 ${tag}`, `Missed 2 ${tag}`];
      for (const t of texts) await fx.plantStaffReply(ticketA, t);
      await hooks.settled();
      const back = await openStream(tokA, { lastEventId: last });
      const got = comments(back.reader!).map((e) => String(e.data.comment.body));
      const matched = texts.map((t) => got.filter((g) => g.includes(t)).length);
      expect(matched.every((n) => n === 1), `each missed reply once (got ${matched.join(', ')}: ${got.join(' | ').slice(0, 200)})`);
      expect(got.findIndex((g) => g.includes(texts[0]!)) < got.findIndex((g) => g.includes(texts[1]!)), 'in order');
    });

    await attack('events: an internal note planted upstream, and its webhook, produce nothing', async () => {
      const before = sa.events.length;
      const note2 = canary('live-note');
      await fx.plantInternalNote(ticketA, `Internal only ${note2}`);
      if (fx.plantSystemMessage && !options.gateway?.showSystemMessages) await fx.plantSystemMessage(ticketA, `System ${canary('live-system')}`);
      if (fx.plantDraft) await fx.plantDraft(ticketA, `Draft ${canary('live-draft')}`);
      const marker = await mark(sa, ticketA, 'after-note');
      const between = sa.events.slice(before).filter((e) => e.type === 'comment.created' && e !== marker);
      expect(between.length === 0, `hidden content announced: ${between.map((e) => String(e.data?.comment?.body).slice(0, 60)).join(' | ')}`);
    });

    await attack('events: a forged webhook (unsigned, tampered, re-sent) is refused and fans out nothing', async () => {
      const marker = await mark(sa, ticketA, 'genuine');
      const genuine = deliveries.at(-1)!;
      const post = (body: string, headers: [string, string][]) => send(next(), new Request(genuine.url, { method: 'POST', headers, body }));
      const unsigned = genuine.headers.filter(([k]) => !/sign|hmac|auth|token/i.test(k));
      refusedWith(await post(genuine.body, unsigned), [401], 'unsigned delivery');
      const tampered = genuine.body.includes(ticketA) ? genuine.body.split(ticketA).join(bTicket) : genuine.body.replace(/.$/, ' ');
      refusedWith(await post(tampered, genuine.headers), [400, 401], 'tampered delivery');
      refusedWith(await post(genuine.body, genuine.headers), [400, 409], 're-sent delivery');
      const before = sa.events.length;
      const after = await mark(sa, ticketA, 'after-forgery');
      const extra = sa.events.slice(before).filter((e) => e.type === 'comment.created' && e !== after);
      expect(extra.length === 0, `a forged or re-sent delivery was fanned out: ${extra.map((e) => e.data?.comment?.id).join(', ')}`);
      expect(comments(sa).filter((e) => e.data.comment.id === marker.data.comment.id).length === 1, 'the genuine reply was announced once');
    });

    await attack("events: another customer's stream receives nothing of this customer's tickets", async () => {
      await mark(sb, bTicket, 'bob');
      const foreignEvents = sb.events.filter((e) => (e.type === 'comment.created' && e.data?.ticketId !== bTicket) || (e.type.startsWith('ticket.') && e.data?.ticket?.id !== bTicket));
      expect(foreignEvents.length === 0, `customer B heard about ${foreignEvents.map((e) => e.data?.ticketId ?? e.data?.ticket?.id).join(', ')}`);
      expect(!sb.text.includes(ticketA), "customer A's ticket id appeared on B's stream");
    });

    await attack('events: no token, a forged token, or a token in the URL → 401', async () => {
      refusedWith(await api('GET', '/portal/events'), [401], 'no token');
      refusedWith(await api('GET', '/portal/events', { token: tokA.slice(0, -4) + (tokA.endsWith('AAAA') ? 'BBBB' : 'AAAA') }), [401], 'forged token');
      for (const q of [`?token=${encodeURIComponent(tokA)}`, `?access_token=${encodeURIComponent(tokA)}`]) {
        const r = await openStream(null, { query: q });
        expect(r.status === 401, `a token in the URL (${q.slice(0, 14)}…) got ${r.status}`);
      }
    });

    for (const r of streams) await r.close();
    for (const r of streams) {
      for (const c of [...canaries, ...secrets()]) if (r.text.includes(c)) leakDetails.push(`GET /portal/events: ${c.slice(0, 24)}`);
    }
  }

  // -- attacks: bodies ---------------------------------------------------------------
  const bodies: [string, () => Promise<Res>, number[]][] = [
    ['malformed JSON', () => api('POST', '/portal/tickets', { token: tokA, raw: '{"title": "x",' }), [400]],
    ['a JSON array', () => api('POST', '/portal/tickets', { token: tokA, raw: '["title"]' }), [400]],
    ['title of the wrong type', () => create(tokA, { title: { $gt: '' } }), [400]],
    ['attachmentIds of the wrong type', () => create(tokA, { title: 'x', attachmentIds: 'att_1' }), [400]],
    ['an oversized body', () => api('POST', '/portal/tickets', { token: tokA, raw: JSON.stringify({ title: 'x', body: 'y'.repeat(300 * 1024) }) }), [413]],
    ['invalid UTF-8', () => api('POST', '/portal/tickets', { token: tokA, raw: new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]) }), [400]],
    ['limit=0', () => api('GET', '/portal/tickets?limit=0', { token: tokA }), [400]],
    ['limit=51', () => api('GET', '/portal/tickets?limit=51', { token: tokA }), [400]],
    ['sort injection', () => api('GET', '/portal/tickets?sort=title;drop', { token: tokA }), [400]],
    ['a reply over the length limit', () => api('POST', `/portal/tickets/${ticketA}/comments`, { token: tokA, body: { body: 'z'.repeat(caps.limits.bodyMaxLength + 1) } }), [400]],
    ['an idempotency key with control characters', () => create(tokA, { title: 'x' }, { 'x-idempotency-key': 'bad\tkey' }), [400]],
    ['an unknown route', () => api('GET', '/portal/admin/keys', { token: tokA }), [404]],
    ['a wrong method', () => api('DELETE', `/portal/tickets/${ticketA}`, { token: tokA }), [405]],
  ];
  for (const [name, run, statuses] of bodies) {
    await attack(`malformed: ${name} → ${statuses.join('/')}`, async () => refusedWith(await run(), statuses, name));
  }

  // -- attacks: flood -------------------------------------------------------------------
  await attack('a flood past the rate limit gets 429 with Retry-After, across instances, per customer', async () => {
    const floodStore = options.store ?? memoryStore();
    const limit = 6;
    // One clock reading for the whole flood: the window is fixed, and a flood straddling its end would be counted in two.
    const at = (base.now ?? Date.now)();
    const flood = Array.from({ length: instances.length }, () =>
      createPortalGateway({ ...base, now: () => at, store: floodStore, limits: { rateLimit: { limit, windowSeconds: 60 } } }),
    );
    const who = `flood-${Math.random().toString(36).slice(2, 8)}@customer.test`;
    const token = (await flood[0]!.issueToken({ email: who, name: 'Flood' })).token;
    const statuses: number[] = [];
    let last: Res | null = null;
    for (let i = 0; i < limit + 4; i++) {
      last = await api('GET', '/portal/tickets?limit=1', { token, gw: flood[i % flood.length] });
      statuses.push(last.status);
    }
    expect(statuses.filter((s) => s === 200).length === limit, `exactly ${limit} allowed across instances (${statuses.join(',')})`);
    refusedWith(last!, [429], 'flood');
    expect(/^\d+$/.test(last!.headers.get('retry-after') ?? ''), 'Retry-After in seconds');
    expect(last!.headers.get('x-ratelimit-remaining') === '0', 'remaining 0');
    const bystander = (await flood[0]!.issueToken({ email: `calm-${who}`, name: 'Calm' })).token;
    const other = await api('GET', '/portal/tickets?limit=1', { token: bystander, gw: flood[0] });
    is(other, 200, 'another customer is not throttled');
  });

  await attack('the adapter returned nothing the gateway had to drop, and no failure was internal', async () => {
    const bad = events.filter((e) => e.kind === 'integrity' || e.kind === 'internal' || e.kind === 'config');
    expect(bad.length === 0, bad.map((e) => `${e.kind} ${e.operation}: ${(e.error as Error)?.message}`).join('; '));
  });

  const leaks = leakDetails.length;
  const summary = `conformance ${passed}/${conformanceTotal}, attacks ${refused}/${attackTotal} refused, leaks ${leaks}`;
  const log = options.log === undefined ? (line: string) => console.log(line) : options.log; // eslint-disable-line no-console
  log?.(summary);
  return {
    conformance: { passed, total: conformanceTotal },
    attacks: { refused, total: attackTotal },
    leaks,
    leakDetails,
    failures,
    skipped,
    summary,
    ok: failures.length === 0 && leaks === 0,
  };
}
