'use client';
import {
  Component,
  forwardRef,
  useEffect,
  useMemo,
  useSyncExternalStore,
  type DOMAttributes,
  type ErrorInfo,
  type HTMLAttributes,
  type ReactNode,
  type Ref,
} from 'react';
import { detectFormat } from './detectFormat';
import type { EmailParts } from './emailParts';
import { getEmailParts, loadEmailParts, subscribeEmailParts } from './emailPartsLoader';
import { parseHtml, walk } from './htmlToReact';
import { getMarkdownEngine, loadMarkdownEngine, subscribeMarkdownEngine, type RenderMarkdown } from './markdownLoader';
import { LIGHT_MAX, markdownToHtml } from './markdownToHtml';
import { htmlToText, textBlocks, textToReact } from './plainText';
import { splitQuotedReply } from './splitQuotedReply';
import { defaultMessageBodyMessages, type HtmlToReactOptions, type MessageFormat } from './types';

/**
 * Size caps: longer bodies render as plain text, which is linear. The API
 * takes 20,000 characters per body; email HTML is larger (inline styles,
 * tables), so it gets more room.
 */
export const MAX_RICH_MARKDOWN = 50_000;
export const MAX_RICH_HTML = 1_000_000;

/** What `onError` is told besides the error. */
export interface MessageBodyErrorInfo {
  /** The format the body was being rendered as. */
  format: MessageFormat;
  /** React's component stack, when it has one. */
  componentStack?: string;
}

/** DOM props that are not event handlers: `children` and the raw-HTML prop. A body is never raw HTML. */
type DomContentProps = Exclude<keyof DOMAttributes<HTMLDivElement>, `on${string}`>;
/** Attributes of the root `<div>` a host may set (the kit owns its content, `dir` and data attributes). */
type RootDivProps = Omit<HTMLAttributes<HTMLDivElement>, DomContentProps | 'onError' | 'dir'>;

export interface MessageBodyProps extends HtmlToReactOptions, RootDivProps {
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
  /**
   * Called when this message fails to render (for example a `renderAttachment`
   * that throws). The message then shows its plain text; nothing else on the
   * page is affected.
   * @example
   * <MessageBody body={body} onError={(error) => reportError(error)} />
   */
  onError?: (error: unknown, info: MessageBodyErrorInfo) => void;
}

// DOMParser exists only in the browser. The server (and hydration) render the
// plain-text fallback; the client switches to rich rendering right after, so
// the hydrated markup always matches.
const subscribe = () => () => {};
const canParse = () => typeof DOMParser !== 'undefined';
const onServer = () => false;
const noEngine = () => undefined;

/**
 * Markdown to HTML for the walker, with quoted email history split off first.
 * Before the engine has loaded, the small built-in renderer draws bodies up to
 * LIGHT_MAX characters; `null` means "show as plain text" (too long to wait
 * for the engine, or nested deeper than it renders).
 */
function markdownHtml(body: string, engine: RenderMarkdown | undefined): string | null {
  const render = (src: string) => (engine ? engine(src) : src.length <= LIGHT_MAX ? markdownToHtml(src) : null);
  const [main, quoted] = splitQuotedReply(body);
  const html = render(main);
  if (html === null || quoted === undefined) return html;
  const history = render(quoted);
  // The walker collapses .gmail_quote like an email client's quote.
  return history === null ? null : `${html}<div class="gmail_quote">${history}</div>`;
}

const rootClass = (className?: string) => (className ? `dt-message-body ${className}` : 'dt-message-body');

/** The message as text (its container keeps the line breaks): nothing here can fail on any input. */
function plainFallback(body: string, kind: MessageFormat): string {
  if (kind !== 'html') return body;
  try {
    return htmlToText(body);
  } catch {
    // Show the source rather than nothing.
    return body;
  }
}

interface BoundaryProps {
  /** A new body, format, engine or attachment renderer gets a fresh try. */
  resetDeps: readonly unknown[];
  body: string;
  kind: MessageFormat;
  className?: string;
  rootProps: RootDivProps;
  rootRef: Ref<HTMLDivElement> | undefined;
  onError?: MessageBodyProps['onError'];
  children: ReactNode;
}

/** Keeps a message that fails to render from taking anything else down: it shows its plain text instead. */
interface BoundaryState {
  failed: boolean;
  deps: readonly unknown[];
}

class MessageBoundary extends Component<BoundaryProps, BoundaryState> {
  override state: BoundaryState = { failed: false, deps: this.props.resetDeps };

  static getDerivedStateFromProps(props: BoundaryProps, state: BoundaryState) {
    const same = props.resetDeps.every((dep, i) => Object.is(dep, state.deps[i]));
    return same ? null : { failed: false, deps: props.resetDeps };
  }

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo) {
    this.props.onError?.(error, { format: this.props.kind, componentStack: info.componentStack ?? undefined });
  }

  override render() {
    if (!this.state.failed) return this.props.children;
    const { body, kind, className, rootProps, rootRef } = this.props;
    return (
      <div {...rootProps} ref={rootRef} className={rootClass(className)} data-format={kind} data-plain="" data-fallback="" dir="auto">
        {textBlocks(plainFallback(body, kind))}
      </div>
    );
  }
}

interface ContentProps extends HtmlToReactOptions {
  body: string;
  className: string | undefined;
  kind: MessageFormat;
  rich: boolean;
  engine: RenderMarkdown | undefined;
  rootProps: RootDivProps;
  rootRef: Ref<HTMLDivElement> | undefined;
  /** Loaded on demand (emailPartsLoader): until then the body renders as plain text (links, quoted text collapsed). */
  parts: EmailParts | undefined;
}

function MessageContent({ body, kind, rich, engine, parts, renderAttachment, allowRemoteImages, messages, className, rootProps, rootRef }: ContentProps) {
  const { showQuotedText, hideQuotedText, remoteImageBlocked } = { ...defaultMessageBodyMessages, ...messages };
  // Parsing is the expensive part and depends on the body alone; long threads re-render often.
  const parsed = useMemo(() => {
    if (!rich || !parts || kind === 'text') return null;
    if (kind === 'html') return body.length <= MAX_RICH_HTML ? parseHtml(body, { parts }) : null;
    if (body.length > MAX_RICH_MARKDOWN) return null;
    const html = markdownHtml(body.replace(/\r\n?/g, '\n'), engine);
    return html === null ? null : parseHtml(html, { markdown: true, parts });
  }, [rich, parts, kind, body, engine]);
  const content = useMemo(() => {
    const strings = { showQuotedText, hideQuotedText, remoteImageBlocked };
    if (parsed) return walk(parsed, { renderAttachment, allowRemoteImages, messages: strings });
    return textToReact(kind === 'html' ? htmlToText(body) : body, strings);
  }, [parsed, kind, body, renderAttachment, allowRemoteImages, showQuotedText, hideQuotedText, remoteImageBlocked]);
  return (
    // dir="auto": a customer's text keeps its own direction inside a portal in the other one.
    <div {...rootProps} ref={rootRef} className={rootClass(className)} data-format={kind} data-plain={parsed ? undefined : ''} dir="auto">
      {content}
    </div>
  );
}

/**
 * Renders a ticket or comment body safely: markdown and email HTML become React
 * elements through an allowlist sanitiser (never injected as HTML, nothing can run),
 * plain text keeps its line breaks, URLs become links, `attachment:<id>`
 * references go through `renderAttachment`, and quoted email history
 * collapses behind a "Show quoted text" toggle.
 *
 * Markdown is CommonMark with GFM tables, task lists, strikethrough and
 * autolinks; its engine loads on demand the first time a markdown body is
 * shown (a small built-in renderer draws the body meanwhile). The email
 * history detection and HTML pre-pass load with the first message; until
 * they arrive it shows as plain text (links, quoted text collapsed). A body that
 * fails to render, or is beyond the size and nesting caps, shows as plain
 * text; a failure is reported to `onError` and affects only this message.
 * Other props (`id`, `aria-*`, `data-*`, handlers) go to the root `<div>`, which
 * is also the ref.
 * @example
 * <MessageBody
 *   body={comment.body}
 *   renderAttachment={renderAttachment}
 *   messages={{ showQuotedText: t.showQuotedText, hideQuotedText: t.hideQuotedText, remoteImageBlocked: t.remoteImageBlocked }}
 * />
 */
export const MessageBody = forwardRef<HTMLDivElement, MessageBodyProps>(function MessageBody(
  { body, format, onError, className, renderAttachment, allowRemoteImages, messages, ...rootProps },
  ref,
) {
  const rich = useSyncExternalStore(subscribe, canParse, onServer);
  const engine = useSyncExternalStore(subscribeMarkdownEngine, getMarkdownEngine, noEngine);
  const parts = useSyncExternalStore(subscribeEmailParts, getEmailParts, noEngine);
  const kind = useMemo(() => format ?? detectFormat(body), [format, body]);
  const wantsEngine = rich && kind === 'markdown' && !engine;
  useEffect(() => {
    // A failed load (offline) keeps the built-in rendering; the next markdown body retries.
    if (wantsEngine) loadMarkdownEngine().catch(() => {});
  }, [wantsEngine]);
  useEffect(() => {
    // A failed load (offline) keeps the plain rendering; the next message retries.
    if (!parts) loadEmailParts().catch(() => {});
  }, [parts]);
  // What both the rich rendering and its plain-text fallback draw their root from.
  const root = { body, kind, className, rootProps, rootRef: ref };
  return (
    <MessageBoundary resetDeps={[body, kind, engine, parts, renderAttachment, allowRemoteImages]} onError={onError} {...root}>
      <MessageContent {...root} rich={rich} engine={engine} parts={parts} {...{ renderAttachment, allowRemoteImages, messages }} />
    </MessageBoundary>
  );
});
