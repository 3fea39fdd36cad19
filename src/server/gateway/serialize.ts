import type { BackendAttachment, BackendCustomer, BackendMessage, BackendTicket, FormField, JsonValue, RatingScale } from './backend';

/**
 * The portal's wire shapes, built field by field from the adapter's records:
 * nothing an adapter adds to a record (by mistake or a future change) reaches a
 * browser unless it is named here.
 */

export interface StoredRating {
  scale: RatingScale;
  rating: number;
  comment: string | null;
  createdAt: string;
}

export function wireTicket(t: BackendTicket, commentCount: number | null) {
  return {
    id: t.id,
    ticketNumber: t.number,
    title: t.title,
    status: t.status,
    priority: t.priority,
    commentCount,
    createdAt: t.createdAt,
    updatedAt: t.updatedAt,
    ...(t.categoryId !== undefined ? { categoryId: t.categoryId } : {}),
  };
}

/** Markdown link text can't hold brackets or line breaks. */
const linkText = (name: string) => name.replace(/[[\]\r\n\\]/g, ' ').trim() || 'file';

export const attachmentLink = (a: Pick<BackendAttachment, 'id' | 'filename'>) => `[${linkText(a.filename)}](attachment:${a.id})`;

export function wireComment(m: BackendMessage, customer: BackendCustomer) {
  const files = (m.attachments ?? []).filter((a) => a.visibility === 'public');
  const links = files.map(attachmentLink).join('\n');
  const authorName = m.authorName ?? (m.author === 'customer' ? (customer.name ?? customer.email) : null);
  return {
    id: m.id,
    body: links ? `${m.body.replace(/\s+$/, '')}${m.body.trim() ? '\n\n' : ''}${links}` : m.body,
    authorType: m.author === 'customer' ? 'CUSTOMER' : m.author === 'system' ? 'SYSTEM' : 'STAFF',
    ...(authorName ? { authorName } : {}),
    createdAt: m.createdAt,
  };
}

export function wireAttachment(a: BackendAttachment) {
  return {
    id: a.id,
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
    status: 'UPLOADED' as const,
    createdAt: a.createdAt,
  };
}

/** Only the values of fields the form marks for display, and only of their type's shape. */
export function wireCustomFields(values: Record<string, JsonValue> | undefined, fields: FormField[]): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  if (!values) return out;
  for (const f of fields) {
    if (!f.showInDetail || !Object.prototype.hasOwnProperty.call(values, f.key)) continue;
    const v = values[f.key];
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[f.key] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[f.key] = [...v];
  }
  return out;
}
