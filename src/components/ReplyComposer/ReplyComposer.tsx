'use client';
import {
  forwardRef,
  useId,
  useState,
  useSyncExternalStore,
  type FormEvent,
  type KeyboardEvent,
} from 'react';
import type { Comment, PortalApiError } from '../../client';
import type { UploadItem } from '../../hooks/useAttachmentUpload';
import { useAddComment } from '../../hooks/useAddComment';
import { useDraft } from '../../hooks/useDraft';
import { usePortalI18n } from '../shared/usePortalI18n';
import { usePortalSession } from '../../hooks/usePortalSession';
import { useTicket } from '../../hooks/useTicket';
import type { PortalMessages } from '../../i18n';
import { AttachmentUploader } from '../AttachmentUploader';
import { BODY_MAX_LENGTH } from '../shared/limits';
import { cx, type ClassNames } from '../shared/cx';
import { LiveRegion, useAnnouncer } from '../shared/LiveRegion';
import { Root, type PortalTheme } from '../shared/Root';
import { acceptsReplies, DEFAULT_CLOSED_STATUSES, replyBody } from './replies';

export type ReplyComposerPart = 'form' | 'label' | 'textarea' | 'uploader' | 'footer' | 'reason' | 'hint' | 'submit';

/** Why a reply can't be sent right now; `null` when it can. */
export type ReplyBlockReason = 'closed' | 'session-expired' | 'disabled' | 'uploading' | 'uploads-failed' | 'empty' | 'too-long';

export interface ReplyComposerProps {
  /**
   * The ticket to reply to. Files are uploaded straight onto it.
   * @example <ReplyComposer ticketId="tkt_123" />
   */
  ticketId: string;
  /**
   * The reply text, controlled. Without it the composer keeps its own draft,
   * saved across reloads per customer and ticket.
   * @example <ReplyComposer ticketId={id} value={text} onValueChange={setText} />
   */
  value?: string;
  /**
   * Called with the new text on every change (and with `''` once a reply is handed to the outbox).
   * @example <ReplyComposer ticketId={id} onValueChange={(text) => setDirty(text !== '')} />
   */
  onValueChange?: (value: string) => void;
  /**
   * Called when the server confirmed a reply.
   * @example <ReplyComposer ticketId={id} onReplySend={(comment) => track('reply', comment.id)} />
   */
  onReplySend?: (comment: Comment) => void;
  /**
   * Called as soon as a reply is handed to the outbox (before the server answers),
   * e.g. to scroll the thread to the bottom.
   * @example <ReplyComposer ticketId={id} onReplyStart={() => scrollToEnd()} />
   */
  onReplyStart?: () => void;
  /**
   * Called when a reply failed. It stays in the outbox (`useAddComment(ticketId).outbox`) with retry and edit.
   * @example <ReplyComposer ticketId={id} onReplyError={() => retryButton.current?.focus()} />
   */
  onReplyError?: (error: PortalApiError) => void;
  /**
   * Statuses that take no replies. Every other status, custom ones and `resolved` included, does.
   * @default ['closed', 'spam']
   * @example <ReplyComposer ticketId={id} closedStatuses={['closed', 'spam', 'archived']} />
   */
  closedStatuses?: readonly string[];
  /**
   * Refuses sending (the text stays editable); pass `disabledReason` to say why.
   * @example <ReplyComposer ticketId={id} disabled={readOnly} disabledReason="Replies are paused during maintenance." />
   */
  disabled?: boolean;
  /**
   * The reason shown while `disabled`.
   * @default t('composerClosed')
   * @example <ReplyComposer ticketId={id} disabled disabledReason="Read-only preview" />
   */
  disabledReason?: string;
  /**
   * Most files per reply.
   * @default 5
   * @example <ReplyComposer ticketId={id} maxFiles={3} />
   */
  maxFiles?: number;
  /**
   * Largest file in bytes (capped at the API's 50 MB).
   * @default 10 MB
   * @example <ReplyComposer ticketId={id} maxSize={20 * 1024 * 1024} />
   */
  maxSize?: number;
  /**
   * Accepted file types: MIME types, `type/*` or `.ext`. Default: any.
   * @example <ReplyComposer ticketId={id} accept={['image/*', 'application/pdf']} />
   */
  accept?: string[];
  /**
   * Hide the attachment button (text-only replies).
   * @default false
   * @example <ReplyComposer ticketId={id} noAttachments />
   */
  noAttachments?: boolean;
  /**
   * Extra class on the root element (`dt-reply-composer`).
   * @example <ReplyComposer ticketId={id} className="my-composer" />
   */
  className?: string;
  /**
   * Class names per part.
   * @example <ReplyComposer ticketId={id} classNames={{ textarea: 'my-input', submit: 'my-send' }} />
   */
  classNames?: ClassNames<ReplyComposerPart>;
  /**
   * Colour theme when used on its own (inside another kit component it follows that one).
   * @example <ReplyComposer ticketId={id} theme="dark" />
   */
  theme?: PortalTheme;
}

const REASON_TEXT: Record<Exclude<ReplyBlockReason, 'disabled'>, keyof PortalMessages> = {
  closed: 'composerClosed',
  'session-expired': 'composerSessionExpired',
  uploading: 'composerWaitingUploads',
  'uploads-failed': 'composerUploadsFailed',
  empty: 'composerEmpty',
  'too-long': 'composerTooLong',
};

const noSubscribe = () => () => {};
const isApple = () => {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return /mac|iphone|ipad|ipod/i.test(nav.userAgentData?.platform ?? nav.platform ?? '');
};
// The server can't know the platform; it renders the Ctrl+Enter hint.
const notApple = () => false;

/**
 * The reply box under a ticket thread: a growing textarea, files uploaded onto
 * the ticket as they are added, send with the button or Ctrl/⌘+Enter. A sent
 * reply leaves the composer at once and shows in the thread as "sending"; if
 * it fails, it stays there with retry and edit, so no text is ever lost.
 * Sending is never refused silently: the reason is shown next to the button.
 *
 * The forwarded ref is the textarea (focus it after "Edit").
 *
 * @example
 * <ReplyComposer ticketId={ticket.id} />
 */
export const ReplyComposer = forwardRef<HTMLTextAreaElement, ReplyComposerProps>(function ReplyComposer(
  {
    ticketId,
    value,
    onValueChange,
    onReplySend,
    onReplyStart,
    onReplyError,
    closedStatuses = DEFAULT_CLOSED_STATUSES,
    disabled = false,
    disabledReason,
    maxFiles,
    maxSize,
    accept,
    noAttachments = false,
    className,
    classNames = {},
    theme,
  },
  ref,
) {
  const i18n = usePortalI18n();
  const { t } = i18n;
  const session = usePortalSession();
  // Shares the thread's cache entry; polling is the thread's job.
  const { data: ticket } = useTicket(ticketId, { pollInterval: false });
  const { send } = useAddComment(ticketId);
  const [draft, setDraft, clearDraft] = useDraft(`reply:${ticketId}`, '');
  const [files, setFiles] = useState<UploadItem[]>([]);
  const [attempted, setAttempted] = useState(false);
  // Files are uploaded onto one ticket: moving to another starts over (and stops
  // uploads still running), so they can never be linked from the other's reply.
  const [filesTicketId, setFilesTicketId] = useState(ticketId);
  if (filesTicketId !== ticketId) {
    setFilesTicketId(ticketId);
    setFiles([]);
    setAttempted(false);
  }
  const [message, announce] = useAnnouncer();
  const apple = useSyncExternalStore(noSubscribe, isApple, notApple);
  const inputId = useId();
  const hintId = useId();
  const reasonId = useId();

  const controlled = value !== undefined;
  const text = controlled ? value : draft;
  const setText = (next: string) => {
    if (!controlled) setDraft(next);
    onValueChange?.(next);
  };

  const closed = ticket ? !acceptsReplies(ticket.status, closedStatuses) : false;
  const expired = session.status === 'expired';
  const uploaded = files.flatMap((f) => (f.status === 'uploaded' ? [{ id: f.attachment.id, name: f.name }] : []));
  const reason: ReplyBlockReason | null = closed
    ? 'closed'
    : disabled
      ? 'disabled'
      : expired
        ? 'session-expired'
        : files.some((f) => f.status === 'queued' || f.status === 'uploading')
          ? 'uploading'
          : files.some((f) => f.status === 'failed')
            ? 'uploads-failed'
            : !text.trim() && !uploaded.length
              ? 'empty'
              : replyBody(text, uploaded).length > BODY_MAX_LENGTH
                ? 'too-long'
                : null;
  const reasonText =
    reason === null
      ? ''
      : reason === 'disabled'
        ? (disabledReason ?? t('composerClosed'))
        : t(REASON_TEXT[reason], { max: BODY_MAX_LENGTH });
  // "Write something first" before any attempt would only nag; it stays available to screen readers.
  const reasonVisible = reason !== null && (reason !== 'empty' || attempted);

  const submit = () => {
    if (reason) {
      setAttempted(true);
      announce(reasonText);
      return;
    }
    const body = replyBody(text, uploaded);
    setAttempted(false);
    if (controlled) onValueChange?.('');
    else clearDraft();
    setFiles([]);
    onReplyStart?.();
    send(body).then(
      (comment) => {
        announce(t('composerSent'));
        onReplySend?.(comment);
      },
      (error: PortalApiError) => {
        announce(t('composerSendFailed'));
        onReplyError?.(error);
      },
    );
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.nativeEvent.isComposing) {
      event.preventDefault();
      submit();
    }
  };

  const state = reason === 'closed' ? 'closed' : reason === 'session-expired' ? 'expired' : reason ? 'blocked' : 'ready';
  return (
    <Root className={cx('dt-reply-composer', className)} theme={theme} data-state={state}>
      <form className={cx('dt-reply-composer-form', classNames.form)} onSubmit={onSubmit} noValidate>
        <label htmlFor={inputId} className={cx('dt-visually-hidden', classNames.label)}>
          {t('composerLabel')}
        </label>
        <textarea
          ref={ref}
          id={inputId}
          className={cx('dt-textarea dt-reply-composer-input', classNames.textarea)}
          value={text}
          placeholder={t('composerPlaceholder')}
          rows={2}
          disabled={closed}
          aria-describedby={reasonVisible ? `${reasonId} ${hintId}` : hintId}
          onChange={(event) => {
            setText(event.target.value);
            if (attempted) setAttempted(false);
          }}
          onKeyDown={onKeyDown}
        />
        {noAttachments ? null : (
          <AttachmentUploader
            ticketId={ticketId}
            value={files}
            onValueChange={setFiles}
            maxFiles={maxFiles}
            maxSize={maxSize}
            accept={accept}
            variant="compact"
            disabled={closed || disabled || expired}
            className={cx('dt-reply-composer-uploader', classNames.uploader)}
          />
        )}
        <div className={cx('dt-reply-composer-footer', classNames.footer)}>
          <p
            id={reasonId}
            className={cx(reasonVisible ? 'dt-reply-composer-reason' : 'dt-visually-hidden', classNames.reason)}
            data-reason={reason ?? undefined}
            hidden={!reason}
          >
            {reasonText}
          </p>
          <span id={hintId} className={cx('dt-hint dt-reply-composer-hint', classNames.hint)}>
            {t('composerShortcut', { shortcut: t(apple ? 'composerShortcutKeysMac' : 'composerShortcutKeys') })}
          </span>
          <button
            type="submit"
            className={cx('dt-button dt-reply-composer-submit', classNames.submit)}
            data-variant="primary"
            // aria-disabled, not disabled: the button stays focusable and says why.
            aria-disabled={reason ? true : undefined}
            aria-describedby={reason ? reasonId : undefined}
          >
            {t('composerSend')}
          </button>
        </div>
      </form>
      <LiveRegion message={message} />
    </Root>
  );
});
