import type { BackendForm, FormField, JsonValue } from './backend';
import { isRecord, type FieldError } from './http';

/** What the gateway accepts on a new ticket, on top of the helpdesk's own limits. */
export interface CreateLimits {
  titleMaxLength: number;
  bodyMaxLength: number;
  maxFiles: number;
}

export interface ValidCreate {
  title: string;
  body: string;
  priority: string | null;
  categoryId: string | null;
  customFields: Record<string, JsonValue>;
  attachmentIds: string[];
}

const TEXT_MAX = 1000;
const TEXTAREA_MAX = 10_000;
const URL_MAX = 2000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isBlank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** One custom field's value coerced to its type, or a field error. */
export function coerceField(field: FormField, raw: unknown): { value: JsonValue } | { error: string } {
  const label = field.label || field.key;
  switch (field.type) {
    case 'text':
    case 'textarea': {
      if (typeof raw !== 'string') return { error: `${label} must be text.` };
      const max = field.type === 'text' ? TEXT_MAX : TEXTAREA_MAX;
      if (raw.length > max) return { error: `${label} must be at most ${max} characters.` };
      return { value: field.type === 'text' ? raw.trim() : raw };
    }
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (!Number.isFinite(n)) return { error: `${label} must be a number.` };
      return { value: n };
    }
    case 'boolean': {
      if (typeof raw === 'boolean') return { value: raw };
      if (raw === 'true' || raw === 'false') return { value: raw === 'true' };
      return { error: `${label} must be true or false.` };
    }
    case 'date': {
      const m = typeof raw === 'string' ? DATE.exec(raw.trim()) : null;
      if (m) {
        const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
        if (d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3])) {
          return { value: (raw as string).trim() };
        }
      }
      return { error: `${label} must be a date (YYYY-MM-DD).` };
    }
    case 'select': {
      const allowed = field.options?.map((o) => o.value) ?? [];
      if (typeof raw !== 'string' || !allowed.includes(raw)) return { error: `${label} must be one of the listed options.` };
      return { value: raw };
    }
    case 'multiselect': {
      const allowed = field.options?.map((o) => o.value) ?? [];
      if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'string' || !allowed.includes(v))) {
        return { error: `${label} must be a list of the listed options.` };
      }
      return { value: [...new Set(raw as string[])] };
    }
    case 'url': {
      if (typeof raw !== 'string' || raw.length > URL_MAX) return { error: `${label} must be a web address.` };
      let url: URL;
      try {
        url = new URL(raw.trim());
      } catch {
        return { error: `${label} must be a web address (https://…).` };
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: `${label} must be an http(s) web address.` };
      return { value: url.href };
    }
    default:
      return { error: `${label} has a type this gateway does not know.` };
  }
}

/**
 * Validates a create body against the limits and the helpdesk's form schema
 * (null when it has none: then priority, category and custom fields are
 * refused). Every problem comes back at once, per field.
 */
export function validateCreate(raw: unknown, limits: CreateLimits, form: BackendForm | null): { value: ValidCreate } | { errors: FieldError[] } {
  const body = isRecord(raw) ? raw : {};
  const errors: FieldError[] = [];
  if (!isRecord(raw)) errors.push({ field: 'body', message: 'The request body must be a JSON object.' });

  const title = typeof body.title === 'string' ? body.title.trim() : '';
  if (typeof body.title !== 'string' || title === '') errors.push({ field: 'title', message: 'Title is required.' });
  else if (title.length > limits.titleMaxLength) errors.push({ field: 'title', message: `Title must be at most ${limits.titleMaxLength} characters.` });

  let text = '';
  if (body.body !== undefined && body.body !== null) {
    if (typeof body.body !== 'string') errors.push({ field: 'body', message: 'Description must be text.' });
    else if (body.body.length > limits.bodyMaxLength) errors.push({ field: 'body', message: `Description must be at most ${limits.bodyMaxLength} characters.` });
    else text = body.body;
  }

  let attachmentIds: string[] = [];
  if (body.attachmentIds !== undefined && body.attachmentIds !== null) {
    if (!Array.isArray(body.attachmentIds) || body.attachmentIds.some((id) => typeof id !== 'string' || id === '')) {
      errors.push({ field: 'attachmentIds', message: 'attachmentIds must be a list of attachment ids.' });
    } else {
      attachmentIds = [...new Set(body.attachmentIds as string[])];
      if (attachmentIds.length > limits.maxFiles) errors.push({ field: 'attachmentIds', message: `At most ${limits.maxFiles} files per ticket.` });
    }
  }

  let priority: string | null = null;
  if (!isBlank(body.priority)) {
    const keys = form?.priorities.map((p) => p.key) ?? [];
    if (typeof body.priority !== 'string' || !keys.includes(body.priority)) {
      errors.push({ field: 'priority', message: keys.length ? 'Choose one of the listed priorities.' : 'Priority cannot be set on this help desk.' });
    } else priority = body.priority;
  }

  let categoryId: string | null = null;
  if (!isBlank(body.categoryId)) {
    const ids = form?.categories.map((c) => c.id) ?? [];
    if (typeof body.categoryId !== 'string' || !ids.includes(body.categoryId)) {
      errors.push({ field: 'categoryId', message: ids.length ? 'Choose one of the listed categories.' : 'Categories are not available on this help desk.' });
    } else categoryId = body.categoryId;
  }

  const customFields: Record<string, JsonValue> = {};
  const given = body.customFields;
  if (given !== undefined && given !== null && !isRecord(given)) {
    errors.push({ field: 'customFields', message: 'customFields must be an object keyed by field.' });
  } else {
    const values = (given ?? {}) as Record<string, unknown>;
    const fields = form?.fields ?? [];
    for (const key of Object.keys(values)) {
      if (!fields.some((f) => f.key === key)) errors.push({ field: `customFields.${key}`, message: `${key} is not a field of this form.` });
    }
    for (const field of fields) {
      const v = Object.prototype.hasOwnProperty.call(values, field.key) ? values[field.key] : undefined;
      if (isBlank(v)) {
        if (field.required) errors.push({ field: `customFields.${field.key}`, message: `${field.label || field.key} is required.` });
        continue;
      }
      const r = coerceField(field, v);
      if ('error' in r) errors.push({ field: `customFields.${field.key}`, message: r.error });
      else customFields[field.key] = r.value;
    }
  }

  if (errors.length) return { errors };
  return { value: { title, body: text, priority, categoryId, customFields, attachmentIds } };
}
