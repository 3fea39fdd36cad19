import type { Comment, PortalApiError } from '../../client';
import type { ClassNames } from '../shared/cx';
import type { PortalTheme, RootAttributes } from '../shared/Root';

export type ReplyComposerPart = 'form' | 'label' | 'textarea' | 'uploader' | 'footer' | 'reason' | 'hint' | 'submit';

/** The composer's own props; any other prop (`id`, `data-*`, `aria-*`, handlers) goes to its root element. */
export interface ReplyComposerProps extends RootAttributes {
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
  onReplyError?: (error: PortalApiError, localId: string) => void;
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
