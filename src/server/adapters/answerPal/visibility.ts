import type { BackendMessage } from '../../gateway/backend';
import { iso, uidKey, type UpAttachment, type UpMessage } from './dto';

/**
 * What of an AnswerPal conversation a customer may see: an allowlist, fail
 * closed. AnswerPal's message DTO is unpublished, so the rule reads the
 * contract's placeholder fields and hides whatever it can't place:
 *
 * - an incoming message (`isIncoming === true`) is the customer's when its
 *   `uid` is one of theirs (or absent); incoming mail from anyone else (a third
 *   party answering a forward) is hidden;
 * - outbound text (`responseText` on an incoming record, or the `body` of an
 *   outbound record) shows only when `isSent === true`, `isDraft !== true`,
 *   `isForward !== true`, and it went to the customer (no `toAddress`, or one
 *   that contains one of their UIDs);
 * - everything else — drafts, unsent AI replies, forwards, notes, records with
 *   missing or odd flags — is internal. Internal parts are returned with an
 *   empty body: the gateway drops them anyway, and nothing hidden travels further than it must.
 */

export type AgentNamePolicy = 'none' | 'first' | 'full';

export interface ThreadContext {
  ticketId: string;
  /** The customer's UIDs, as `uidKey`s. */
  uids: Set<string>;
  agentName: AgentNamePolicy;
  /** The ticket's `customerRepName`, for the agent-name policy. */
  repName: string | null;
}

/** One customer-facing part of an upstream record (a combined record has two). */
export interface MessagePart {
  message: BackendMessage;
  /** The upstream record it came from (attachments hang off records). */
  recordId: number;
  role: 'incoming' | 'reply';
}

export const replyPartId = (recordId: number): string => `${recordId}-reply`;

function addressedToCustomer(toAddress: string | null, uids: Set<string>): boolean {
  if (!toAddress || !toAddress.trim()) return true;
  return toAddress
    .split(/[,;]/)
    .map((a) => uidKey(/<([^>]+)>/.exec(a)?.[1] ?? a))
    .some((a) => uids.has(a));
}

function staffName(policy: AgentNamePolicy, repName: string | null): string | null {
  const name = repName?.trim();
  if (!name || policy === 'none') return null;
  return policy === 'full' ? name : (name.split(/\s+/)[0] ?? null);
}

const outboundVisible = (m: UpMessage, uids: Set<string>) =>
  m.isSent === true && m.isDraft !== true && m.isForward !== true && addressedToCustomer(m.toAddress, uids);

/** Classifies one upstream record into its customer-facing parts (0–2). */
export function classifyRecord(m: UpMessage, ctx: ThreadContext): MessagePart[] {
  const ticketId = m.ticketId === null ? ctx.ticketId : String(m.ticketId);
  const createdAt = iso(m.createdAt ?? 0);
  const parts: MessagePart[] = [];
  const part = (role: MessagePart['role'], visible: boolean, author: BackendMessage['author'], body: string, at: string, authorName: string | null) =>
    parts.push({
      recordId: m.id,
      role,
      message: {
        id: role === 'incoming' ? String(m.id) : replyPartId(m.id),
        ticketId,
        visibility: visible ? 'public' : 'internal',
        author,
        authorName: visible ? authorName : null,
        body: visible ? body : '',
        createdAt: at,
      },
    });

  if (m.isIncoming === true) {
    const fromCustomer = !m.uid || ctx.uids.has(uidKey(m.uid));
    part('incoming', fromCustomer, 'customer', m.body, createdAt, null);
    if (m.responseText !== null && m.responseText.trim() !== '') {
      // The reply prepared for this message (combined model): shown once sent, to the customer.
      const visible = fromCustomer && outboundVisible(m, ctx.uids);
      part('reply', visible, 'staff', m.responseText, iso(m.sentAt ?? m.createdAt ?? 0), m.isAiGenerated === true ? null : staffName(ctx.agentName, ctx.repName));
    }
    return parts;
  }
  // An outbound record (separate model), or one whose direction is unknown (`isIncoming` missing): hidden unless clearly sent to the customer.
  const visible = m.isIncoming === false && outboundVisible(m, ctx.uids);
  const text = m.body.trim() ? m.body : (m.responseText ?? '');
  parts.push({
    recordId: m.id,
    role: 'reply',
    message: {
      id: String(m.id),
      ticketId,
      visibility: visible ? 'public' : 'internal',
      author: 'staff',
      authorName: visible && m.isAiGenerated !== true ? staffName(ctx.agentName, ctx.repName) : null,
      body: visible ? text : '',
      createdAt: iso(m.sentAt ?? m.createdAt ?? 0),
    },
  });
  return parts;
}

/**
 * Which part of a record each of its files belongs to, and whether the
 * customer may see it. Files of a record hang off the record, not a part:
 * on a combined record whose reply is hidden, only files the customer sent
 * (flagged end-user provided, or uploaded by this gateway) are shown.
 */
export function placeAttachment(a: UpAttachment, parts: MessagePart[], uploadedByGateway: boolean): MessagePart | null {
  const incoming = parts.find((p) => p.role === 'incoming' && p.message.visibility === 'public');
  const reply = parts.find((p) => p.role === 'reply' && p.message.visibility === 'public');
  // A record with no reply part: its files are the sender's.
  if (!parts.some((p) => p.role === 'reply')) return incoming ?? null;
  const fromCustomer = uploadedByGateway || (a.isEndUserProvided && !a.isCustomerRepProvided);
  if (incoming && fromCustomer) return incoming;
  if (reply && !fromCustomer) return reply;
  return null;
}

// ---------------------------------------------------------------------------
// Bodies
// ---------------------------------------------------------------------------

const FILE_PATH = /(?:\/|%2f)api(?:\/|%2f)file(?:\/|%2f)\{?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\}?/i;
/** An absolute or relative URL reaching `/api/File/{guid}` (the rest of the URL included). */
const FILE_URL = new RegExp(`(?:https?:\\/\\/[^\\s"'<>()]{0,300}?)?${FILE_PATH.source}[^\\s"'<>()]{0,300}`, 'gi');

export interface LinkedFile {
  id: string;
  name: string;
}

export interface BodyLinks {
  /** accessToken (lower case) → the file, for files the customer may see on this ticket. */
  tokens: Map<string, LinkedFile>;
  /** Inline image content id (lower case) → the file (`cid:` references in email HTML). */
  contentIds: Map<string, LinkedFile>;
  /** Every access token seen for this ticket, visible or not: removed wherever they appear. */
  allTokens: Set<string>;
}

const tokenOf = (url: string): string | null => FILE_PATH.exec(url)?.[1]?.toLowerCase() ?? null;

const attr = (tag: string, name: string): string | null => {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : null;
};

/** 1×1 (or hidden) images are tracking pixels. */
function isTrackingPixel(tag: string): boolean {
  const w = attr(tag, 'width');
  const h = attr(tag, 'height');
  if ((w !== null && Number.parseInt(w, 10) <= 1) || (h !== null && Number.parseInt(h, 10) <= 1)) return true;
  const style = (attr(tag, 'style') ?? '').toLowerCase().replace(/\s+/g, '');
  return /display:none|visibility:hidden|(?:^|;)(?:max-)?(?:width|height):[01]px/.test(style);
}

/**
 * Makes a message body safe to hand on: AnswerPal's public file links become
 * the kit's `attachment:<id>` references when the file is one the customer
 * may see, and disappear otherwise; `cid:` images are mapped the same way;
 * tracking pixels go. (The kit sanitises the rest of the HTML on display.)
 */
export function sanitizeBody(body: string, links: BodyLinks): string {
  const cidKey = (url: string) => /^cid:(.+)$/i.exec(url.trim())?.[1]?.trim().toLowerCase();
  const target = (url: string): LinkedFile | null => {
    const token = tokenOf(url);
    if (token) return links.tokens.get(token) ?? null;
    const cid = cidKey(url);
    return cid ? (links.contentIds.get(cid) ?? null) : null;
  };
  const isFileRef = (url: string) => tokenOf(url) !== null || /^cid:/i.test(url.trim());

  let out = body
    // <img>: file links and cid: mapped or removed; tracking pixels removed.
    .replace(/<img\b[^>]{0,2000}>/gi, (tag) => {
      const src = attr(tag, 'src') ?? '';
      if (isFileRef(src)) {
        const file = target(src);
        if (!file) return '';
        return tag.replace(/\ssrc\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/i, ` src="attachment:${file.id}"`);
      }
      return isTrackingPixel(tag) ? '' : tag;
    })
    // <a href>: file links mapped, or left without an href (plain text).
    .replace(/<a\b[^>]{0,2000}>/gi, (tag) => {
      const href = attr(tag, 'href') ?? '';
      if (!isFileRef(href)) return tag;
      const file = target(href);
      return file ? `<a href="attachment:${file.id}">` : '<a>';
    })
    // Markdown images and links.
    .replace(/(!?)\[([^\]\n]{0,500})\]\(\s{0,20}<?([^)\s>]{1,2000})>?(?:\s{1,20}"[^"\n]{0,500}")?\s{0,20}\)/g, (whole, bang: string, label: string, url: string) => {
      if (!isFileRef(url)) return whole;
      const file = target(url);
      if (!file) return bang ? '' : label;
      return `${bang}[${label}](attachment:${file.id})`;
    })
    // Bare URLs.
    .replace(FILE_URL, (url) => {
      const file = target(url);
      return file ? `[${file.name.replace(/[[\]]/g, '')}](attachment:${file.id})` : '';
    });
  // Anything left that still names a token (odd encodings) goes too.
  for (const token of links.allTokens) if (token) out = out.replace(new RegExp(token.replace(/[-]/g, '\\-'), 'gi'), '');
  return out;
}
