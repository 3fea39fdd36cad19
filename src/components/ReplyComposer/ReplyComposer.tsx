'use client';
import { forwardRef, lazy, Suspense, useId, useSyncExternalStore, type FormEvent } from 'react';
import { useReplyComposer, type ReplyBlockReason } from '../../hooks/useReplyComposer';
import { BODY_MAX_LENGTH } from '../../client/limits';
import type { PortalMessages } from '../../i18n';
import { usePortalI18n } from '../shared/usePortalI18n';
import { cx } from '../shared/cx';
import { LiveRegion, useAnnouncer } from '../shared/LiveRegion';
import { Root } from '../shared/Root';
import type { ReplyComposerProps } from './types';

// The uploader (with react-dropzone) is its own chunk, fetched when the first
// reply box renders: the portal's first paint doesn't wait for it.
const AttachmentUploader = lazy(() => import('../AttachmentUploader/AttachmentUploader').then((m) => ({ default: m.AttachmentUploader })));

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
 * The behaviour is `useReplyComposer`'s; this draws it.
 *
 * The forwarded ref is the textarea, not the root (focus it after "Edit"):
 * kept from the first release, which documented it so. Other props go to the root.
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
    closedStatuses,
    disabled = false,
    disabledReason,
    maxFiles,
    maxSize,
    accept,
    noAttachments = false,
    className,
    classNames = {},
    theme,
    ...rest
  },
  ref,
) {
  const { t } = usePortalI18n();
  const [message, announce] = useAnnouncer();
  const textOf = (why: ReplyBlockReason | null) =>
    why === null ? '' : why === 'disabled' ? (disabledReason ?? t('composerClosed')) : t(REASON_TEXT[why], { max: BODY_MAX_LENGTH });
  const composer = useReplyComposer(ticketId, {
    value,
    onValueChange,
    closedStatuses,
    disabled,
    onReplyStart,
    onReplySend: (comment) => {
      announce(t('composerSent'));
      onReplySend?.(comment);
    },
    onReplyError: (error, localId) => {
      announce(t('composerSendFailed'));
      onReplyError?.(error, localId);
    },
    onReplyBlock: (why) => announce(textOf(why)),
  });
  const { reason, attempted } = composer;
  const apple = useSyncExternalStore(noSubscribe, isApple, notApple);
  const inputId = useId();
  const hintId = useId();
  const reasonId = useId();

  const reasonText = textOf(reason);
  // "Write something first" before any attempt would only nag; it stays available to screen readers.
  const reasonVisible = reason !== null && (reason !== 'empty' || attempted);
  const closed = reason === 'closed';

  const state = closed ? 'closed' : reason === 'session-expired' ? 'expired' : reason ? 'blocked' : 'ready';
  return (
    <Root {...rest} className={cx('dt-reply-composer', className)} theme={theme} data-state={state}>
      <form
        className={cx('dt-reply-composer-form', classNames.form)}
        onSubmit={(event: FormEvent) => {
          event.preventDefault();
          void composer.submit();
        }}
        noValidate
      >
        <label htmlFor={inputId} className={cx('dt-visually-hidden', classNames.label)}>
          {t('composerLabel')}
        </label>
        <textarea
          ref={ref}
          id={inputId}
          className={cx('dt-textarea dt-reply-composer-input', classNames.textarea)}
          value={composer.text}
          placeholder={t('composerPlaceholder')}
          rows={2}
          disabled={closed}
          aria-describedby={reasonVisible ? `${reasonId} ${hintId}` : hintId}
          onChange={(event) => composer.setText(event.target.value)}
          onKeyDown={composer.onKeyDown}
        />
        {noAttachments ? null : (
          <Suspense fallback={null}>
            <AttachmentUploader
              ticketId={ticketId}
              value={composer.files}
              onValueChange={composer.setFiles}
              maxFiles={maxFiles}
              maxSize={maxSize}
              accept={accept}
              variant="compact"
              disabled={closed || disabled || reason === 'session-expired'}
              className={cx('dt-reply-composer-uploader', classNames.uploader)}
            />
          </Suspense>
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
