'use client';
import type * as RulesModule from '../client/extensions';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { PortalApiError, Ticket, TicketFormSchema } from '../client';
import { BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH } from '../client/limits';
import { useLatest } from '../shared/useLatest';
import type { UploadItem } from './useAttachmentUpload';
import { useCreateTicket } from './useCreateTicket';
import { useDraft } from './useDraft';
import { useTicketForm } from './useTicketForm';

/** The custom-field rules load with the form schema (the same chunk); portals without one never ship them. */
const loadRules = () => import('../client/extensions');

/** The form's name for a custom field's value: `customFields.<key>`. */
export const customFieldName = (key: string) => `customFields.${key}`;

/** A form field's value: text, a number, a checkbox, a multi-select, or empty. */
export type TicketFieldValue = string | number | boolean | string[] | null;

/** The form's values: subject and description, plus any fields a host or the backend adds. */
export type NewTicketValues = { subject: string; description: string } & Partial<Record<string, TicketFieldValue>>;

/**
 * What is wrong with a field, as a code (the styled layer words it):
 * `required`, `too-long` (with `max`), `invalid`, or `rejected` by the server
 * (whose own text is never shown).
 */
export interface FieldIssue {
  code: 'required' | 'too-long' | 'invalid' | 'rejected';
  max?: number;
  /** For `invalid` custom fields: what the value must be. */
  expected?: 'number' | 'date' | 'url' | 'option';
}

export type FieldIssues = Partial<Record<string, FieldIssue>>;

/** Where a submit is: one status at a time. */
export type NewTicketFormStatus =
  | { status: 'editing' }
  /** Submitted while files upload: it sends by itself once they settle. */
  | { status: 'waiting-uploads' }
  /** Submitted with failed uploads: retry them, or send without them. */
  | { status: 'uploads-failed' }
  | { status: 'sending' }
  /** `fields`: issues were mapped onto fields; `attachments`: some files were refused (now marked failed). */
  | { status: 'failed'; error: PortalApiError; fields: boolean; attachments: boolean }
  | { status: 'created'; ticket: Ticket };

export interface UseNewTicketFormOptions {
  /**
   * Names the saved draft (per customer): values and uploaded files survive a
   * reload or a failed send, and one idempotency key per draft makes a repeated
   * send create one ticket.
   * @default 'new-ticket'
   */
  draftId?: string;
  /** Starting values when there is no saved draft. @example { subject: 'Billing question' } */
  defaultValues?: Partial<NewTicketValues>;
  /** Longest subject; the API's limit is 200, only lower it. @default 200 */
  subjectMaxLength?: number;
  /**
   * Your own rules, on top of the built-in ones (subject required and its
   * length, description length). Return issues by field name.
   * @example validate: (v) => (v.plan ? {} : { plan: { code: 'required' } })
   */
  validate?: (values: NewTicketValues) => FieldIssues;
  /** Text sent after the description, after a blank line (not part of the draft). */
  bodySuffix?: string;
  /** Called with the created ticket, after the draft is cleared. */
  onTicketCreate?: (ticket: Ticket) => void;
  /**
   * Ask what the backend's ticket form asks (categories, priorities, custom
   * fields), when its capabilities say it has one. Their values are named
   * `categoryId`, `priority` and `customFields.<key>`.
   * @default true
   */
  extensions?: boolean;
}

export interface UseNewTicketFormResult {
  values: NewTicketValues;
  setValue(name: string, value: TicketFieldValue): void;
  /** Call when a field loses focus: an edited field is checked then, and re-checked as it is fixed. */
  blur(name: string): void;
  /** Issues shown now, by field. */
  issues: FieldIssues;
  state: NewTicketFormStatus;
  /** The files, for an uploader in the pending flow: `useAttachmentUpload({ value: files, onValueChange: setFiles })`. */
  files: UploadItem[];
  setFiles(files: UploadItem[]): void;
  /** Files still queued or uploading, and files that failed. */
  uploading: number;
  failedUploads: number;
  /** A saved draft was restored (say so, and offer `discardDraft`). */
  restored: boolean;
  /** Checks every field (focusing the first with an issue), waits for uploads, then sends. */
  submit(): void;
  /** In `uploads-failed`: queue the failed files again and send once they are up. */
  retryFailedUploads(): void;
  /** In `uploads-failed`: drop the failed files and send. */
  submitWithoutFailedUploads(): void;
  /** In `waiting-uploads`: don't send after all. */
  stopWaiting(): void;
  /** Empties the form and forgets the draft. */
  discardDraft(): void;
  /** Attach to each field's element, so the hook can move focus to a field with an issue. */
  fieldRef(name: string): (element: HTMLElement | null) => void;
  focus(name: string): void;
  /** The backend's categories, priorities and custom fields; null without (the Dispatch portal API). */
  ticketForm: TicketFormSchema | null;
}

/** The saved draft (the shape of earlier releases, plus `fields`). */
interface Draft {
  subject: string;
  description: string;
  /** Fields besides subject and description. */
  fields?: Partial<Record<string, TicketFieldValue>>;
  /** Uploaded files only (`file: null`): a File can't be stored, an attachment id can. */
  attachments: UploadItem[];
}

interface FormState {
  phase: NewTicketFormStatus;
  issues: FieldIssues;
  /** Fields edited since the form was (re)started: checked when left. */
  dirty: Readonly<Record<string, true>>;
  /** The customer changed something since the form was (re)started. */
  touched?: boolean;
  restored?: boolean;
}

type Action =
  /** The customer changed a field (or the files); `issues` re-checks fields that showed one. */
  | { type: 'edit'; name?: string; issues?: FieldIssues }
  | { type: 'set'; issues?: FieldIssues; phase?: NewTicketFormStatus; restored?: true }
  /** One reset for a created ticket and a discarded draft. */
  | { type: 'reset'; phase: NewTicketFormStatus };

const EDITING: NewTicketFormStatus = { status: 'editing' };
const START: FormState = { phase: EDITING, issues: {}, dirty: {} };

function reduce(state: FormState, action: Action): FormState {
  if (action.type === 'reset') return { ...START, phase: action.phase };
  if (action.type === 'set') return { ...state, ...action };
  return {
    ...state,
    touched: true,
    dirty: action.name ? { ...state.dirty, [action.name]: true } : state.dirty,
    issues: { ...state.issues, ...action.issues },
    // A new edit makes "created" old news; a failure stays shown until the next send.
    phase: state.phase.status === 'created' ? EDITING : state.phase,
  };
}

const uploadedOnly = (items: UploadItem[]) => items.flatMap((i) => (i.status === 'uploaded' ? [{ ...i, file: null }] : []));
const idsOf = (items: UploadItem[]) => items.flatMap((i) => (i.status === 'uploaded' ? [i.attachment.id] : []));

/**
 * Everything a new-ticket form does apart from drawing it: values (subject,
 * description and any extra fields) kept in a draft that survives a reload,
 * validation tied to fields, files that must finish uploading before the
 * ticket is sent (and a choice when some failed), server field errors mapped
 * back onto fields and files, and one ticket however often it is sent.
 *
 * @example
 * const form = useNewTicketForm({ onTicketCreate: (t) => open(t.id) });
 * const uploads = useAttachmentUpload({ value: form.files, onValueChange: form.setFiles });
 * <form onSubmit={(e) => { e.preventDefault(); form.submit(); }}>
 *   <input ref={form.fieldRef('subject')} value={form.values.subject}
 *     onChange={(e) => form.setValue('subject', e.target.value)} onBlur={() => form.blur('subject')} />
 *   {form.issues.subject ? <p>{myText[form.issues.subject.code]}</p> : null}
 * </form>
 */
export function useNewTicketForm(options: UseNewTicketFormOptions = {}): UseNewTicketFormResult {
  const { draftId = 'new-ticket', subjectMaxLength = SUBJECT_MAX_LENGTH, validate } = options;
  const create = useCreateTicket({ draftId });
  const schema = useTicketForm().form;
  const ticketForm = options.extensions === false ? null : schema;
  const [rules, setRules] = useState<typeof RulesModule | null>(null);
  const needsRules = !!ticketForm?.fields.length;
  useEffect(() => {
    if (needsRules) void loadRules().then(setRules, () => undefined);
  }, [needsRules]);
  const fieldOf = (name: string) => ticketForm?.fields.find((f) => customFieldName(f.key) === name);
  const [initial] = useState<Draft>(() => {
    const { subject = '', description = '', ...fields } = options.defaultValues ?? {};
    return { subject, description, fields, attachments: [] };
  });
  const [draft, setDraft, clearDraft] = useDraft<Draft>(draftId, initial);
  const { subject, description, fields, attachments } = draft;
  const values: NewTicketValues = { ...fields, subject, description };
  const [state, dispatch] = useReducer(reduce, START);

  // The live upload list (with File objects and progress); the draft keeps its uploaded part.
  const [files, setItems] = useState<UploadItem[]>(() => uploadedOnly(attachments));
  const [synced, setSynced] = useState(attachments);
  if (attachments !== synced) {
    // The draft was loaded (the customer became known) or discarded: follow it.
    setSynced(attachments);
    setItems(uploadedOnly(attachments));
  }
  const changeFiles = (next: UploadItem[]) => {
    setItems(next);
    const uploaded = uploadedOnly(next);
    if (idsOf(uploaded).join() !== idsOf(synced).join()) {
      setSynced(uploaded);
      setDraft((d) => ({ ...d, attachments: uploaded }));
    }
  };

  if (!state.touched && !state.restored && JSON.stringify(draft) !== JSON.stringify(initial)) dispatch({ type: 'set', restored: true });

  const elements = useRef<Partial<Record<string, HTMLElement | null>>>({});
  const focus = useCallback((name: string) => elements.current[name]?.focus(), []);
  const focusFirst = (issues: FieldIssues) => {
    // In the order the form shows them: subject, description, then the rest.
    const first = ['subject', 'description', 'categoryId', 'priority', ...(ticketForm?.fields ?? []).map((f) => customFieldName(f.key)), ...Object.keys(issues)].find(
      (name) => issues[name],
    );
    if (first) focus(first);
  };

  const check = (name: string, all: NewTicketValues): FieldIssue | undefined => {
    const text = String(all[name] ?? '');
    const max = name === 'subject' ? subjectMaxLength : BODY_MAX_LENGTH;
    if (name === 'subject' && !text.trim()) return { code: 'required' };
    if (name === 'subject' || name === 'description') return (name === 'subject' ? text.trim() : text).length > max ? { code: 'too-long', max } : undefined;
    const field = fieldOf(name);
    const checked = field && rules?.checkCustomField(field, all[name]);
    return (checked && 'issue' in checked ? checked.issue : undefined) ?? validate?.(all)[name];
  };
  // The host's rules may name fields not filled in yet (not in `values`).
  const checkAll = (all: NewTicketValues): FieldIssues => ({
    ...validate?.(all),
    ...Object.fromEntries((ticketForm?.fields ?? []).map((f) => [customFieldName(f.key), check(customFieldName(f.key), all)])),
    subject: check('subject', all),
    description: check('description', all),
  });
  /** What the backend's form gets: chosen category and priority, and filled custom fields. */
  const extras = () => {
    if (!ticketForm) return {};
    const customFields: Record<string, string | number | boolean | string[]> = {};
    for (const f of ticketForm.fields) {
      const checked = rules?.checkCustomField(f, values[customFieldName(f.key)]);
      const value = checked ? ('value' in checked ? checked.value : null) : (values[customFieldName(f.key)] ?? null);
      if (value !== null && value !== '') customFields[f.key] = value;
    }
    const pick = (name: string, allowed: string[]) => {
      const v = values[name];
      return typeof v === 'string' && allowed.includes(v) ? v : null;
    };
    return {
      categoryId: pick('categoryId', ticketForm.categories.map((c) => c.id)),
      priority: pick('priority', ticketForm.priorities.map((p) => p.key)),
      customFields,
    };
  };

  const uploading = files.filter((i) => i.status === 'queued' || i.status === 'uploading').length;
  const failedUploads = files.filter((i) => i.status === 'failed').length;

  // A second click while sending is ignored at once, before React re-renders.
  const sending = useRef(false);
  const send = (list: UploadItem[]) => {
    if (sending.current) return;
    sending.current = true;
    dispatch({ type: 'set', phase: { status: 'sending' } });
    const attachmentIds = idsOf(list);
    const body = [values.description.trim(), options.bodySuffix?.trim()].filter(Boolean).join('\n\n');
    create.mutateAsync({ title: values.subject.trim(), body, attachmentIds, ...extras() }).then(
      (ticket) => {
        sending.current = false;
        clearDraft();
        setItems([]);
        dispatch({ type: 'reset', phase: { status: 'created', ticket } });
        options.onTicketCreate?.(ticket);
      },
      (error: PortalApiError) => {
        sending.current = false;
        const issues: FieldIssues = {};
        let refused = false;
        for (const { field } of error.fieldErrors) {
          // The API's names for our fields; custom fields may come back as `customFields.<name>`.
          const name = field === 'title' ? 'subject' : field === 'body' ? 'description' : field;
          const host = name.replace(/^customFields\./, '');
          if (fieldOf(name) || (ticketForm && (name === 'priority' || name === 'categoryId'))) issues[name] = { code: 'rejected' };
          else if (host in values) issues[host] = { code: 'rejected' };
          // `attachmentIds[2]`: that file can't be used (expired, already attached); mark it failed.
          const id = attachmentIds[Number(/^attachmentIds\[(\d+)\]$/.exec(field)?.[1] ?? NaN)];
          if (id) {
            refused = true;
            list = list.map((i) => (i.status === 'uploaded' && i.attachment.id === id ? { ...i, status: 'failed', error } : i));
          }
        }
        if (refused) changeFiles(list);
        dispatch({ type: 'set', issues, phase: { status: 'failed', error, fields: Object.keys(issues).length > 0, attachments: refused } });
        focusFirst(issues);
      },
    );
  };

  const submit = () => {
    if (sending.current) return;
    const issues = checkAll(values);
    const bad = Object.values(issues).some(Boolean);
    dispatch({
      type: 'set',
      issues: bad ? issues : {},
      phase: bad ? EDITING : uploading ? { status: 'waiting-uploads' } : failedUploads ? { status: 'uploads-failed' } : state.phase,
    });
    if (bad) focusFirst(issues);
    else if (!uploading && !failedUploads) send(files);
  };

  // Continue a submit once uploads settle, with the fields as they are by then
  // (checked again): send, or ask about the files that failed.
  const latestSubmit = useLatest(submit);
  const waiting = state.phase.status === 'waiting-uploads';
  useEffect(() => {
    if (waiting && !uploading) latestSubmit.current();
  }, [waiting, uploading, latestSubmit]);

  return {
    values,
    setValue(name, value) {
      setDraft((d) => (name === 'subject' || name === 'description' ? { ...d, [name]: value } : { ...d, fields: { ...d.fields, [name]: value } }));
      // Once a field shows an issue, it updates as the customer fixes it.
      dispatch({ type: 'edit', name, issues: state.issues[name] && { [name]: check(name, { ...values, [name]: value }) } });
    },
    blur(name) {
      if (state.dirty[name] || state.issues[name]) dispatch({ type: 'set', issues: { ...state.issues, [name]: check(name, values) } });
    },
    issues: state.issues,
    state: state.phase,
    files,
    setFiles(next) {
      dispatch({ type: 'edit' });
      changeFiles(next);
    },
    uploading,
    failedUploads,
    restored: !!state.restored,
    submit,
    retryFailedUploads() {
      changeFiles(files.map((i) => (i.status === 'failed' && i.file ? { id: i.id, name: i.name, size: i.size, type: i.type, file: i.file, status: 'queued' } : i)));
      dispatch({ type: 'set', phase: { status: 'waiting-uploads' } });
    },
    submitWithoutFailedUploads() {
      const kept = files.filter((i) => i.status !== 'failed');
      changeFiles(kept);
      send(kept);
    },
    stopWaiting: () => dispatch({ type: 'set', phase: EDITING }),
    discardDraft() {
      clearDraft();
      setItems([]);
      dispatch({ type: 'reset', phase: EDITING });
    },
    fieldRef: (name) => (element) => void (elements.current[name] = element),
    focus,
    ticketForm,
  };
}
