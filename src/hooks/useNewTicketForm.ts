'use client';
import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import type { Ticket, TicketFormSchema } from '../client';
import { onDemand, type PortalApiError } from '../client/errors';
import { BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH } from '../client/limits';
import { useLatest } from '../shared/useLatest';
import type * as Actions from './form/formActions';
import type { FormAction, FormContext, FormState } from './form/formActions';
import type { UploadItem } from './useAttachmentUpload';
import { useCreateTicket } from './useCreateTicket';
import { useDraft } from './useDraft';
import { useTicketForm } from './useTicketForm';

/**
 * Validation, sending and server-error mapping: needed first on a blur or a
 * submit, so they load on demand, started when a form mounts.
 */
let actions: typeof Actions | undefined;
const loadActions = onDemand(() => import('./form/formActions').then((m) => (actions = m)), 'ticket form');

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

const EDITING: NewTicketFormStatus = { status: 'editing' };
const START: FormState = { phase: EDITING, issues: {}, dirty: {} };

function reduce(state: FormState, action: FormAction): FormState {
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
  const { draftId = 'new-ticket', subjectMaxLength = SUBJECT_MAX_LENGTH } = options;
  const create = useCreateTicket({ draftId });
  const schema = useTicketForm().form;
  const ticketForm = options.extensions === false ? null : schema;
  useEffect(() => void loadActions().catch(() => undefined), []);
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
  const uploading = files.filter((i) => i.status === 'queued' || i.status === 'uploading').length;
  const failedUploads = files.filter((i) => i.status === 'failed').length;
  const sending = useRef(false);
  const clear = () => {
    clearDraft();
    setItems([]);
  };
  const context: FormContext = {
    options,
    subjectMax: subjectMaxLength,
    bodyMax: BODY_MAX_LENGTH,
    ticketForm,
    values,
    state,
    files,
    uploading,
    failedUploads,
    sending,
    create: create.mutateAsync,
    dispatch,
    changeFiles,
    clear,
    focus,
  };
  const latest = useLatest(context);
  /**
   * Runs now once the actions are loaded (they are, a moment after mounting);
   * else once they are, with the form as it is then. A send whose chunk can't
   * load fails like a request that can't reach the server: nothing is lost,
   * sending again retries.
   */
  const run = (action: (a: typeof Actions, c: FormContext) => void, sends = true) => {
    if (actions) return action(actions, context);
    loadActions().then(
      (a) => action(a, latest.current),
      // onDemand rejects with a network PortalApiError only.
      (error: unknown) => sends && dispatch({ type: 'set', phase: { status: 'failed', error: error as PortalApiError, fields: false, attachments: false } }),
    );
  };
  const submit = () => run((a, c) => a.submit(c));

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
      // Once a field shows an issue (so the actions are loaded), it updates as the customer fixes it.
      dispatch({ type: 'edit', name, issues: state.issues[name] && actions && { [name]: actions.check(context, name, { ...values, [name]: value }) } });
    },
    blur: (name) => run((a, c) => a.blur(c, name), false),
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
    retryFailedUploads: () => run((a, c) => a.retryFailed(c)),
    submitWithoutFailedUploads: () => run((a, c) => a.sendWithoutFailed(c)),
    stopWaiting: () => dispatch({ type: 'set', phase: EDITING }),
    discardDraft() {
      clear();
      dispatch({ type: 'reset', phase: EDITING });
    },
    fieldRef: (name) => (element) => void (elements.current[name] = element),
    focus,
    ticketForm,
  };
}
