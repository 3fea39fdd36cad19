import { DROP_HEADER } from '../http';
import { authenticate, canRead, FILE_LIMIT, issueToken, notFound, readableTicket, REQUEST_LIMIT, type ApAuth, type ApContext } from './context';
import { boundaryOf, readMultipart } from './multipart';
import { bool, date, field, int, isEmail, Query, readJsonBody, readObject, str, type Body } from './request';
import { sameUid } from './store';
import type { ApEndUser, ApMessage, ApTicket } from './types';
import { AnswerPalError, attachmentDto, endUserDto, json, messageDto, paged, ticketDto, validation, wireMessages } from './wire';

/**
 * The AnswerPal API routes (`/api/...`). Paths match case-insensitively, as
 * ASP.NET Core routing does, so one table serves every casing a client sends.
 */

type Handler = (ctx: ApContext, request: Request, params: string[]) => Promise<Response>;

interface Route {
  method: string;
  pattern: RegExp;
  handler: Handler;
}

const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/svg+xml', 'application/pdf', 'text/plain']);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BULK_ACTIONS = new Set([
  'close',
  'open',
  'invertstate',
  'spam',
  'notspam',
  'read',
  'delete',
  'deletecleanup',
  'detectspam',
  'detecttopics',
  'executeactions',
  'updatetopics',
]);

const noContent = () => new Response(null, { status: 204 });

// ---------------------------------------------------------------------------
// Shared pieces
// ---------------------------------------------------------------------------

const SORT_FIELDS: Record<string, (t: ApTicket) => number | string> = {
  datecreated: (t) => t.dateCreated,
  lastmessagedate: (t) => t.lastMessageDate ?? t.dateCreated,
  subject: (t) => t.subject.toLowerCase(),
  ticketid: (t) => t.ticketID,
  status: (t) => t.status.toLowerCase(),
  closedate: (t) => t.closeDate ?? 0,
  followupdate: (t) => t.followUpDate ?? 0,
};

function pageParams(q: Query) {
  const pageNumber = Math.max(1, q.int('pageNumber') ?? 1);
  const pageSize = Math.min(100, Math.max(1, q.int('pageSize') ?? 10));
  return { pageNumber, pageSize };
}

function sortTickets(tickets: ApTicket[], q: Query): ApTicket[] {
  // Unknown names fall back to the default order instead of failing (Q7 of the contract is open).
  const key = SORT_FIELDS[(q.get('sortBy') ?? 'DateCreated').toLowerCase()] ?? SORT_FIELDS.datecreated!;
  const dir = (q.get('sortOrder') ?? 'desc').toLowerCase() === 'asc' ? 1 : -1;
  return [...tickets].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x < y) return -dir;
    if (x > y) return dir;
    return (a.ticketID - b.ticketID) * dir;
  });
}

/** The filters of T1 and E4 (processed tickets only; future follow-ups only with `includeFollowUp=true`), role-filtered. */
function filterTickets(ctx: ApContext, auth: ApAuth, tickets: ApTicket[], q: Query): ApTicket[] {
  const now = ctx.now();
  const statuses = q.all('status').map((s) => s.toLowerCase());
  const isSpam = q.bool('isSpam');
  const isClosed = q.bool('isClosed');
  const includeFollowUp = q.bool('includeFollowUp') ?? false;
  const rep = q.int('customerRepID');
  const channelType = q.get('channelType')?.toLowerCase();
  const channelIDs = q.ints('channelIDs');
  const uid = q.get('uid');
  const search = q.get('search')?.trim().toLowerCase();
  return tickets.filter((t) => {
    if (t.deleted || t.tenantId !== auth.tenant.id || !t.isProcessed) return false;
    if (!includeFollowUp && t.followUpDate !== null && t.followUpDate > now) return false;
    if (!canRead(ctx, auth.rep, t)) return false;
    if (statuses.length && !statuses.includes(t.status.toLowerCase())) return false;
    if (isSpam !== undefined && t.isSpam !== isSpam) return false;
    if (isClosed !== undefined && t.isClosed !== isClosed) return false;
    if (rep !== undefined && t.customerRepID !== rep) return false;
    if (channelType && t.channelType.toLowerCase() !== channelType) return false;
    if (channelIDs.length && (t.channelID === null || !channelIDs.includes(t.channelID))) return false;
    if (uid && !sameUid(t.uid, uid, ctx.switches.uidMatch)) return false;
    if (search) {
      // Searches the subject and the text of every message (drafts included, as a full-text index would).
      const hay = [t.subject, ...ctx.store.messagesOf(t.ticketID).map((m) => m.body)].join('\n').toLowerCase();
      if (!hay.includes(search)) return false;
    }
    return true;
  });
}

function ticketPage(ctx: ApContext, auth: ApAuth, tickets: ApTicket[], q: Query): Response {
  const { pageNumber, pageSize } = pageParams(q);
  const sorted = sortTickets(filterTickets(ctx, auth, tickets, q), q);
  const result = paged(sorted, pageNumber, pageSize, ctx.switches);
  return json(200, { ...result, items: result.items.map((t) => ticketDto(t, ctx.store, ctx.switches)) }, ctx.switches);
}

function endUserOf(ctx: ApContext, auth: ApAuth, id: number): ApEndUser {
  const e = ctx.store.endUsers.get(id);
  if (!e || e.tenantId !== auth.tenant.id) throw notFound();
  return e;
}

/** The wire message with this id (a folded reply has none of its own in the `combined` model) and its ticket. */
function wireMessage(ctx: ApContext, auth: ApAuth, id: number) {
  const stored = ctx.store.messages.get(id);
  if (!stored) throw notFound();
  const ticket = readableTicket(ctx, auth, stored.ticketID);
  const { list } = wireMessages(ctx.store, ticket.ticketID, ctx.switches);
  const w = list.find((m) => m.id === id);
  if (!w) throw notFound();
  return { w, ticket };
}

function normalizePhone(uid: string): string {
  const trimmed = uid.trim();
  const plus = trimmed.startsWith('+') || trimmed.startsWith('00');
  const digits = trimmed.replace(/^00/, '').replace(/\D/g, '');
  return plus ? `+${digits}` : digits;
}

function uidsFrom(body: Body): { uidType: string; uid: string; isPrimary: boolean }[] {
  const raw = field(body, 'uids');
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw validation('uids', 'The JSON value could not be converted to List<UidDTO>. Path: $.uids');
  return raw.map((item, i) => {
    if (!item || typeof item !== 'object') throw validation(`uids[${i}]`, 'Invalid UID.');
    const b = item as Body;
    const uidType = str(b, 'uidType') ?? 'Email';
    let uid = (str(b, 'uid', { required: true, max: 254 }) ?? '').trim();
    if (uidType.toLowerCase() === 'email' && !isEmail(uid)) throw validation(`uids[${i}].uid`, `'${uid}' is not a valid email address.`);
    if (uidType.toLowerCase() === 'phone') uid = normalizePhone(uid);
    return { uidType, uid, isPrimary: bool(b, 'isPrimary') ?? false };
  });
}

/** 409 `DuplicateUid` unless the `duplicate_uid` switch lets a second end user have it. */
function checkDuplicateUids(ctx: ApContext, auth: ApAuth, uids: string[], except?: ApEndUser): void {
  if (ctx.switches.duplicateUid === 'create_second') return;
  for (const uid of uids) {
    const owner = ctx.store.endUserOwningUid(auth.tenant.id, uid, ctx.switches.uidMatch);
    if (owner && owner !== except) {
      throw new AnswerPalError(409, `The UID '${uid}' is already assigned to another end user.`, { code: 'DuplicateUid' });
    }
  }
}

const AUTO_REPLY = 'Thank you for contacting us. We have received your message and will answer within one business day.';

/** The automation configured for incoming messages (`pipeline`). */
function runPipeline(ctx: ApContext, ticket: ApTicket, message: ApMessage): void {
  const now = ctx.now();
  switch (ctx.switches.pipeline) {
    case 'auto_reply':
      ctx.store.addMessage(ticket, {
        isIncoming: false,
        isSent: true,
        isAiGenerated: true,
        replyToID: message.ticketMessageID,
        toAddress: message.uid,
        dateCreated: now,
        dateSent: now,
        body: AUTO_REPLY,
      });
      break;
    case 'mark_spam':
      ticket.isSpam = true;
      break;
    case 'auto_close':
      ticket.isClosed = true;
      ticket.status = 'Closed';
      ticket.closeDate = now;
      break;
    default:
  }
}

function newTicketProcessing(ctx: ApContext): Pick<ApTicket, 'isProcessed' | 'processAt'> {
  const delay = ctx.switches.processedDelayMs;
  return delay > 0 ? { isProcessed: false, processAt: ctx.now() + delay } : { isProcessed: true, processAt: null };
}

function dispositionFor(fileName: string | null, contentType: string): string {
  if (INLINE_TYPES.has(contentType.toLowerCase())) return 'inline';
  const name = fileName?.trim() || 'download.bin';
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

function streamOf(chunks: Uint8Array[]): ReadableStream<Uint8Array> {
  let i = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[i++];
      if (chunk) controller.enqueue(chunk.slice());
      else controller.close();
    },
  });
}

// ---------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------

const routes: Route[] = [];
const route = (method: string, path: string, handler: Handler) => {
  const source = path.replace(/\{int\}/g, '(-?\\d+)').replace(/\{any\}/g, '([^/]+)');
  routes.push({ method, pattern: new RegExp(`^${source}/?$`, 'i'), handler });
};

// Login. Not behind the bearer check.
route('POST', '/api/Auth/login', async (ctx, request) => {
  const body = await readObject(request);
  const errors: Record<string, string[]> = {};
  const read = (name: string) => {
    const v = field(body, name);
    if (typeof v !== 'string' || v.trim() === '') errors[name] = [`The ${name} field is required.`];
    return typeof v === 'string' ? v : '';
  };
  const username = read('username');
  const password = read('password');
  const hostname = read('hostname');
  if (Object.keys(errors).length) throw new AnswerPalError(400, 'One or more validation errors occurred.', { errors });
  const bypass = hostname.trim().toLowerCase() === 'localhost';
  const rep = ctx.store
    .repByUsername(username.trim())
    .find((r) => bypass || ctx.store.tenants.get(r.tenantId)?.hostname.toLowerCase() === hostname.trim().toLowerCase());
  if (!rep || rep.password !== password || !rep.active || rep.deleted) throw new AnswerPalError(401, 'Invalid username or password.');
  ctx.logins++;
  return json(200, { token: await issueToken(ctx, rep) }, ctx.switches);
});

// E1 — end users by UID or customerRef.
route('GET', '/api/EndUsers/byUid', async (ctx, request) => {
  const auth = await authenticate(ctx, request);
  const uid = new Query(new URL(request.url)).get('uid')?.trim();
  if (!uid) throw validation('uid', 'The uid field is required.');
  return json(200, ctx.store.findEndUsersByUid(auth.tenant.id, uid, ctx.switches.uidMatch).map(endUserDto), ctx.switches);
});

// E2 — create an end user.
route('POST', '/api/EndUsers', async (ctx, request) => {
  const auth = await authenticate(ctx, request);
  const body = await readObject(request);
  const customerType = str(body, 'customerType') ?? '';
  if (!['', 'lead', 'customer', 'partner'].includes(customerType.toLowerCase())) {
    throw validation('customerType', "customerType must be 'Lead', 'Customer', 'Partner' or empty.");
  }
  const uids = uidsFrom(body);
  checkDuplicateUids(ctx, auth, uids.map((u) => u.uid));
  const text = (name: string) => str(body, name) ?? null;
  const e = ctx.store.addEndUser(auth.tenant.id, {
    name: text('name'),
    firstname: text('firstname'),
    lastname: text('lastname'),
    gender: text('gender'),
    otherContactDetails: text('otherContactDetails'),
    aiDocumentation: text('aiDocumentation'),
    customerRef: text('customerRef'),
    customerType: customerType === '' ? 'Lead' : customerType.charAt(0).toUpperCase() + customerType.slice(1).toLowerCase(),
    country: text('country'),
    lang: text('lang'),
    street: text('street'),
    houseNumber: text('houseNumber'),
    postalCode: text('postalCode'),
    city: text('city'),
    company: text('company'),
    uids,
  });
  return json(ctx.switches.createStatus, endUserDto(e), ctx.switches);
});

// E3 — one end user.
route('GET', '/api/EndUsers/{int}', async (ctx, request, [id]) => {
  const auth = await authenticate(ctx, request);
  return json(200, endUserDto(endUserOf(ctx, auth, Number(id))), ctx.switches);
});

// E4 — the end user's tickets (all UIDs plus customerRef).
route('GET', '/api/EndUsers/{int}/tickets', async (ctx, request, [id]) => {
  const auth = await authenticate(ctx, request);
  const e = endUserOf(ctx, auth, Number(id));
  ctx.store.settle(ctx.now());
  return ticketPage(ctx, auth, ctx.store.ticketsOfEndUser(e, ctx.switches.uidMatch), new Query(new URL(request.url)));
});

// Assign a UID to an end user.
route('POST', '/api/EndUserUIDs/assign', async (ctx, request) => {
  const auth = await authenticate(ctx, request);
  const body = await readObject(request);
  const e = endUserOf(ctx, auth, int(body, 'endUserID', { required: true }) ?? 0);
  const [uid] = uidsFrom({ uids: [{ uid: str(body, 'uid', { required: true }), uidType: str(body, 'uidType') ?? 'Email', isPrimary: bool(body, 'isPrimary') ?? false }] });
  if (!uid) throw validation('uid', 'The uid field is required.');
  if (!e.uids.some((u) => sameUid(u.uid, uid.uid, ctx.switches.uidMatch))) {
    checkDuplicateUids(ctx, auth, [uid.uid], e);
    ctx.store.addUid(e, uid);
  }
  return json(200, endUserDto(e), ctx.switches);
});

// T1 — ticket list.
route('GET', '/api/Tickets', async (ctx, request) => {
  const auth = await authenticate(ctx, request);
  const q = new Query(new URL(request.url));
  ctx.store.settle(ctx.now());
  let tickets = [...ctx.store.tickets.values()];
  const endUserID = q.int('endUserID');
  if (endUserID !== undefined) {
    const e = ctx.store.endUsers.get(endUserID);
    tickets = e && e.tenantId === auth.tenant.id ? tickets.filter((t) => t.endUserID === e.endUserID || e.uids.some((u) => sameUid(t.uid, u.uid, ctx.switches.uidMatch))) : [];
  }
  return ticketPage(ctx, auth, tickets, q);
});

// T4 — bulk actions. Before `/api/Tickets/{id}` so `bulk` isn't read as an id (it isn't numeric anyway).
route('PUT', '/api/Tickets/bulk', async (ctx, request) => {
  const auth = await authenticate(ctx, request);
  const body = await readObject(request);
  const ids = field(body, 'ticketIDs');
  if (!Array.isArray(ids) || ids.length === 0 || !ids.every((i) => Number.isInteger(i))) throw validation('ticketIDs', 'The ticketIDs field is required.');
  const action = (str(body, 'action', { required: true }) ?? '').toLowerCase();
  if (!BULK_ACTIONS.has(action)) throw validation('action', `Unknown action '${action}'.`);
  const repId = int(body, 'customerRepID');
  if (repId !== undefined && repId > 0 && ctx.store.reps.get(repId)?.tenantId !== auth.tenant.id) throw validation('customerRepID', 'Unknown representative.');
  // All or nothing: every id is checked before anything changes.
  const tickets = (ids as number[]).map((id) => readableTicket(ctx, auth, id));
  const now = ctx.now();
  for (const t of tickets) {
    if (action === 'close' || (action === 'invertstate' && !t.isClosed)) {
      t.isClosed = true;
      t.status = 'Closed';
      t.closeDate = now;
    } else if (action === 'open' || action === 'invertstate') {
      t.isClosed = false;
      t.status = 'Open';
      t.closeDate = null;
    } else if (action === 'spam') t.isSpam = true;
    else if (action === 'notspam') t.isSpam = false;
    else if (action === 'read') t.isRead = true;
    else if (action === 'delete' || action === 'deletecleanup') t.deleted = true;
    if (repId !== undefined) t.customerRepID = repId === 0 ? null : repId;
  }
  return noContent();
});

// T2 — ticket detail.
route('GET', '/api/Tickets/{int}', async (ctx, request, [id]) => {
  const auth = await authenticate(ctx, request);
  return json(200, ticketDto(readableTicket(ctx, auth, Number(id)), ctx.store, ctx.switches), ctx.switches);
});

// T3 — create a ticket (metadata only).
route('POST', '/api/Tickets', async (ctx, request) => {
  const auth = await authenticate(ctx, request);
  const body = await readObject(request);
  const status = str(body, 'status', { required: true }) ?? 'Open';
  const subject = str(body, 'subject', { required: true }) ?? '';
  const channelType = str(body, 'channelType', { required: true, max: 20 }) ?? '';
  const uid = str(body, 'uid', { max: 254 })?.trim() ?? null;
  const channelID = int(body, 'channelID') ?? null;
  if (channelID !== null && ctx.store.channels.get(channelID)?.tenantId !== auth.tenant.id) throw validation('channelID', 'Unknown channel.');
  const ticket = ctx.store.addTicket(auth.tenant.id, {
    status,
    subject,
    channelType,
    channelID,
    uid,
    isClosed: bool(body, 'isClosed') ?? false,
    isSpam: bool(body, 'isSpam') ?? false,
    isImportant: bool(body, 'isImportant') ?? false,
    escalated: bool(body, 'escalated') ?? false,
    customerRepID: int(body, 'customerRepID') ?? null,
    followUpDate: date(body, 'followUpDate') ?? null,
    endUserID: int(body, 'endUserID') ?? (uid ? (ctx.store.endUserOwningUid(auth.tenant.id, uid, ctx.switches.uidMatch)?.endUserID ?? null) : null),
    ...newTicketProcessing(ctx),
  });
  return json(ctx.switches.createStatus, ticketDto(ticket, ctx.store, ctx.switches), ctx.switches);
});

// T5 — JSON Patch.
const PATCHABLE: Record<string, (t: ApTicket, v: unknown, now: number) => void> = {
  '/isclosed': (t, v, now) => {
    if (typeof v !== 'boolean') throw validation('isClosed', 'isClosed must be a boolean.');
    t.isClosed = v;
    t.closeDate = v ? now : null;
  },
  '/status': (t, v) => {
    if (typeof v !== 'string' || !v.trim()) throw validation('status', 'status must be a string.');
    t.status = v;
  },
  '/subject': (t, v) => {
    if (typeof v !== 'string' || !v.trim()) throw validation('subject', 'subject must be a string.');
    t.subject = v;
  },
  '/isspam': (t, v) => {
    if (typeof v !== 'boolean') throw validation('isSpam', 'isSpam must be a boolean.');
    t.isSpam = v;
  },
  '/isimportant': (t, v) => {
    if (typeof v !== 'boolean') throw validation('isImportant', 'isImportant must be a boolean.');
    t.isImportant = v;
  },
  '/escalated': (t, v) => {
    if (typeof v !== 'boolean') throw validation('escalated', 'escalated must be a boolean.');
    t.escalated = v;
  },
  '/followupdate': (t, v) => {
    t.followUpDate = date({ followUpDate: v }, 'followUpDate') ?? null;
  },
  '/customerrepid': (t, v) => {
    if (v !== null && !Number.isInteger(v)) throw validation('customerRepID', 'customerRepID must be an integer.');
    t.customerRepID = (v as number | null) || null;
  },
};

route('PATCH', '/api/Tickets/{int}', async (ctx, request, [id]) => {
  const auth = await authenticate(ctx, request);
  const type = (request.headers.get('content-type') ?? '').toLowerCase();
  if (!type.startsWith('application/json-patch+json') && !type.startsWith('application/json')) {
    throw new AnswerPalError(415, 'Unsupported Media Type');
  }
  const ticket = readableTicket(ctx, auth, Number(id));
  const ops = await readJsonBody(request);
  if (!Array.isArray(ops) || ops.length === 0) throw validation('patch', 'A JSON Patch document (array of operations) is required.');
  const apply: (() => void)[] = [];
  for (const op of ops as Body[]) {
    const kind = String(field(op, 'op') ?? '').toLowerCase();
    const path = String(field(op, 'path') ?? '').toLowerCase();
    const setter = PATCHABLE[path];
    if ((kind !== 'replace' && kind !== 'add') || !setter) throw validation('patch', `Unsupported operation '${kind}' on '${path}'.`);
    const value = field(op, 'value');
    apply.push(() => setter(ticket, value, ctx.now()));
  }
  for (const f of apply) f();
  return noContent();
});

// M1 — messages of a ticket (oldest first by default).
route('GET', '/api/TicketMessages', async (ctx, request) => {
  const auth = await authenticate(ctx, request);
  const q = new Query(new URL(request.url));
  const ticketId = q.int('ticketId');
  if (ticketId === undefined) throw validation('ticketId', 'The ticketId field is required.');
  const ticket = readableTicket(ctx, auth, ticketId);
  const { pageNumber, pageSize } = pageParams(q);
  let list = wireMessages(ctx.store, ticket.ticketID, ctx.switches).list;
  if ((q.get('sortOrder') ?? 'asc').toLowerCase() === 'desc') list = [...list].reverse();
  const result = paged(list, pageNumber, pageSize, ctx.switches);
  return json(200, { ...result, items: result.items.map((m) => messageDto(m, ctx.switches)) }, ctx.switches);
});

// M3 — create a ticket with its first message, or add a message to a ticket.
route('POST', '/api/TicketMessages/create-new', async (ctx, request) => {
  const auth = await authenticate(ctx, request);
  const body = await readObject(request);
  const text = str(body, 'body', { required: true }) ?? '';
  const uid = (str(body, 'uid', { required: true, max: 254 }) ?? '').trim();
  const channelID = int(body, 'channelID', { required: true }) ?? 0;
  const channel = ctx.store.channels.get(channelID);
  if (!channel || channel.tenantId !== auth.tenant.id) throw validation('channelID', 'Unknown channel.');
  const ticketID = int(body, 'ticketID');
  const isIncoming = bool(body, 'isIncoming') ?? true;
  let ticket: ApTicket;
  if (ticketID === undefined || ticketID === 0) {
    const subject = str(body, 'subject', { required: true }) ?? '';
    ticket = ctx.store.addTicket(auth.tenant.id, {
      subject,
      status: 'Open',
      channelID: channel.channelID,
      channelType: channel.channelType,
      uid,
      endUserID: ctx.store.endUserOwningUid(auth.tenant.id, uid, ctx.switches.uidMatch)?.endUserID ?? null,
      ...newTicketProcessing(ctx),
    });
  } else {
    ticket = readableTicket(ctx, auth, ticketID);
  }
  const now = ctx.now();
  const message = ctx.store.addMessage(ticket, {
    isIncoming,
    uid,
    fromAddress: isIncoming ? uid : channel.name,
    toAddress: isIncoming ? channel.name : uid,
    body: text,
    dateCreated: now,
  });
  const { list } = wireMessages(ctx.store, ticket.ticketID, ctx.switches);
  const created = list.find((m) => m.id === message.ticketMessageID);
  const response = json(ctx.switches.createStatus, created ? messageDto(created, ctx.switches) : {}, ctx.switches);
  // Automation runs after the message is stored (its effects show on later reads).
  if (isIncoming) runPipeline(ctx, ticket, message);
  return response;
});

// M4 — raw message into an existing ticket.
route('POST', '/api/TicketMessages', async (ctx, request) => {
  const auth = await authenticate(ctx, request);
  const body = await readObject(request);
  const ticket = readableTicket(ctx, auth, int(body, 'ticketID', { required: true }) ?? 0);
  const message = ctx.store.addMessage(ticket, {
    isIncoming: bool(body, 'isIncoming') ?? false,
    body: str(body, 'body', { required: true }) ?? '',
    isDraft: bool(body, 'isDraft') ?? false,
    isSent: bool(body, 'isSent') ?? false,
    isForward: bool(body, 'isForward') ?? false,
    isAiGenerated: bool(body, 'isAiGenerated') ?? false,
    fromAddress: str(body, 'fromAddress') ?? null,
    toAddress: str(body, 'toAddress') ?? null,
    ccAddress: str(body, 'ccAddress') ?? null,
    uid: str(body, 'uid') ?? null,
    dateCreated: ctx.now(),
  });
  const w = wireMessages(ctx.store, ticket.ticketID, ctx.switches).list.find((m) => m.id === message.ticketMessageID);
  return json(ctx.switches.createStatus, w ? messageDto(w, ctx.switches) : {}, ctx.switches);
});

// M2 — one message.
route('GET', '/api/TicketMessages/{int}', async (ctx, request, [id]) => {
  const auth = await authenticate(ctx, request);
  return json(200, messageDto(wireMessage(ctx, auth, Number(id)).w, ctx.switches), ctx.switches);
});

// F1 — attachment metadata of a message (with the public access token).
route('GET', '/api/TicketMessages/{int}/attachments', async (ctx, request, [id]) => {
  const auth = await authenticate(ctx, request);
  const { w } = wireMessage(ctx, auth, Number(id));
  const stored = [w.record, ...(w.reply ? [w.reply] : [])];
  const files = stored.flatMap((m) => ctx.store.attachmentsOf(m.ticketMessageID));
  return json(200, files.map((a) => attachmentDto(a, w.id, ctx.switches)), ctx.switches);
});

// F2 — upload (multipart, field `file`; 50 MB per file, 60 MB per request, enforced while streaming).
route('POST', '/api/TicketMessages/{int}/attachments', async (ctx, request, [id]) => {
  const auth = await authenticate(ctx, request);
  const { w } = wireMessage(ctx, auth, Number(id));
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > REQUEST_LIMIT) throw new AnswerPalError(413, 'Request body too large.');
  const boundary = boundaryOf(request.headers.get('content-type'));
  if (!boundary) throw new AnswerPalError(415, 'Unsupported Media Type');
  let cutAfterBytes: number | null = null;
  if (ctx.cutUploads) {
    cutAfterBytes = ctx.cutUploads.afterBytes;
    if (ctx.cutUploads.remaining !== null && --ctx.cutUploads.remaining <= 0) ctx.cutUploads = null;
  }
  const result = await readMultipart(request.body, boundary, { field: 'file', maxFileBytes: FILE_LIMIT, maxRequestBytes: REQUEST_LIMIT, cutAfterBytes });
  if (!result.ok) {
    if (result.reason === 'cut') return new Response(null, { status: 599, headers: { [DROP_HEADER]: '1' } });
    if (result.reason === 'too-large' || result.reason === 'file-too-large') {
      throw new AnswerPalError(413, result.reason === 'too-large' ? 'Request body too large.' : 'The file exceeds the maximum size of 50 MB.');
    }
    throw new AnswerPalError(400, 'Failed to read the request form.', { errors: { file: ['The multipart body is incomplete or malformed.'] } });
  }
  if (!result.file) throw validation('file', 'The file field is required.');
  const attachment = ctx.store.addAttachment(w.record, {
    fileName: result.file.filename,
    contentType: result.file.contentType,
    bytes: result.file.chunks,
    // Uploaded with a representative's token: AnswerPal records the representative as provider.
    isCustomerRepProvided: true,
    isEndUserProvided: false,
  });
  return json(ctx.switches.createStatus, attachmentDto(attachment, w.id, ctx.switches), ctx.switches);
});

// F3 — delete an attachment.
route('DELETE', '/api/TicketMessages/{int}/attachments/{int}', async (ctx, request, [id, attachmentId]) => {
  const auth = await authenticate(ctx, request);
  const { w } = wireMessage(ctx, auth, Number(id));
  const a = ctx.store.attachments.get(Number(attachmentId));
  const owners = new Set([w.record.ticketMessageID, w.reply?.ticketMessageID]);
  if (!a || !owners.has(a.messageID)) throw notFound();
  ctx.store.attachments.delete(a.ticketMessageAttachmentID);
  return noContent();
});

// F4 — the bytes, to anyone holding the access token.
route('GET', '/api/File/{any}', async (ctx, _request, [token]) => {
  if (!token || !GUID.test(token)) throw notFound();
  const a = ctx.store.attachmentByToken(token);
  if (!a) throw notFound();
  const contentType = a.contentType?.trim() || 'application/octet-stream';
  return new Response(streamOf(a.chunks), {
    status: 200,
    headers: {
      'content-type': contentType,
      'content-length': String(a.fileSizeBytes),
      'content-disposition': dispositionFor(a.fileName, contentType),
    },
  });
});

/** Answers an `/api/...` request, or null when no route matches the path. */
export async function dispatchApi(ctx: ApContext, request: Request): Promise<Response | null> {
  const path = new URL(request.url).pathname;
  let pathMatched = false;
  for (const r of routes) {
    const match = r.pattern.exec(path);
    if (!match) continue;
    pathMatched = true;
    if (r.method !== request.method) continue;
    return r.handler(ctx, request, match.slice(1));
  }
  if (pathMatched) return new Response(null, { status: 405 });
  return null;
}
