'use client';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { PortalApiError, Ticket } from '../../client';
import { useCreateTicket } from '../../hooks/useCreateTicket';
import { useDraft } from '../../hooks/useDraft';
import { usePortalI18n } from '../shared/usePortalI18n';
import type { UploadItem } from '../../hooks/useAttachmentUpload';
import { AttachmentUploader } from '../AttachmentUploader/AttachmentUploader';
import { cx, type ClassNames } from '../shared/cx';
import { ErrorNotice } from '../shared/ErrorNotice';
import { ComponentsProvider, type PortalComponents } from '../shared/overrides';
import { Root, type PortalTheme } from '../shared/Root';

export type NewTicketFormPart =
  | 'root'
  | 'title'
  | 'description'
  | 'form'
  | 'field'
  | 'label'
  | 'input'
  | 'textarea'
  | 'counter'
  | 'error'
  | 'notice'
  | 'uploader'
  | 'actions'
  | 'submit'
  | 'cancel';

/** The API's limits on the subject and the description. */
import { BODY_MAX_LENGTH as DESCRIPTION_MAX_LENGTH, SUBJECT_MAX_LENGTH } from '../shared/limits';

export { DESCRIPTION_MAX_LENGTH, SUBJECT_MAX_LENGTH };

export interface NewTicketFormValues {
  subject: string;
  description: string;
}

/** What `renderExtraFields` gets to wire host fields into the form. */
export interface NewTicketFormExtraFieldsContext {
  /**
   * Text sent at the end of the description, after a blank line (e.g.
   * `"Plan: Pro\nAccount: 1234"`). Pass `''` to send nothing extra.
   */
  setExtraText(text: string): void;
  /** The text set so far. */
  extraText: string;
  /** True while the ticket is being created: disable your fields. */
  disabled: boolean;
}

export interface NewTicketFormProps {
  /**
   * Called with the created ticket; the draft is cleared first.
   * @example <NewTicketForm onTicketCreate={(ticket) => navigate(`/support/${ticket.id}`)} />
   */
  onTicketCreate?: (ticket: Ticket) => void;
  /**
   * Shows a Cancel button that calls this. The draft is kept.
   * @example <NewTicketForm onCancel={() => setView('list')} />
   */
  onCancel?: () => void;
  /**
   * Starting text when there is no saved draft.
   * @example <NewTicketForm defaultValues={{ subject: 'Billing question' }} />
   */
  defaultValues?: Partial<NewTicketFormValues>;
  /**
   * Most attachments.
   * @default 5
   * @example <NewTicketForm maxFiles={10} />
   */
  maxFiles?: number;
  /**
   * Largest attachment in bytes (at most the API's 50 MB).
   * @default 10 MB
   * @example <NewTicketForm maxSize={25 * 1024 * 1024} />
   */
  maxSize?: number;
  /**
   * Accepted attachment types (MIME types, `type/*`, `.ext`). Default: any.
   * @example <NewTicketForm accept={['image/*', 'application/pdf', '.log']} />
   */
  accept?: string[];
  /**
   * Longest subject. The API's limit is 200; only lower it.
   * @default 200
   * @example <NewTicketForm subjectMaxLength={120} />
   */
  subjectMaxLength?: number;
  /**
   * Names the saved draft (per signed-in customer): the subject, description
   * and already-uploaded files survive a reload or a failed send, and one
   * idempotency key per draft makes a repeated send create one ticket. Give
   * each independent form its own id.
   * @default 'new-ticket'
   * @example <NewTicketForm draftId="billing-question" />
   */
  draftId?: string;
  /**
   * Your own fields, rendered after the description. Custom fields are not on
   * the portal API yet, so their values either travel in the description (call
   * `ctx.setExtraText`, sent after a blank line) or go to your own backend
   * (e.g. in `onTicketCreate`, with the new ticket's id). Their values are
   * your state: they are not part of the saved draft.
   * @example
   * <NewTicketForm
   *   renderExtraFields={({ setExtraText, disabled }) => (
   *     <label>Plan <select disabled={disabled} onChange={(e) => setExtraText(`Plan: ${e.target.value}`)}>…</select></label>
   *   )}
   * />
   */
  renderExtraFields?: (ctx: NewTicketFormExtraFieldsContext) => ReactNode;
  /**
   * Shows the "New ticket" heading and intro. Turn it off when the host (or
   * `NewTicketDialog`) supplies its own.
   * @default true
   * @example <NewTicketForm showTitle={false} />
   */
  showTitle?: boolean;
  /**
   * Extra class on the root element (`dt-new-ticket`).
   * @example <NewTicketForm className="my-form" />
   */
  className?: string;
  /**
   * Class names per part.
   * @example <NewTicketForm classNames={{ submit: 'my-primary', field: 'my-field' }} />
   */
  classNames?: ClassNames<NewTicketFormPart>;
  /**
   * Colour theme when used on its own.
   * @example <NewTicketForm theme="auto" />
   */
  theme?: PortalTheme;
  /**
   * Replacement parts for nested kit components.
   * @example <NewTicketForm components={{ EmptyState: MyEmptyState }} />
   */
  components?: Partial<PortalComponents>;
}

interface Draft {
  subject: string;
  description: string;
  /** Uploaded files only (`file: null`): a File can't be stored, an attachment id can. */
  attachments: UploadItem[];
}

type Field = 'subject' | 'description';
type Errors = Partial<Record<Field, string>>;
type Phase = 'idle' | 'waiting' | 'choice' | 'sending';

const uploadedOnly = (items: UploadItem[]) =>
  items.flatMap((i) => (i.status === 'uploaded' ? [{ ...i, file: null }] : []));
const idsOf = (items: UploadItem[]) => items.flatMap((i) => (i.status === 'uploaded' ? [i.attachment.id] : []));
const sameIds = (a: UploadItem[], b: UploadItem[]) => idsOf(a).join() === idsOf(b).join();

/**
 * A form to open a ticket: subject (required, with a length counter),
 * description, attachments and optional host fields. It never loses work:
 * the draft (text and uploaded files) is saved as you type and restored after
 * a reload or a failed send; sending waits for uploads in progress and asks
 * before leaving out files that failed; a repeated send (double click, retry
 * after a timeout) creates one ticket.
 *
 * @example
 * <NewTicketForm onTicketCreate={(ticket) => openTicket(ticket.id)} accept={['image/*', 'application/pdf']} />
 */
export function NewTicketForm({
  onTicketCreate,
  onCancel,
  defaultValues,
  maxFiles,
  maxSize,
  accept,
  subjectMaxLength = SUBJECT_MAX_LENGTH,
  draftId = 'new-ticket',
  renderExtraFields,
  showTitle = true,
  className,
  classNames = {},
  theme,
  components,
}: NewTicketFormProps) {
  const i18n = usePortalI18n();
  const { t } = i18n;
  const create = useCreateTicket({ draftId });
  const [initial] = useState<Draft>(() => ({
    subject: defaultValues?.subject ?? '',
    description: defaultValues?.description ?? '',
    attachments: [],
  }));
  const [draft, setDraft, clearDraft] = useDraft<Draft>(draftId, initial);

  // The live upload list (with File objects and progress); the draft keeps its uploaded part.
  const [items, setItems] = useState<UploadItem[]>(() => uploadedOnly(draft.attachments));
  const [synced, setSynced] = useState(draft.attachments);
  if (draft.attachments !== synced) {
    // The draft was loaded (the customer became known) or discarded: follow it.
    setSynced(draft.attachments);
    setItems(uploadedOnly(draft.attachments));
  }
  const changeItems = (next: UploadItem[]) => {
    setItems(next);
    const uploaded = uploadedOnly(next);
    if (!sameIds(uploaded, synced)) {
      setSynced(uploaded);
      setDraft((d) => ({ ...d, attachments: uploaded }));
    }
  };

  const [touched, setTouched] = useState(false);
  const [restored, setRestored] = useState(false);
  const differs = draft.subject !== initial.subject || draft.description !== initial.description || draft.attachments.length > 0;
  if (!touched && !restored && differs) setRestored(true);

  const [errors, setErrors] = useState<Errors>({});
  const [dirty, setDirty] = useState<Partial<Record<Field, boolean>>>({});
  const [phase, setPhase] = useState<Phase>('idle');
  const [failure, setFailure] = useState<{ error: PortalApiError; mapped: boolean; attachments: boolean } | null>(null);
  const [created, setCreated] = useState<Ticket | null>(null);
  const [extraText, setExtraText] = useState('');

  const id = useId();
  const ids = {
    title: `${id}-title`,
    subject: `${id}-subject`,
    count: `${id}-count`,
    subjectError: `${id}-subject-error`,
    description: `${id}-description`,
    hint: `${id}-hint`,
    descriptionError: `${id}-description-error`,
  };
  const subjectRef = useRef<HTMLInputElement>(null);
  const descriptionRef = useRef<HTMLTextAreaElement>(null);
  // Notice buttons (stop waiting, retry, create without failed files) go away
  // when pressed: focus moves to the submit button instead of <body>.
  const submitRef = useRef<HTMLButtonElement>(null);
  const focusSubmit = () => submitRef.current?.focus();
  const sending = useRef(false);

  const validate = (field: Field, text: string): string | undefined => {
    if (field === 'subject') {
      const subject = text.trim();
      if (!subject) return t('formSubjectRequired');
      if (subject.length > subjectMaxLength) return t('formSubjectTooLong', { max: subjectMaxLength });
      return undefined;
    }
    return text.length > DESCRIPTION_MAX_LENGTH ? t('formBodyTooLong', { max: DESCRIPTION_MAX_LENGTH }) : undefined;
  };

  const edit = (field: Field, text: string) => {
    setTouched(true);
    setCreated(null);
    setDirty((d) => (d[field] ? d : { ...d, [field]: true }));
    setDraft((d) => ({ ...d, [field]: text }));
    // Once a field shows an error, it updates as the user fixes it.
    if (errors[field]) setErrors((e) => ({ ...e, [field]: validate(field, text) }));
  };

  const blur = (field: Field) => {
    if (dirty[field] || errors[field]) setErrors((e) => ({ ...e, [field]: validate(field, draft[field]) }));
  };

  const focusField = (field: Field) => (field === 'subject' ? subjectRef : descriptionRef).current?.focus();

  const inFlight = items.filter((i) => i.status === 'queued' || i.status === 'uploading').length;
  const failed = items.filter((i) => i.status === 'failed').length;

  const send = async (list: UploadItem[]) => {
    if (sending.current) return;
    sending.current = true;
    setPhase('sending');
    setFailure(null);
    const attachmentIds = idsOf(list);
    const body = [draft.description.trim(), extraText.trim()].filter(Boolean).join('\n\n');
    try {
      const ticket = await create.mutateAsync({ title: draft.subject.trim(), body, attachmentIds });
      clearDraft();
      setItems([]);
      setErrors({});
      setDirty({});
      setTouched(false);
      setRestored(false);
      setCreated(ticket);
      onTicketCreate?.(ticket);
    } catch (e) {
      const error = e as PortalApiError;
      const fieldErrors = error.fieldErrors ?? [];
      const next: Errors = {};
      let attachments = false;
      for (const { field } of fieldErrors) {
        if (field === 'title') next.subject = t('formSubjectRejected');
        else if (field === 'body') next.description = t('formBodyRejected');
        else {
          // `attachmentIds[2]`: that file can't be used (expired, already attached); mark it failed.
          const index = /^attachmentIds\[(\d+)\]$/.exec(field)?.[1];
          const refused = index === undefined ? undefined : attachmentIds[Number(index)];
          if (refused) {
            attachments = true;
            changeItems(
              list.map((i) =>
                i.status === 'uploaded' && i.attachment.id === refused ? { ...i, status: 'failed', error } : i,
              ),
            );
          }
        }
      }
      setErrors(next);
      setFailure({ error, attachments, mapped: attachments || !!next.subject || !!next.description });
      if (next.subject) focusField('subject');
      else if (next.description) focusField('description');
    } finally {
      sending.current = false;
      setPhase((p) => (p === 'sending' ? 'idle' : p));
    }
  };

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (sending.current) return;
    const next: Errors = {
      subject: validate('subject', draft.subject),
      description: validate('description', draft.description),
    };
    setErrors(next);
    setFailure(null);
    if (next.subject || next.description) {
      setPhase('idle');
      focusField(next.subject ? 'subject' : 'description');
      return;
    }
    if (inFlight) setPhase('waiting');
    else if (failed) setPhase('choice');
    else void send(items);
  };

  // Continue the submit once uploads settle, with the fields as they are by
  // then (checked again): send, or ask about the files that failed.
  const submitCurrent = useRef(submit);
  submitCurrent.current = submit;
  useEffect(() => {
    if (phase === 'waiting' && !inFlight) submitCurrent.current();
  }, [phase, inFlight]);

  const retryFailed = () => {
    focusSubmit();
    changeItems(
      items.map((i) =>
        i.status === 'failed' && i.file
          ? { id: i.id, name: i.name, size: i.size, type: i.type, file: i.file, status: 'queued' }
          : i,
      ),
    );
    setPhase('waiting');
  };

  const sendWithoutFailed = () => {
    focusSubmit();
    const kept = items.filter((i) => i.status !== 'failed');
    changeItems(kept);
    void send(kept);
  };

  const discard = () => {
    clearDraft();
    setItems([]);
    setErrors({});
    setDirty({});
    setFailure(null);
    setRestored(false);
    setTouched(false);
    setPhase('idle');
    subjectRef.current?.focus();
  };

  const busy = phase === 'sending';
  const subjectLength = draft.subject.trim().length;
  const fieldClass = cx('dt-field', classNames.field);
  const describe = (...parts: (string | false | undefined)[]) => parts.filter(Boolean).join(' ') || undefined;

  return (
    <Root className={cx('dt-new-ticket', className, classNames.root)} theme={theme}>
      <ComponentsProvider components={components}>
        {showTitle ? (
          <>
            <h2 id={ids.title} className={cx('dt-new-ticket-title', classNames.title)}>
              {t('formTitle')}
            </h2>
            <p className={cx('dt-new-ticket-description', classNames.description)}>{t('formDescription')}</p>
          </>
        ) : null}
        <form
          className={cx('dt-new-ticket-form', classNames.form)}
          aria-labelledby={showTitle ? ids.title : undefined}
          aria-label={showTitle ? undefined : t('formTitle')}
          noValidate
          onSubmit={submit}
        >
          {restored ? (
            <div className={cx('dt-notice', classNames.notice)} data-variant="info">
              <span>{t('formDraftRestored')}</span>
              <button type="button" className="dt-link" onClick={discard}>
                {t('formDiscardDraft')}
              </button>
            </div>
          ) : null}

          <div className={fieldClass}>
            <label htmlFor={ids.subject} className={cx('dt-label', classNames.label)}>
              {t('formSubject')}
            </label>
            <input
              ref={subjectRef}
              id={ids.subject}
              name="subject"
              className={cx('dt-input', classNames.input)}
              value={draft.subject}
              onChange={(e) => edit('subject', e.target.value)}
              onBlur={() => blur('subject')}
              required
              aria-invalid={errors.subject ? true : undefined}
              aria-describedby={describe(errors.subject && ids.subjectError, ids.count)}
              autoComplete="off"
            />
            <span
              id={ids.count}
              className={cx('dt-hint dt-new-ticket-count', classNames.counter)}
              data-state={subjectLength > subjectMaxLength ? 'over' : undefined}
            >
              {t('formSubjectCount', { count: subjectLength, max: subjectMaxLength })}
            </span>
            {errors.subject ? (
              <span id={ids.subjectError} className={cx('dt-field-error', classNames.error)}>
                {errors.subject}
              </span>
            ) : null}
          </div>

          <div className={fieldClass}>
            <label htmlFor={ids.description} className={cx('dt-label', classNames.label)}>
              {t('formBody')}
            </label>
            <span id={ids.hint} className="dt-hint">
              {t('formBodyHint')}
            </span>
            <textarea
              ref={descriptionRef}
              id={ids.description}
              name="description"
              className={cx('dt-textarea', classNames.textarea)}
              value={draft.description}
              onChange={(e) => edit('description', e.target.value)}
              onBlur={() => blur('description')}
              rows={5}
              aria-invalid={errors.description ? true : undefined}
              aria-describedby={describe(errors.description && ids.descriptionError, ids.hint)}
            />
            {errors.description ? (
              <span id={ids.descriptionError} className={cx('dt-field-error', classNames.error)}>
                {errors.description}
              </span>
            ) : null}
          </div>

          {renderExtraFields?.({ setExtraText, extraText, disabled: busy })}

          <AttachmentUploader
            className={classNames.uploader}
            value={items}
            onValueChange={(next) => {
              setTouched(true);
              changeItems(next);
            }}
            maxFiles={maxFiles}
            maxSize={maxSize}
            accept={accept}
            disabled={busy}
          />

          {/* Present from the start so what appears here is read out. */}
          <div className="dt-new-ticket-status" role="status">
            {phase === 'waiting' ? (
              <div className={cx('dt-notice', classNames.notice)} data-variant="info">
                <span>{t('formWaitingUploads', { count: inFlight })}</span>
                <button
                  type="button"
                  className="dt-button"
                  data-size="sm"
                  onClick={() => {
                    focusSubmit();
                    setPhase('idle');
                  }}
                >
                  {t('cancel')}
                </button>
              </div>
            ) : created ? (
              <div className={cx('dt-notice', classNames.notice)} data-variant="success">
                {t('formCreated', { number: created.label })}
              </div>
            ) : null}
          </div>

          {phase === 'choice' && failed ? (
            <div className={cx('dt-notice', classNames.notice)} data-variant="warning" role="alert">
              <span>{t('formUploadsFailed', { count: failed })}</span>
              {items.some((i) => i.status === 'failed' && i.file) ? (
                <button type="button" className="dt-button" data-size="sm" onClick={retryFailed}>
                  {t('retry')}
                </button>
              ) : null}
              <button type="button" className="dt-button" data-size="sm" onClick={sendWithoutFailed}>
                {t('formSubmitWithoutFailed')}
              </button>
            </div>
          ) : null}

          {failure?.mapped ? (
            <div className={cx('dt-notice', classNames.notice)} data-variant="error" role="alert">
              {t(failure.attachments ? 'formAttachmentsRejected' : 'formErrorSummary')}
            </div>
          ) : failure ? (
            <ErrorNotice
              className={classNames.notice}
              error={failure.error}
              onRetry={() => {
                focusSubmit();
                submit();
              }}
            />
          ) : null}

          <div className={cx('dt-new-ticket-actions', classNames.actions)}>
            {onCancel ? (
              <button type="button" className={cx('dt-button', classNames.cancel)} onClick={onCancel}>
                {t('cancel')}
              </button>
            ) : null}
            <button
              ref={submitRef}
              type="submit"
              className={cx('dt-button', classNames.submit)}
              data-variant="primary"
              aria-disabled={busy || undefined}
            >
              {t(busy ? 'formSubmitting' : 'formSubmit')}
            </button>
          </div>
        </form>
      </ComponentsProvider>
    </Root>
  );
}
