'use client';
import { useEffect, useId, useState, type MouseEvent, type ReactNode } from 'react';
import { useAttachments } from '../../hooks/useAttachments';
import { useAttachmentUrl } from '../../hooks/useAttachmentUrl';
import { usePortalI18n } from '../shared/usePortalI18n';
import type { AttachmentRef } from '../MessageBody';
import { cx } from '../shared/cx';
import { ErrorNotice } from '../shared/ErrorNotice';
import { FileIcon } from '../shared/FileIcon';
import type { ImageViewer } from './ImageViewer';
import { isActiveFile, isPreviewableImage } from '../../shared/fileTypes';
import { safeName } from '../../shared/safeName';
import { useScrollRoot } from './scrollRoot';

/** A cached URL with less than this left is renewed before it is opened. */
const FRESH_MS = 30_000;

/** True once the element has come near the visible part of the thread (always true without IntersectionObserver). */
export function useInView<T extends Element>(): [(node: T | null) => void, boolean] {
  const [node, setNode] = useState<T | null>(null);
  const [inView, setInView] = useState(() => typeof IntersectionObserver === 'undefined');
  // Relative to the thread's own scroller: what matters is being near its visible part.
  const scrollRoot = useScrollRoot();
  useEffect(() => {
    if (!node || inView) return;
    const root = scrollRoot?.current ?? null;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && setInView(true), {
      root,
      rootMargin: '200px',
    });
    observer.observe(node);
    return () => observer.disconnect();
  }, [node, inView, scrollRoot]);
  return [setNode, inView];
}

/** Saves a URL as a file, never opening it in a tab (for types that could run script). */
function saveAs(url: string, filename: string) {
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener noreferrer';
  a.click();
}

/**
 * A download link through a presigned URL, fetched when the link is shown (in
 * parallel with the others) and renewed before it expires. A fresh URL is a
 * plain `target=_blank` link, so the click stays synchronous and no popup
 * blocker interferes; a stale one is renewed on click into a tab opened at once.
 * Active types (SVG, HTML…) are only ever downloaded, never opened in a tab.
 */
export function useDownload(ticketId: string, attachmentId: string, hint?: { contentType?: string; filename?: string }) {
  const [ref, inView] = useInView<HTMLElement>();
  const query = useAttachmentUrl(ticketId, attachmentId, { enabled: inView });
  const [state, setState] = useState<'idle' | 'opening' | 'failed'>('idle');
  const { data, getFreshUrl } = query;
  const known = hint?.contentType !== undefined || data !== undefined;
  const filename = hint?.filename ?? data?.filename ?? '';
  const active = isActiveFile(hint?.contentType ?? data?.contentType ?? '', filename);
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    if (data && Date.parse(data.expiresAt) - Date.now() > FRESH_MS) {
      setState('idle');
      return;
    }
    event.preventDefault();
    const tab = known && active ? null : window.open('', '_blank');
    // Same effect as rel="noopener" for a tab we navigate ourselves.
    if (tab) tab.opener = null;
    setState('opening');
    getFreshUrl().then(
      ({ downloadUrl, contentType, filename: name }) => {
        setState('idle');
        if (isActiveFile(contentType, name)) {
          tab?.close();
          saveAs(downloadUrl, name);
        } else if (tab) tab.location.href = downloadUrl;
        else window.open(downloadUrl, '_blank', 'noopener,noreferrer');
      },
      () => {
        tab?.close();
        setState('failed');
      },
    );
  };
  const failed = state === 'failed' || (query.isError && !data);
  const linkProps = {
    href: data?.downloadUrl ?? '#',
    ...(active ? { download: filename } : { target: '_blank' }),
    rel: 'noopener noreferrer',
    onClick,
    'data-state': failed ? 'error' : state === 'opening' ? 'loading' : undefined,
  };
  return { ref, query, linkProps, state: failed ? ('failed' as const) : state };
}

/**
 * A thumbnail that failed to load (a network blip, an expired URL) gets a
 * fresh URL and one more try at once; after that, `retry` on click.
 */
function useImageRetry(refetch: () => Promise<unknown>) {
  const [tries, setTries] = useState(0);
  const [broken, setBroken] = useState(false);
  const retry = () => {
    setBroken(false);
    // A new key remounts the image: it is fetched again even if the URL is the same.
    void refetch().finally(() => setTries((n) => n + 1));
  };
  return { key: tries, broken, retry, onError: () => (tries ? setBroken(true) : retry()) };
}

/** Offers to load a broken thumbnail again. */
function ReloadImage({ name, onClick }: { name: string; onClick: () => void }) {
  const { t } = usePortalI18n();
  return (
    <button type="button" className="dt-button" data-size="sm" data-variant="ghost" onClick={onClick}>
      {t('attachmentReload', { name })}
    </button>
  );
}

/** A short status after a link: "Opening…" or "We couldn't open …". */
export function DownloadStatus({ state, name }: { state: 'idle' | 'opening' | 'failed'; name: string }) {
  const { t } = usePortalI18n();
  return (
    <span className={state === 'failed' ? 'dt-field-error' : 'dt-hint'} role="status">
      {state === 'idle' ? '' : t(state === 'failed' ? 'attachmentError' : 'attachmentOpening', { name })}
    </span>
  );
}

/** Inline `attachment:<id>` references in a body: images as thumbnails, links as downloads. */
export function InlineAttachment({ ticketId, id, kind, alt, children }: AttachmentRef & { ticketId: string }) {
  const { t } = usePortalI18n();
  const { ref, query, linkProps, state } = useDownload(ticketId, id);
  const image = useImageRetry(query.refetch);
  const name = safeName(query.data?.filename ?? alt ?? id);
  // An SVG or other non-raster file referenced as an image is offered as a download instead.
  if (kind === 'link' || (query.data && !isPreviewableImage(query.data.contentType, query.data.filename))) {
    return (
      <span ref={ref} className="dt-ticket-thread-inline-link">
        <a {...linkProps}>{children ?? (alt || name)}</a> <DownloadStatus state={state} name={name} />
      </span>
    );
  }
  const url = query.data?.downloadUrl;
  const { broken } = image;
  return (
    <span ref={ref} className="dt-ticket-thread-inline-image" data-state={linkProps['data-state']}>
      <a {...linkProps}>
        {url && !broken ? (
          <img key={image.key} src={url} alt={alt || t('attachmentImage', { name })} loading="lazy" onError={image.onError} />
        ) : (
          <span className="dt-message-body-attachment">{alt || name}</span>
        )}
      </a>
      <DownloadStatus state={broken ? 'failed' : state} name={name} />
      {broken ? <ReloadImage name={name} onClick={image.retry} /> : null}
    </span>
  );
}

interface CardProps {
  ticketId: string;
  id: string;
  filename: string;
  /** Unknown for a file a message links to before the ticket's file list has loaded. */
  contentType?: string;
  size?: number;
  /** Opens a raster image large (in a message) instead of in a new tab; loaded with the message's files. */
  viewer?: typeof ImageViewer;
}

/** One file: a thumbnail or type icon, name and size; a download link, or for an image in a message, a button that opens it large. */
export function AttachmentCard({ ticketId, id, filename: rawName, contentType, size, viewer: Viewer }: CardProps) {
  const i18n = usePortalI18n();
  const filename = safeName(rawName);
  const { ref, query, linkProps, state } = useDownload(ticketId, id, { contentType, filename: rawName });
  const image = useImageRetry(query.refetch);
  const type = contentType ?? query.data?.contentType ?? '';
  const url = isPreviewableImage(type, rawName) && !image.broken ? query.data?.downloadUrl : undefined;
  const bytes = size ?? query.data?.size;
  const content = (
    <>
      <span className="dt-ticket-thread-file-preview">
        {url ? <img key={image.key} src={url} alt="" loading="lazy" onError={image.onError} /> : <FileIcon type={type} />}
      </span>
      <span className="dt-ticket-thread-file-name">{filename}</span>
      <span className="dt-ticket-thread-file-size">{bytes === undefined ? null : i18n.fileSize(bytes)}</span>
    </>
  );
  return (
    <li ref={ref} className="dt-ticket-thread-file" data-state={linkProps['data-state']} data-image={url ? '' : undefined}>
      {Viewer && url ? (
        <Viewer thumbnail={content} src={url} name={filename} download={linkProps} />
      ) : (
        <a {...linkProps} className="dt-ticket-thread-file-link" title={i18n.t('attachmentDownload', { name: filename })}>
          {content}
        </a>
      )}
      <DownloadStatus state={state} name={filename} />
      {image.broken ? <ReloadImage name={filename} onClick={image.retry} /> : null}
    </li>
  );
}

/** The ticket's files: thumbnails or type icons, name, size, download on click. */
export function TicketAttachments({
  ticketId,
  heading: Heading,
  className,
}: {
  ticketId: string;
  heading: `h${1 | 2 | 3 | 4 | 5 | 6}`;
  className?: string;
}) {
  const { t } = usePortalI18n();
  const headingId = useId();
  const { data, error, refetch, errorUpdatedAt, isFetching } = useAttachments(ticketId);
  // A retry resets the error while it runs; keep the notice (and its focused button) until it ends.
  const [lastError, setLastError] = useState<unknown>(null);
  const shown = error ?? (isFetching && errorUpdatedAt ? lastError : null);
  if (shown !== lastError) setLastError(shown);
  let content: ReactNode = null;
  if (data?.length) {
    content = (
      <ul className="dt-ticket-thread-files">
        {data.map((attachment) => (
          <AttachmentCard key={attachment.id} ticketId={ticketId} {...attachment} />
        ))}
      </ul>
    );
  } else if (shown) {
    content = <ErrorNotice title={t('threadAttachmentsError')} error={shown} onRetry={() => void refetch()} />;
  }
  if (!content) return null;
  return (
    <section className={cx('dt-ticket-thread-attachments', className)} aria-labelledby={headingId}>
      <Heading id={headingId} className="dt-ticket-thread-subheading">
        {t('threadAttachments')}
      </Heading>
      {content}
    </section>
  );
}
