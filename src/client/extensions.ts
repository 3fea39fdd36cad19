import type { PortalApiError } from './errors';
import type {
  HelpArticle,
  ListTicketsParams,
  MutationOptions,
  PortalClient,
  PortalCapabilities,
  PortalFeatures,
  PortalLimits,
  PortalStatus,
  PortalTokenResponse,
  RatingScale,
  Ticket,
  TicketFieldType,
  TicketFormField,
  TicketFormSchema,
  TicketPage,
  TicketRating,
  TokenResult,
} from './types';
import { readTokenResponse, verifyLink } from './tokenResponse';

// The client methods, normalisers (null: not the object expected) and field rules for the gateway's protocol
// extensions, loaded on first use. Defensive like the rest of the client: a missing or odd field
// turns a feature off, never on.

type Obj = Record<string, unknown>;

// Nothing but types is imported: a chunk loaded on demand that shared modules
// with the entry would make bundlers split those into chunks of their own.
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const positive = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : null);
/** Backend text shown to customers: trimmed and bounded, so a hostile value can only be long. */
export const shortText = (v: unknown, max = 200): string => (str(v) ?? '').trim().slice(0, max);
/** Only hex colours reach a style attribute. */
const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const SCALES: readonly RatingScale[] = ['thumbs', 'scale5', 'scale10'];
const FEATURES = ['form', 'search', 'multiStatus', 'close', 'reopen', 'rating', 'articles', 'attachments', 'events'] as const;

function normalizeStatus(raw: unknown): PortalStatus | null {
  if (!isObject(raw)) return null;
  const key = shortText(raw.key, 64).toLowerCase();
  if (!key) return null;
  const color = str(raw.color)?.trim() ?? '';
  return { key, label: shortText(raw.label, 64) || key, color: HEX.test(color) ? color : null, closed: raw.closed === true };
}

export function normalizeCapabilities(raw: unknown): PortalCapabilities | null {
  if (!isObject(raw)) return null;
  const f: Obj = isObject(raw.features) ? raw.features : {};
  const features = Object.fromEntries(FEATURES.map((k) => [k, f[k] === true])) as unknown as PortalFeatures;
  const scale = isObject(raw.rating) ? str(raw.rating.scale) : null;
  const rating = scale && (SCALES as string[]).includes(scale) ? { scale: scale as RatingScale } : null;
  // A rating feature without a scale we know cannot be shown.
  features.rating = features.rating && rating !== null;
  const seen = new Set<string>();
  const statuses: PortalStatus[] = [];
  for (const s of list(raw.statuses)) {
    const status = normalizeStatus(s);
    if (status && !seen.has(status.key)) {
      seen.add(status.key);
      statuses.push(status);
    }
  }
  const l: Obj = isObject(raw.limits) ? raw.limits : {};
  const limits: PortalLimits = {
    maxFileSize: positive(l.maxFileSize),
    maxFiles: positive(l.maxFiles),
    accept: list(l.accept).filter((a): a is string => typeof a === 'string' && a.trim() !== ''),
    titleMaxLength: positive(l.titleMaxLength),
    bodyMaxLength: positive(l.bodyMaxLength),
  };
  return { backend: shortText(raw.backend, 64), features, statuses, limits, rating: features.rating ? rating : null };
}

const FIELD_TYPES: readonly TicketFieldType[] = ['text', 'textarea', 'number', 'boolean', 'date', 'select', 'multiselect', 'url'];
const KEY = /^[A-Za-z0-9_.:-]{1,100}$/;

function normalizeField(raw: unknown): TicketFormField | null {
  if (!isObject(raw) || raw.showOnCreate === false) return null;
  const key = str(raw.key);
  const type = str(raw.type) as TicketFieldType | null;
  // A field we cannot draw is left out; the server still names it if it was required.
  if (!key || !KEY.test(key) || !type || !FIELD_TYPES.includes(type)) return null;
  const options = list(raw.options).flatMap((o) => {
    const value = isObject(o) ? str(o.value) : null;
    return value ? [{ value, label: shortText((o as Obj).label) || value }] : [];
  });
  if ((type === 'select' || type === 'multiselect') && options.length === 0) return null;
  return {
    key,
    label: shortText(raw.label) || key,
    type,
    required: raw.required === true,
    options,
    placeholder: shortText(raw.placeholder) || null,
    helpText: shortText(raw.helpText, 500) || null,
  };
}

const unique = <T>(items: T[], id: (item: T) => string) => {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(id(item)) && !!seen.add(id(item)));
};

export function normalizeTicketForm(raw: unknown): TicketFormSchema | null {
  if (!isObject(raw)) return null;
  const categories = list(raw.categories).flatMap((c) => {
    const id = isObject(c) ? str(c.id) : null;
    return id ? [{ id, name: shortText((c as Obj).name) || id, description: shortText((c as Obj).description, 500) || null }] : [];
  });
  const priorities = list(raw.priorities).flatMap((p) => {
    const key = isObject(p) ? str(p.key) : null;
    return key ? [{ key, label: shortText((p as Obj).label) || key }] : [];
  });
  const fields = list(raw.fields).flatMap((f) => normalizeField(f) ?? []);
  return { categories: unique(categories, (c) => c.id), priorities: unique(priorities, (p) => p.key), fields: unique(fields, (f) => f.key) };
}

/** An absolute http(s) URL, or null: a `javascript:` or relative link never becomes an href. */
export function safeHttpUrl(value: unknown): string | null {
  try {
    const url = new URL(str(value) ?? '');
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

export function normalizeArticles(raw: unknown): HelpArticle[] {
  const items = Array.isArray(raw) ? raw : isObject(raw) ? list(raw.data) : [];
  const articles = items.flatMap((a) => {
    if (!isObject(a)) return [];
    const url = safeHttpUrl(a.url);
    const title = shortText(a.title, 300);
    return url && title ? [{ id: shortText(String(a.id ?? url), 200), title, snippet: shortText(a.snippet, 500), url }] : [];
  });
  return unique(articles, (a) => a.id);
}

/** What is wrong with a custom field's value; the styled layer words it as the server does. */
export type CustomFieldIssue =
  | { code: 'required' }
  | { code: 'too-long'; max: number }
  | { code: 'invalid'; expected: 'number' | 'date' | 'url' | 'option' };

/** A value the form holds for a custom field. */
export type CustomFieldValue = string | number | boolean | string[] | null | undefined;

const TEXT_MAX = { text: 1000, textarea: 10_000, url: 2000 } as const;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const blank = (v: CustomFieldValue) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

function isDate(text: string) {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * The value to send for a field (null: leave it out), or its issue. The same
 * rules the gateway applies, so a form that passes here passes there.
 */
export function checkCustomField(field: TicketFormField, value: CustomFieldValue): { value: string | number | boolean | string[] | null } | { issue: CustomFieldIssue } {
  if (blank(value)) return field.required ? { issue: { code: 'required' } } : { value: null };
  const allowed = field.options.map((o) => o.value);
  const text = typeof value === 'string' ? value.trim() : String(value);
  switch (field.type) {
    case 'number': {
      const n = typeof value === 'number' ? value : Number(text);
      return Number.isFinite(n) ? { value: n } : { issue: { code: 'invalid', expected: 'number' } };
    }
    case 'boolean':
      return { value: value === true || value === 'true' };
    case 'date':
      return isDate(text) ? { value: text } : { issue: { code: 'invalid', expected: 'date' } };
    case 'select':
      return allowed.includes(text) ? { value: text } : { issue: { code: 'invalid', expected: 'option' } };
    case 'multiselect': {
      const picked = Array.isArray(value) ? value.filter((v) => allowed.includes(v)) : [];
      if (picked.length === 0) return field.required ? { issue: { code: 'required' } } : { value: null };
      return { value: [...new Set(picked)] };
    }
    case 'url':
      if (text.length > TEXT_MAX.url) return { issue: { code: 'too-long', max: TEXT_MAX.url } };
      return safeHttpUrl(text) ? { value: text } : { issue: { code: 'invalid', expected: 'url' } };
    default: {
      const max = TEXT_MAX[field.type];
      const out = field.type === 'text' ? text : String(value);
      return out.length > max ? { issue: { code: 'too-long', max } } : { value: out };
    }
  }
}

/** What the gateway methods need of the client (they run on its requests and error types). */
export interface GatewayCore {
  keyed(path: string, body: unknown, options?: MutationOptions): Promise<unknown>;
  post(path: string, body: unknown, signal?: AbortSignal): Promise<unknown>;
  /** GET of an extension endpoint; `none` when the API has no extensions (404). */
  extension(path: string, signal?: AbortSignal, query?: Record<string, string | number | undefined>): Promise<unknown>;
  none: unknown;
  ticket(raw: unknown): Ticket;
  setToken(result: TokenResult): void;
  listTickets: PortalClient['listTickets'];
  invalid(message: string): PortalApiError;
  ticketPath(id: string): string;
}

type GatewayMethods = Pick<
  PortalClient,
  'getTicketForm' | 'searchArticles' | 'closeTicket' | 'reopenTicket' | 'rateTicket' | 'listAllTickets' | 'refresh'
> & {
  capabilities(raw: Promise<unknown>): Promise<PortalCapabilities | null>;
  rating(raw: unknown): TicketRating;
  /** Reads a token answer (a renewal's, here and in the client). */
  token(raw: unknown): PortalTokenResponse;
};

// Magic-link verification (verifyMagicLink) loads this chunk for them.
export { verifyLink };

/**
 * The client's methods for features only the gateway has (the Dispatch portal
 * API answers them 404), and its rarely used ones (`listAllTickets`, `refresh`).
 */
export function gatewayMethods(c: GatewayCore): GatewayMethods {
  function rating(raw: unknown): TicketRating {
    if (!isObject(raw)) throw c.invalid('Expected a rating object in the response');
    const scale = SCALES.find((s) => s === raw.scale) ?? 'scale5';
    const value = raw.rating;
    return {
      rating: typeof value === 'number' && Number.isFinite(value) ? value : 0,
      comment: str(raw.comment) || null,
      scale,
      createdAt: str(raw.createdAt) ?? '',
    };
  }
  // null: the API has no extensions; an answer that is not the object expected is an error.
  async function read<T>(raw$: Promise<unknown>, path: string, normalize: (raw: unknown) => T | null): Promise<T | null> {
    const raw = await raw$;
    if (raw === c.none) return null;
    const value = normalize(raw);
    if (value === null) throw c.invalid(`Expected an object from ${path}`);
    return value;
  }
  const token = (raw: unknown) => readTokenResponse(raw, c.invalid);
  return {
    rating,
    token,
    capabilities: (raw) => read(raw, 'portal/capabilities', normalizeCapabilities),
    getTicketForm: (o) => read(c.extension('portal/form', o?.signal), 'portal/form', normalizeTicketForm),
    searchArticles: async (query, o) =>
      (await read(
        c.extension('portal/articles', o?.signal, { query: query.trim().slice(0, 200), limit: o?.limit ?? 5 }),
        'portal/articles',
        normalizeArticles,
      )) ?? [],
    closeTicket: async (id, o) => c.ticket(await c.keyed(`${c.ticketPath(id)}/close`, {}, o)),
    reopenTicket: async (id, o) => c.ticket(await c.keyed(`${c.ticketPath(id)}/reopen`, {}, o)),
    rateTicket: async (id, { rating: value, comment }, o) =>
      rating(await c.keyed(`${c.ticketPath(id)}/rating`, { rating: value, ...(comment?.trim() ? { comment: comment.trim() } : {}) }, o)),
    async *listAllTickets(params: ListTicketsParams = {}, o) {
      let cursor = params.cursor ?? null;
      const seen = new Set(cursor ? [cursor] : []);
      for (;;) {
        const page: TicketPage = await c.listTickets({ ...params, cursor }, o);
        yield page;
        // A repeated cursor would loop forever; stop rather than trust the server.
        if (!page.hasMore || !page.nextCursor || seen.has(page.nextCursor)) return;
        seen.add((cursor = page.nextCursor));
      }
    },
    async refresh(o) {
      const result = token(await c.post('portal/refresh', undefined, o?.signal));
      c.setToken(result);
      return result;
    },
  };
}
