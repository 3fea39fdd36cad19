'use client';
import { memo, useCallback, useId, type ReactNode } from 'react';
import type { Virtualizer } from '@tanstack/react-virtual';
import type { Comment } from '../../client';
import { errorText, type Translator } from '../../i18n';
import type { AttachmentRef, MessageBodyMessages, MessageBodyProps } from '../MessageBody';
import { cx } from '../shared/cx';
import { usePart, type MessageRowProps, type ThreadMessage } from '../shared/overrides';
import { usePortalI18n } from '../shared/usePortalI18n';
import { MessageBubble } from './MessageBubble';
import { MessageContent } from './messageContent';

/** "You", the staff member's name (else "Support team"), or "System"; the API may leave names out. */
export function authorLabel(t: Translator['t'], comment: Pick<Comment, 'authorType' | 'authorName'>): string {
  if (comment.authorType === 'customer') return t('you');
  if (comment.authorType === 'system') return t('system');
  return comment.authorName?.trim() || t('supportTeam');
}

export const keyOf = (message: ThreadMessage) => (message.kind === 'comment' ? message.comment.id : message.reply.localId);

/** The bubble, plus for a failed reply what went wrong and what to do. Overridable as `MessageRow`. */
function DefaultMessageRow({ message, authorLabel: label, body, actions, retryRef, className }: MessageRowProps) {
  const i18n = usePortalI18n();
  const { t } = i18n;
  const errorId = useId();
  const comment = message.kind === 'comment' ? message.comment : null;
  const reply = message.kind === 'outbox' ? message.reply : null;
  const authorType = comment?.authorType ?? 'customer';
  const createdAt = comment?.createdAt ?? reply?.createdAt ?? '';
  return (
    <MessageBubble
      className={className}
      authorType={authorType}
      authorLabel={label}
      isOwn={authorType === 'customer'}
      createdAt={createdAt}
      time={i18n.dateTime(createdAt)}
      body={body}
      delivery={reply?.status}
      actions={
        reply?.status === 'sending' && reply.waiting && actions?.cancel ? (
          <div className="dt-message-actions">
            <p className="dt-hint">{t(reply.waiting === 'offline' ? 'messageOffline' : 'messageSlow')}</p>
            <button type="button" className="dt-button" data-size="sm" data-variant="ghost" onClick={actions.cancel}>
              {t('messageCancel')}
            </button>
          </div>
        ) : reply?.status === 'failed' && actions ? (
          <div className="dt-message-actions">
            <p id={errorId} className="dt-field-error">
              {reply.error ? errorText(i18n, reply.error) : t('messageFailed')}
            </p>
            {actions.retry ? (
              <button
                ref={retryRef}
                type="button"
                className="dt-button"
                data-size="sm"
                data-action="retry"
                aria-describedby={errorId}
                onClick={actions.retry}
              >
                {t('messageRetry')}
              </button>
            ) : null}
            {actions.edit ? (
              <button type="button" className="dt-button" data-size="sm" data-variant="ghost" onClick={actions.edit}>
                {t('messageEdit')}
              </button>
            ) : null}
            <button type="button" className="dt-button" data-size="sm" data-variant="ghost" onClick={actions.discard}>
              {t('messageDiscard')}
            </button>
          </div>
        ) : undefined
      }
    />
  );
}

/** What a failed reply can do; `retry` and `edit` are left out while the ticket takes no replies. A slow or offline one can be cancelled. */
export interface ReplyActions {
  retry?(localId: string): void;
  edit?(localId: string): void;
  discard(localId: string): void;
  cancel?(localId: string): void;
}

export interface BodySettings {
  ticketId: string;
  renderAttachment: (ref: AttachmentRef) => ReactNode;
  messages: MessageBodyMessages;
  allowRemoteImages?: boolean;
  onError?: MessageBodyProps['onError'];
}

interface ThreadItemProps {
  message: ThreadMessage;
  index: number;
  setSize: number;
  /** Virtual offset in px, or null when rendered in normal flow. */
  offset: number | null;
  measure: Virtualizer<HTMLDivElement, Element>['measureElement'] | undefined;
  actions: ReplyActions;
  /** Keeps each failed reply's Retry button, by local id (for focus after a failed send). */
  registerRetry: (localId: string, button: HTMLButtonElement | null) => void;
  onItemFocus: (key: string) => void;
  className?: string;
  bodySettings: BodySettings;
}

/** One article of the feed around a message row. Memoised: scrolling re-renders the list, not every message. */
export const ThreadItem = memo(function ThreadItem({
  message,
  index,
  setSize,
  offset,
  measure,
  actions,
  registerRetry,
  onItemFocus,
  className,
  bodySettings,
}: ThreadItemProps) {
  const { t } = usePortalI18n();
  const Row = usePart('MessageRow', DefaultMessageRow);
  const key = keyOf(message);
  const label = message.kind === 'comment' ? authorLabel(t, message.comment) : t('you');
  const text = message.kind === 'comment' ? message.comment.body : message.reply.body;
  const retryRef = useCallback((button: HTMLButtonElement | null) => registerRetry(key, button), [registerRetry, key]);
  const { retry, edit, discard, cancel } = actions;
  return (
    // onFocus only notes which message holds focus (it bubbles from a link or button inside); it is not an interaction.
    // eslint-disable-next-line jsx-a11y/no-noninteractive-element-interactions
    <article
      ref={measure}
      data-index={index}
      data-key={key}
      className={cx('dt-ticket-thread-item', className)}
      aria-posinset={index + 1}
      aria-setsize={setSize}
      aria-label={t('messageFrom', { name: label })}
      style={offset === null ? undefined : { transform: `translateY(${offset}px)` }}
      onFocus={() => onItemFocus(key)}
    >
      <Row
        message={message}
        authorLabel={label}
        body={<MessageContent body={text} {...bodySettings} />}
        actions={
          message.kind === 'outbox'
            ? {
                retry: retry && (() => retry(key)),
                edit: edit && (() => edit(key)),
                discard: () => discard(key),
                cancel: cancel && (() => cancel(key)),
              }
            : undefined
        }
        retryRef={retryRef}
      />
    </article>
  );
});
