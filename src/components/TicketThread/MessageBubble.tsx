'use client';
import { usePortalI18n } from '../shared/usePortalI18n';
import { cx } from '../shared/cx';
import { usePart, type MessageBubbleProps } from '../shared/overrides';
import { RelativeTime } from '../shared/RelativeTime';
import { Avatar } from './Avatar';

function DefaultMessageBubble({ authorType, authorLabel, isOwn, createdAt, body, delivery, actions, className }: MessageBubbleProps) {
  const { t } = usePortalI18n();
  return (
    <div
      className={cx('dt-message', className)}
      data-author={authorType}
      data-own={isOwn ? '' : undefined}
      data-delivery={delivery}
    >
      {isOwn || authorType === 'system' ? null : <Avatar name={authorLabel} authorType={authorType} />}
      <div className="dt-message-main">
        <div className="dt-message-meta">
          <span className="dt-message-author">{authorLabel}</span>
          {delivery ? (
            <span className="dt-message-delivery">{t(delivery === 'sending' ? 'messageSending' : 'messageFailed')}</span>
          ) : (
            <RelativeTime date={createdAt} className="dt-message-time" />
          )}
        </div>
        <div className="dt-message-bubble">{body}</div>
        {actions}
      </div>
    </div>
  );
}

/**
 * One message of a thread: author, time, body; the customer's own on the
 * other side in the accent colour, system notes quiet. Overridable as `MessageBubble`.
 */
export function MessageBubble(props: MessageBubbleProps) {
  const Part = usePart('MessageBubble', DefaultMessageBubble);
  return <Part {...props} />;
}
