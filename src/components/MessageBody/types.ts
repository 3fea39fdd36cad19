import type { ReactNode } from 'react';

/** How a body is written. Email-sourced bodies are HTML; the portal's own composer writes markdown. */
export type MessageFormat = 'html' | 'markdown' | 'text';

/** An `attachment:<id>` reference found in a body, handed to `renderAttachment`. */
export interface AttachmentRef {
  /** The attachment id after `attachment:` (word characters and dashes only). */
  id: string;
  /** `image` for `<img src="attachment:…">` / `![alt](attachment:…)`, `link` for `<a href="attachment:…">` / `[text](attachment:…)`. */
  kind: 'image' | 'link';
  /** The image's alt text (images only). */
  alt?: string;
  /** The link's rendered content (links only). */
  children?: ReactNode;
}

/** Strings MessageBody shows itself. Pass localised ones; the defaults are English. */
export interface MessageBodyMessages {
  showQuotedText: string;
  hideQuotedText: string;
  remoteImageBlocked: string;
}

export const defaultMessageBodyMessages: MessageBodyMessages = {
  showQuotedText: 'Show quoted text',
  hideQuotedText: 'Hide quoted text',
  remoteImageBlocked: 'Remote image blocked',
};

export interface HtmlToReactOptions {
  /**
   * Renders `attachment:<id>` references: inline images and links to the ticket's files.
   * Keep it stable (`useCallback`) in long threads; a new function re-walks every body.
   * Default: an image becomes its alt text in a span, a link becomes its text.
   * @example
   * renderAttachment={({ id, kind, alt, children }) =>
   *   kind === 'image' ? <AttachmentImage id={id} alt={alt ?? ''} /> : <AttachmentLink id={id}>{children}</AttachmentLink>}
   */
  renderAttachment?: (ref: AttachmentRef) => ReactNode;
  /**
   * Load `http(s)` images. Off by default: remote images in email are mostly tracking
   * pixels, so they render as a short "Remote image blocked" note instead.
   * @example
   * allowRemoteImages={settings.loadRemoteImages}
   */
  allowRemoteImages?: boolean;
  /**
   * Localised strings for the quoted-text toggle and the blocked-image note.
   * @example
   * messages={{ showQuotedText: 'Zitat anzeigen', hideQuotedText: 'Zitat ausblenden', remoteImageBlocked: 'Externes Bild blockiert' }}
   */
  messages?: Partial<MessageBodyMessages>;
}
