import type { SwitchLabsStore } from './store';
import type { SwitchLabsSwitches } from './switches';
import type { SlArticle, SlConversation, SlConversationType, SlCustomer, SlTicket } from './types';

/**
 * Wire shapes of the mock's REST responses. The base shapes are the REST
 * fields the public API reference shows; `include_model_fields=on` adds the
 * data model's extra fields, `rich_text` decides how bodies are encoded and
 * `cursor_precision` how timestamps are printed.
 */

type Json = Record<string, unknown>;

/** `seconds`: `2025-01-15T10:30:00Z` (truncated, as the API reference prints); `millis`: `2025-01-15T10:30:00.250Z`. */
export function formatTime(ms: number, precision: SwitchLabsSwitches['cursor_precision']): string {
  const iso = new Date(ms).toISOString();
  return precision === 'seconds' ? `${iso.slice(0, 19)}Z` : iso;
}

const time = (ms: number | null, s: SwitchLabsSwitches) => (ms === null ? null : formatTime(ms, s.cursor_precision));

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const paragraphs = (text: string) => text.split(/\n{2,}/).filter((p) => p.trim() !== '');

/** A TipTap document of the text: one paragraph per blank-line block, hard breaks for single newlines. */
export function toTiptap(text: string): Json {
  return {
    type: 'doc',
    content: paragraphs(text).map((p) => ({
      type: 'paragraph',
      content: p.split('\n').flatMap((line, i) => [...(i > 0 ? [{ type: 'hardBreak' }] : []), ...(line ? [{ type: 'text', text: line }] : [])]),
    })),
  };
}

export const toHtml = (text: string): string =>
  paragraphs(text)
    .map((p) => `<p>${p.split('\n').map(escapeHtml).join('<br>')}</p>`)
    .join('');

/** A body in the `rich_text` encoding: `plain` is the field for the string form, `rich` for TipTap, `html` for the HTML copy. */
function body(text: string, s: SwitchLabsSwitches, names: { plain: string; rich: string; html: string }): Json {
  if (s.rich_text === 'string') return { [names.plain]: text };
  if (s.rich_text === 'tiptap') return { [names.rich]: toTiptap(text) };
  return { [names.rich]: toTiptap(text), [names.plain]: text, [names.html]: toHtml(text) };
}

/** Conversation kinds as the switch names them on the wire. */
const SEED_NAMES: Record<SlConversationType, string> = { reply: 'reply', comment: 'reply', email: 'reply', sms: 'reply', note: 'note', system: 'system' };
// The data model has no `system` kind: automatic records are agent notes there.
const MODEL_NAMES: Record<SlConversationType, string> = { reply: 'comment', comment: 'comment', email: 'email', sms: 'sms', note: 'note', system: 'note' };

/** Conversation kinds as the switch names them on the wire; a kind planted outside the known ones goes out as is. */
export function wireConversationType(type: SlConversationType, mode: SwitchLabsSwitches['conversation_types']): string {
  if (mode === 'mixed') return type;
  return (mode === 'seed' ? SEED_NAMES : MODEL_NAMES)[type] ?? type;
}

export function serializeTicket(store: SwitchLabsStore, t: SlTicket, s: SwitchLabsSwitches, detail: boolean): Json {
  const customer = store.customers.get(t.customer_id);
  const assignee = t.assignee_id ? store.users.get(t.assignee_id) : undefined;
  const out: Json = {
    id: t.id,
    subject: t.subject,
    status: t.status,
    priority: t.priority,
    customer: customer ? { id: customer.id, email: customer.email, ...(detail ? { name: customer.name } : {}) } : { id: t.customer_id },
    assignee: assignee ? { id: assignee.id, name: assignee.name, email: assignee.email } : null,
    tags: [...t.tags],
    created_at: time(t.created_at, s),
    updated_at: time(t.updated_at, s),
  };
  if (detail) {
    // The detail's description: `description` is a string, or the TipTap object with a `description_html` copy.
    if (s.rich_text === 'string') out.description = t.description;
    else {
      out.description = toTiptap(t.description);
      if (s.rich_text === 'both') {
        out.description_text = t.description;
        out.description_html = toHtml(t.description);
      }
    }
    out.custom_fields = { ...t.custom_fields };
  }
  if (s.include_model_fields === 'on') {
    Object.assign(out, {
      number: t.number,
      type: t.type,
      customer_id: t.customer_id,
      assignee_id: t.assignee_id,
      organization_id: t.organization_id,
      requester_id: t.requester_id,
      first_response_at: time(t.first_response_at, s),
      resolved_at: time(t.resolved_at, s),
      detected_language: t.detected_language,
      original_subject: t.subject,
      original_description: t.description,
      ai_summary: t.ai_summary,
      cc_emails: [...t.cc_emails],
      metadata: { ...t.custom_fields },
      deleted_at: time(t.deleted_at, s),
    });
  }
  return out;
}

export function serializeConversation(store: SwitchLabsStore, c: SlConversation, s: SwitchLabsSwitches): Json {
  const out: Json = {
    id: c.id,
    ticket_id: c.ticket_id,
    type: wireConversationType(c.type, s.conversation_types),
    ...(c.internal === undefined ? {} : { internal: c.internal }),
    ...body(c.content, s, { plain: 'content_text', rich: 'content', html: 'content_html' }),
    author_id: c.author_id,
    author: store.authorOf(c),
    created_at: time(c.created_at, s),
    // Soft-deleted conversations are listed with `deleted_at` set: nothing in the
    // API reference says REST hides them, so the mock shows the worst case.
    deleted_at: time(c.deleted_at, s),
  };
  if (s.include_model_fields === 'on') {
    Object.assign(out, {
      parent_id: c.parent_id,
      metadata: { ...c.metadata },
      attachments: [],
      translated_content: c.translated_content_text === null ? null : toTiptap(c.translated_content_text),
      translated_content_text: c.translated_content_text,
      translated_content_html: c.translated_content_text === null ? null : toHtml(c.translated_content_text),
      updated_at: time(c.updated_at, s),
    });
  }
  return out;
}

export function serializeCustomer(store: SwitchLabsStore, c: SlCustomer, s: SwitchLabsSwitches): Json {
  const tickets = [...store.tickets.values()].filter((t) => t.customer_id === c.id && t.deleted_at === null);
  const out: Json = {
    id: c.id,
    email: c.email,
    name: c.name,
    phone: c.phone,
    company: c.company,
    // The data model's status; shown on REST too (blocked customers can't file tickets).
    status: c.status,
    custom_fields: { ...c.custom_fields },
    ticket_count: tickets.length,
    created_at: time(c.created_at, s),
  };
  if (s.include_model_fields === 'on') {
    Object.assign(out, {
      organization_id: 'org_switchlabs_demo',
      user_id: c.user_id,
      notes: c.notes,
      tags: [...c.tags],
      metadata: { ...c.custom_fields },
      total_tickets: tickets.length,
      open_tickets: tickets.filter((t) => t.status !== 'resolved' && t.status !== 'closed').length,
      total_orders: c.total_orders,
      lifetime_value: c.lifetime_value,
      first_contact_at: time(c.created_at, s),
      last_contact_at: time(c.updated_at, s),
      shopify_customer_id: c.shopify_customer_id,
      updated_at: time(c.updated_at, s),
      deleted_at: time(c.deleted_at, s),
    });
  }
  return out;
}

export function serializeArticle(store: SwitchLabsStore, a: SlArticle, s: SwitchLabsSwitches): Json {
  const out: Json = {
    id: a.id,
    title: a.title,
    ...body(a.body, s, { plain: 'body', rich: 'content', html: 'content_html' }),
    collection_id: a.collection_id,
    status: a.status,
    deleted_at: time(a.deleted_at, s),
  };
  if (s.include_model_fields === 'on') {
    const collection = store.collections.get(a.collection_id);
    Object.assign(out, {
      organization_id: 'org_switchlabs_demo',
      slug: a.slug,
      excerpt: a.excerpt,
      current_version: a.current_version,
      view_count: a.view_count,
      search_text: a.search_text,
      position: a.position,
      collection: collection ? { name: collection.name, slug: collection.slug } : null,
      created_at: time(a.created_at, s),
      updated_at: time(a.updated_at, s),
    });
  }
  return out;
}
