'use client';
import { useMemo, useSyncExternalStore } from 'react';
import { detectFormat } from './detectFormat';
import { parseHtml, walk } from './htmlToReact';
import { markdownToHtml } from './markdownToHtml';
import { htmlToText, textToReact } from './plainText';
import { splitQuotedReply } from './splitQuotedReply';
import { defaultMessageBodyMessages, type HtmlToReactOptions, type MessageFormat } from './types';

export interface MessageBodyProps extends HtmlToReactOptions {
  /**
   * The ticket or comment body, untrusted: plain text, markdown or HTML from email.
   * @example
   * <MessageBody body={comment.body} />
   */
  body: string;
  /**
   * How the body is written. Defaults to a guess from its content (`detectFormat`).
   * @example
   * <MessageBody body={draft} format="markdown" />
   */
  format?: MessageFormat;
  /**
   * Extra class on the root element (which always has `dt-message-body`).
   * @example
   * <MessageBody body={body} className="my-bubble-text" />
   */
  className?: string;
}

// DOMParser exists only in the browser. The server (and hydration) render the
// plain-text fallback; the client switches to rich rendering right after, so
// the hydrated markup always matches.
const subscribe = () => () => {};
const canParse = () => typeof DOMParser !== 'undefined';
const onServer = () => false;

function markdownWithQuote(body: string): string {
  const [main, quoted] = splitQuotedReply(body.replace(/\r\n?/g, '\n'));
  // The walker collapses .gmail_quote like an email client's quote.
  return markdownToHtml(main) + (quoted === undefined ? '' : `<div class="gmail_quote">${markdownToHtml(quoted)}</div>`);
}

/**
 * Renders a ticket or comment body safely: markdown and email HTML become React
 * elements through an allowlist sanitiser (never injected as HTML, nothing can run),
 * plain text keeps its line breaks, URLs become links, `attachment:<id>`
 * references go through `renderAttachment`, and quoted email history
 * collapses behind a "Show quoted text" toggle.
 * @example
 * <MessageBody
 *   body={comment.body}
 *   renderAttachment={renderAttachment}
 *   messages={{ showQuotedText: t.showQuotedText, hideQuotedText: t.hideQuotedText, remoteImageBlocked: t.remoteImageBlocked }}
 * />
 */
export function MessageBody({ body, format, renderAttachment, allowRemoteImages, messages, className }: MessageBodyProps) {
  const rich = useSyncExternalStore(subscribe, canParse, onServer);
  const kind = useMemo(() => format ?? detectFormat(body), [format, body]);
  const { showQuotedText, hideQuotedText, remoteImageBlocked } = { ...defaultMessageBodyMessages, ...messages };
  // Parsing is the expensive part and depends on the body alone; long threads re-render often.
  const parsed = useMemo(
    () => (rich && kind !== 'text' ? parseHtml(kind === 'html' ? body : markdownWithQuote(body)) : null),
    [rich, kind, body],
  );
  const content = useMemo(() => {
    const strings = { showQuotedText, hideQuotedText, remoteImageBlocked };
    if (parsed) return walk(parsed, { renderAttachment, allowRemoteImages, messages: strings });
    return textToReact(kind === 'html' ? htmlToText(body) : body, strings);
  }, [parsed, kind, body, renderAttachment, allowRemoteImages, showQuotedText, hideQuotedText, remoteImageBlocked]);
  return (
    // dir="auto": a customer's text keeps its own direction inside a portal in the other one.
    <div className={className ? `dt-message-body ${className}` : 'dt-message-body'} data-format={kind} dir="auto">
      {content}
    </div>
  );
}
