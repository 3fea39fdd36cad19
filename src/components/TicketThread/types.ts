import type { Ref } from 'react';
import type { MessageBodyProps } from '../MessageBody';
import type { ReplyComposerProps } from '../ReplyComposer';
import type { ClassNames } from '../shared/cx';
import type { PortalComponents } from '../shared/overrides';
import type { PortalTheme, RootAttributes } from '../shared/Root';
import type { ConversationPart } from './Conversation';

export type TicketThreadPart =
  | 'header'
  | 'back'
  | 'label'
  | 'title'
  | 'created'
  | ConversationPart
  | 'footer'
  | 'closed';

/** Class names per part: `classNames={{ header: 'my-header', message: 'my-message' }}`. */
export type TicketThreadClassNames = ClassNames<TicketThreadPart>;

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

/** The thread's own props; any other prop (`id`, `data-*`, `aria-*`, handlers) goes to the root `<section>`. */
export interface TicketThreadProps extends RootAttributes {
  /**
   * The ticket to show.
   * @example <TicketThread ticketId="tkt_123" />
   */
  ticketId: string;
  /**
   * Shows a "Back to tickets" button in the header (and in the not-found state).
   * @example <TicketThread ticketId={id} onBack={() => navigate('/support')} />
   */
  onBack?: () => void;
  /**
   * Called by the "New ticket" button a closed ticket shows instead of the composer.
   * @example <TicketThread ticketId={id} onNewTicket={() => setDialogOpen(true)} />
   */
  onNewTicket?: () => void;
  /**
   * Level of the title heading, to fit the page's outline; section headings use the next level.
   * @default 2
   * @example <TicketThread ticketId={id} headingLevel={1} />
   */
  headingLevel?: HeadingLevel;
  /**
   * The title heading (focusable with `tabIndex=-1`): move focus there after navigating to the thread.
   * @example
   * const heading = useRef<HTMLHeadingElement>(null);
   * <TicketThread ticketId={id} headingRef={heading} />
   */
  headingRef?: Ref<HTMLHeadingElement>;
  /**
   * How often to check for new replies, in ms; `false` to stop. Defaults to the provider's `pollInterval`.
   * @example <TicketThread ticketId={id} pollInterval={5000} />
   */
  pollInterval?: number | false;
  /**
   * Statuses that take no replies: the composer is replaced by a "closed" message.
   * @default ['closed', 'spam']
   * @example <TicketThread ticketId={id} closedStatuses={['closed', 'spam', 'archived']} />
   */
  closedStatuses?: readonly string[];
  /**
   * Load `http(s)` images in email bodies (off: they are mostly tracking pixels).
   * @default false
   * @example <TicketThread ticketId={id} allowRemoteImages />
   */
  allowRemoteImages?: boolean;
  /**
   * Called when a message fails to render; that message then shows its plain text, the rest of the thread is unaffected.
   * @example <TicketThread ticketId={id} onMessageError={(error) => reportError(error)} />
   */
  onMessageError?: MessageBodyProps['onError'];
  /**
   * Props for the reply composer (file limits, callbacks).
   * @example <TicketThread ticketId={id} composerProps={{ maxFiles: 3, accept: ['image/*'] }} />
   */
  composerProps?: Omit<ReplyComposerProps, 'ticketId' | 'value' | 'onValueChange' | 'closedStatuses' | 'theme'>;
  /**
   * Replace whole parts (`MessageRow`, `MessageBubble`, `Avatar`, `StatusBadge`, `EmptyState`).
   * @example <TicketThread ticketId={id} components={{ Avatar: MyAvatar, MessageRow: MyMessage }} />
   */
  components?: Partial<PortalComponents>;
  /**
   * Extra class on the root element (`dt-ticket-thread`).
   * @example <TicketThread ticketId={id} className="my-thread" />
   */
  className?: string;
  /**
   * Class names per part.
   * @example <TicketThread ticketId={id} classNames={{ title: 'my-title', message: 'my-message' }} />
   */
  classNames?: TicketThreadClassNames;
  /**
   * Colour theme when used on its own (inside another kit component it follows that one).
   * @example <TicketThread ticketId={id} theme="auto" />
   */
  theme?: PortalTheme;
}
