// What useNewTicketForm does on blur, submit and a server's answer, loaded on
// demand (warmed when the form mounts). Only TYPES come from the entry; what
// it needs at runtime arrives in `FormContext`, so this chunk shares no module
// with the entry. The custom-field rules are their own chunk, which the
// form's capabilities check has loaded already.
import type { PortalApiError, Ticket, TicketFormSchema } from '../../client';
import { checkCustomField } from '../../client/extensions';
import type { UseCreateTicketResult } from '../useCreateTicket';
import type { FieldIssue, FieldIssues, NewTicketFormStatus, NewTicketValues, UseNewTicketFormOptions } from '../useNewTicketForm';
import type { UploadItem } from '../useAttachmentUpload';

export interface FormState {
  phase: NewTicketFormStatus;
  issues: FieldIssues;
  /** Fields edited since the form was (re)started: checked when left. */
  dirty: Readonly<Record<string, true>>;
  /** The customer changed something since the form was (re)started. */
  touched?: boolean;
  restored?: boolean;
}

export type FormAction =
  /** The customer changed a field (or the files); `issues` re-checks fields that showed one. */
  | { type: 'edit'; name?: string; issues?: FieldIssues }
  | { type: 'set'; issues?: FieldIssues; phase?: NewTicketFormStatus; restored?: true }
  /** One reset for a created ticket and a discarded draft. */
  | { type: 'reset'; phase: NewTicketFormStatus };

/** One render of the form, as the actions need it. */
export interface FormContext {
  options: UseNewTicketFormOptions;
  subjectMax: number;
  bodyMax: number;
  ticketForm: TicketFormSchema | null;
  values: NewTicketValues;
  state: FormState;
  files: UploadItem[];
  uploading: number;
  failedUploads: number;
  /** A second click while sending is ignored at once, before React re-renders. */
  sending: { current: boolean };
  create: UseCreateTicketResult['mutateAsync'];
  dispatch(action: FormAction): void;
  changeFiles(files: UploadItem[]): void;
  /** Empties the form after a created ticket (draft and files). */
  clear(): void;
  focus(name: string): void;
}

const EDITING: NewTicketFormStatus = { status: 'editing' };
const key = (name: string) => `customFields.${name}`;
const idsOf = (items: UploadItem[]) => items.flatMap((i) => (i.status === 'uploaded' ? [i.attachment.id] : []));
const fieldOf = (c: FormContext, name: string) => c.ticketForm?.fields.find((f) => key(f.key) === name);

export function check(c: FormContext, name: string, all: NewTicketValues): FieldIssue | undefined {
  const text = String(all[name] ?? '');
  const max = name === 'subject' ? c.subjectMax : c.bodyMax;
  if (name === 'subject' && !text.trim()) return { code: 'required' };
  if (name === 'subject' || name === 'description') return (name === 'subject' ? text.trim() : text).length > max ? { code: 'too-long', max } : undefined;
  const field = fieldOf(c, name);
  const checked = field && checkCustomField(field, all[name]);
  return (checked && 'issue' in checked ? checked.issue : undefined) ?? c.options.validate?.(all)[name];
}

// The host's rules may name fields not filled in yet (not in `values`).
const checkAll = (c: FormContext, all: NewTicketValues): FieldIssues => ({
  ...c.options.validate?.(all),
  ...Object.fromEntries((c.ticketForm?.fields ?? []).map((f) => [key(f.key), check(c, key(f.key), all)])),
  subject: check(c, 'subject', all),
  description: check(c, 'description', all),
});

function focusFirst(c: FormContext, issues: FieldIssues) {
  // In the order the form shows them: subject, description, then the rest.
  const first = ['subject', 'description', 'categoryId', 'priority', ...(c.ticketForm?.fields ?? []).map((f) => key(f.key)), ...Object.keys(issues)].find(
    (name) => issues[name],
  );
  if (first) c.focus(first);
}

/** What the backend's form gets: chosen category and priority, and filled custom fields. */
function extras({ ticketForm, values }: FormContext) {
  if (!ticketForm) return {};
  const customFields: Record<string, string | number | boolean | string[]> = {};
  for (const f of ticketForm.fields) {
    const checked = checkCustomField(f, values[key(f.key)]);
    const value = 'value' in checked ? checked.value : null;
    if (value !== null && value !== '') customFields[f.key] = value;
  }
  const pick = (name: string, allowed: string[]) => {
    const v = values[name];
    return typeof v === 'string' && allowed.includes(v) ? v : null;
  };
  return {
    categoryId: pick('categoryId', ticketForm.categories.map((x) => x.id)),
    priority: pick('priority', ticketForm.priorities.map((p) => p.key)),
    customFields,
  };
}

export function blur(c: FormContext, name: string) {
  const { dirty, issues } = c.state;
  if (dirty[name] || issues[name]) c.dispatch({ type: 'set', issues: { ...issues, [name]: check(c, name, c.values) } });
}

export function send(c: FormContext, list: UploadItem[]) {
  if (c.sending.current) return;
  c.sending.current = true;
  const { values, options } = c;
  c.dispatch({ type: 'set', phase: { status: 'sending' } });
  const attachmentIds = idsOf(list);
  const body = [values.description.trim(), options.bodySuffix?.trim()].filter(Boolean).join('\n\n');
  c.create({ title: values.subject.trim(), body, attachmentIds, ...extras(c) }).then(
    (ticket: Ticket) => {
      c.sending.current = false;
      c.clear();
      c.dispatch({ type: 'reset', phase: { status: 'created', ticket } });
      options.onTicketCreate?.(ticket);
    },
    (error: PortalApiError) => {
      c.sending.current = false;
      const issues: FieldIssues = {};
      let refused = false;
      for (const { field } of error.fieldErrors) {
        // The API's names for our fields; custom fields may come back as `customFields.<name>`.
        const name = field === 'title' ? 'subject' : field === 'body' ? 'description' : field;
        const host = name.replace(/^customFields\./, '');
        if (fieldOf(c, name) || (c.ticketForm && (name === 'priority' || name === 'categoryId'))) issues[name] = { code: 'rejected' };
        else if (host in values) issues[host] = { code: 'rejected' };
        // `attachmentIds[2]`: that file can't be used (expired, already attached); mark it failed.
        const id = attachmentIds[Number(/^attachmentIds\[(\d+)\]$/.exec(field)?.[1] ?? NaN)];
        if (id) {
          refused = true;
          list = list.map((i) => (i.status === 'uploaded' && i.attachment.id === id ? { ...i, status: 'failed', error } : i));
        }
      }
      if (refused) c.changeFiles(list);
      c.dispatch({ type: 'set', issues, phase: { status: 'failed', error, fields: Object.keys(issues).length > 0, attachments: refused } });
      focusFirst(c, issues);
    },
  );
}

export function submit(c: FormContext) {
  if (c.sending.current) return;
  const { uploading, failedUploads } = c;
  const issues = checkAll(c, c.values);
  const bad = Object.values(issues).some(Boolean);
  c.dispatch({
    type: 'set',
    issues: bad ? issues : {},
    phase: bad ? EDITING : uploading ? { status: 'waiting-uploads' } : failedUploads ? { status: 'uploads-failed' } : c.state.phase,
  });
  if (bad) focusFirst(c, issues);
  else if (!uploading && !failedUploads) send(c, c.files);
}

/** Queues the failed files again; the form sends once they are up. */
export function retryFailed(c: FormContext) {
  c.changeFiles(c.files.map((i) => (i.status === 'failed' && i.file ? { id: i.id, name: i.name, size: i.size, type: i.type, file: i.file, status: 'queued' } : i)));
  c.dispatch({ type: 'set', phase: { status: 'waiting-uploads' } });
}

export function sendWithoutFailed(c: FormContext) {
  const kept = c.files.filter((i) => i.status !== 'failed');
  c.changeFiles(kept);
  send(c, kept);
}
