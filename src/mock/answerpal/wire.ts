import type { AnswerPalStore } from './store';
import type { AnswerPalSwitches, ApAttachment, ApEndUser, ApMessage, ApTicket } from './types';

/**
 * How records go on the wire: camelCase with upper-case `ID` suffixes (or
 * PascalCase), ISO dates with or without an offset, `PaginatedResult` with 3
 * or 5 fields, messages in the `combined` or `separate` model, and the error
 * bodies of an ASP.NET Core API.
 */

export const JSON_TYPE = 'application/json; charset=utf-8';
export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

export function wireDate(ms: number | null | undefined, switches: AnswerPalSwitches): string | null {
  if (ms === null || ms === undefined) return null;
  const iso = new Date(ms).toISOString();
  // .NET `DateTime` with an unspecified kind: 7 fraction digits and no offset.
  return switches.dateFormat === 'no_offset' ? `${iso.slice(0, 23)}0000` : iso;
}

const pascal = (key: string) => key.charAt(0).toUpperCase() + key.slice(1);

/** Applies the casing switch to every key except inside free-form dictionaries (`customFieldsData`). */
export function cased(value: unknown, switches: AnswerPalSwitches): unknown {
  if (switches.casing === 'camel') return value;
  if (Array.isArray(value)) return value.map((v) => cased(v, switches));
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[pascal(k)] = k === 'customFieldsData' ? v : cased(v, switches);
    return out;
  }
  return value;
}

export function endUserDto(e: ApEndUser) {
  return {
    endUserID: e.endUserID,
    name: e.name,
    firstname: e.firstname,
    lastname: e.lastname,
    gender: e.gender,
    otherContactDetails: e.otherContactDetails,
    aiDocumentation: e.aiDocumentation,
    customerRef: e.customerRef,
    customerType: e.customerType,
    country: e.country,
    lang: e.lang,
    street: e.street,
    houseNumber: e.houseNumber,
    postalCode: e.postalCode,
    city: e.city,
    company: e.company,
    uids: e.uids.map((u) => ({ endUserUIDID: u.endUserUIDID, uidType: u.uidType, uid: u.uid, isPrimary: u.isPrimary })),
  };
}

export function ticketDto(t: ApTicket, store: AnswerPalStore, switches: AnswerPalSwitches) {
  const d = (ms: number | null) => wireDate(ms, switches);
  const rep = t.customerRepID === null ? undefined : store.reps.get(t.customerRepID);
  const linked = t.uid ? [...store.endUsers.values()].filter((e) => e.tenantId === t.tenantId && e.uids.some((u) => u.uid.toLowerCase() === t.uid?.toLowerCase())) : [];
  return {
    ticketID: t.ticketID,
    token: t.token,
    dateCreated: d(t.dateCreated),
    subject: t.subject,
    status: t.status,
    isClosed: t.isClosed,
    channelType: t.channelType,
    channelID: t.channelID,
    channelName: t.channelID === null ? null : (store.channels.get(t.channelID)?.name ?? null),
    uid: t.uid,
    preview: t.preview,
    summary: t.summary,
    lastMessageDate: d(t.lastMessageDate),
    closeDate: d(t.closeDate),
    endDate: d(t.endDate),
    followUpDate: d(t.followUpDate),
    customerRepID: t.customerRepID,
    customerRepName: rep?.name ?? null,
    escalated: t.escalated,
    isSpam: t.isSpam,
    isImportant: t.isImportant,
    isProcessed: t.isProcessed,
    aiFeedbackComments: t.aiFeedbackComments,
    topics: t.topics,
    endUsers: linked.map(endUserDto),
    hasRecording: t.hasRecording,
    twilio_CallSid: t.twilio_CallSid,
    fromNumber: t.fromNumber,
    toNumber: t.toNumber,
    lastEndUserMessageID: t.lastEndUserMessageID,
    endUserID: t.endUserID,
    customFieldsData: t.customFieldsData,
  };
}

export function attachmentDto(a: ApAttachment, wireMessageId: number, switches: AnswerPalSwitches) {
  return {
    ticketMessageAttachmentID: a.ticketMessageAttachmentID,
    messageID: wireMessageId,
    fileName: a.fileName,
    contentType: a.contentType,
    fileSizeBytes: a.fileSizeBytes,
    createdDateTime: wireDate(a.createdDateTime, switches),
    isEndUserProvided: a.isEndUserProvided,
    isCustomerRepProvided: a.isCustomerRepProvided,
    convertedFromAttachmentID: a.convertedFromAttachmentID,
    contentId: a.contentId,
    accessToken: a.accessToken,
  };
}

/** A message as it exists on the wire: a stored record, plus (combined model) the reply folded into it. */
export interface WireMessage {
  id: number;
  record: ApMessage;
  reply: ApMessage | null;
}

/**
 * The ticket's messages as the active model shows them, oldest first, and
 * which wire message each stored record lives in (a folded reply lives in the
 * message it answers).
 */
export function wireMessages(store: AnswerPalStore, ticketID: number, switches: AnswerPalSwitches): { list: WireMessage[]; home: Map<number, number> } {
  const stored = store.messagesOf(ticketID);
  const home = new Map<number, number>();
  if (switches.messageModel === 'separate') {
    for (const m of stored) home.set(m.ticketMessageID, m.ticketMessageID);
    return { list: stored.map((m) => ({ id: m.ticketMessageID, record: m, reply: null })), home };
  }
  const folded = new Map<number, ApMessage>();
  for (const m of stored) {
    if (m.isIncoming || m.replyToID === null || folded.has(m.replyToID)) continue;
    const target = store.messages.get(m.replyToID);
    if (target && target.isIncoming && target.ticketID === ticketID) folded.set(m.replyToID, m);
  }
  const foldedIds = new Set([...folded.values()].map((m) => m.ticketMessageID));
  const list: WireMessage[] = [];
  for (const m of stored) {
    if (foldedIds.has(m.ticketMessageID)) continue;
    const reply = folded.get(m.ticketMessageID) ?? null;
    home.set(m.ticketMessageID, m.ticketMessageID);
    if (reply) home.set(reply.ticketMessageID, m.ticketMessageID);
    list.push({ id: m.ticketMessageID, record: m, reply });
  }
  return { list, home };
}

export function messageDto(w: WireMessage, switches: AnswerPalSwitches) {
  const { record: m, reply } = w;
  const d = (ms: number | null) => wireDate(ms, switches);
  const flags = reply ?? (m.isIncoming ? null : m);
  return {
    ticketMessageID: w.id,
    ticketID: m.ticketID,
    isIncoming: m.isIncoming,
    body: m.body,
    responseText: reply ? reply.body : null,
    isDraft: flags?.isDraft ?? false,
    isSent: flags?.isSent ?? false,
    isForward: flags?.isForward ?? false,
    isAiGenerated: flags?.isAiGenerated ?? false,
    fromAddress: m.fromAddress,
    toAddress: reply?.toAddress ?? m.toAddress,
    ccAddress: reply?.ccAddress ?? m.ccAddress,
    uid: m.uid,
    dateCreated: d(m.dateCreated),
    dateSent: d(reply?.dateSent ?? m.dateSent),
    customFieldsData: reply?.customFieldsData ?? m.customFieldsData,
  };
}

export function paged<T>(items: T[], pageNumber: number, pageSize: number, switches: AnswerPalSwitches) {
  const totalCount = items.length;
  const totalPages = Math.ceil(totalCount / pageSize);
  const page = items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  return {
    items: page,
    totalCount,
    totalPages,
    ...(switches.pagedFields === 5 ? { pageNumber, pageSize } : {}),
  };
}

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** Thrown by routes; the app formats it in the active `error_style`. */
export class AnswerPalError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  /** Model-validation errors, ASP.NET style (`{ Field: ["message"] }`). */
  readonly errors: Record<string, string[]> | undefined;
  /** Always empty (what ASP.NET's bearer handler and `Forbid()` send), whatever the style. */
  readonly bodyless: boolean;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    message: string,
    extra: { code?: string; errors?: Record<string, string[]>; bodyless?: boolean; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'AnswerPalError';
    this.status = status;
    this.code = extra.code;
    this.errors = extra.errors;
    this.bodyless = extra.bodyless ?? false;
    this.headers = extra.headers ?? {};
  }
}

export const validation = (field: string, message: string) =>
  new AnswerPalError(400, message, { errors: { [field]: [message] } });

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const RFC_SECTION: Record<number, string> = { 400: '15.5.1', 401: '15.5.2', 403: '15.5.4', 404: '15.5.5', 409: '15.5.10', 413: '15.5.14', 415: '15.5.16', 500: '15.6.1', 503: '15.6.4' };

const traceId = () => {
  const hex = (n: number) => Array.from(crypto.getRandomValues(new Uint8Array(n)), (b) => b.toString(16).padStart(2, '0')).join('');
  return `00-${hex(16)}-${hex(8)}-00`;
};

export function errorResponse(error: AnswerPalError, style: AnswerPalSwitches['errorStyle']): Response {
  const { status } = error;
  const title = TITLES[status] ?? 'Error';
  if (status === 429) {
    // The documented rate-limit body, whatever the style.
    return new Response(JSON.stringify({ status, error: title, message: error.message }), {
      status,
      headers: { 'content-type': JSON_TYPE, ...error.headers },
    });
  }
  if (error.bodyless || style === 'empty') return new Response(null, { status, headers: error.headers });
  if (style === 'message') {
    const body = { message: error.message, ...(error.code ? { code: error.code } : {}) };
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': JSON_TYPE, ...error.headers } });
  }
  const body = {
    type: `https://tools.ietf.org/html/rfc9110#section-${RFC_SECTION[status] ?? '15.5.1'}`,
    title: error.errors ? 'One or more validation errors occurred.' : title,
    status,
    ...(error.errors ? { errors: error.errors } : { detail: error.message }),
    ...(error.code ? { code: error.code } : {}),
    traceId: traceId(),
  };
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': PROBLEM_TYPE, ...error.headers } });
}

export function json(status: number, body: unknown, switches: AnswerPalSwitches): Response {
  return new Response(JSON.stringify(cased(body, switches)), { status, headers: { 'content-type': JSON_TYPE } });
}
