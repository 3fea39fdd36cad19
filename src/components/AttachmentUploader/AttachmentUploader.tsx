'use client';
import { forwardRef, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useDropzone } from 'react-dropzone';
import { useAttachmentUpload, type UploadItem, type UploadRejection } from '../../hooks/useAttachmentUpload';
import { useCapabilities } from '../../hooks/useCapabilities';
import { useLatest } from '../../shared/useLatest';
import { usePortalI18n } from '../shared/usePortalI18n';
import { cx } from '../shared/cx';
import { LiveRegion, useAnnouncer } from '../shared/LiveRegion';
import { Root } from '../shared/Root';
import { safeName } from '../../shared/safeName';
import type { AttachmentUploaderProps } from './types';
import { UploadRow } from './UploadRow';
import { usePasteTarget } from './usePasteTarget';
import { useUploadAnnouncements } from './useUploadAnnouncements';

const REJECT_KEYS = {
  'file-too-large': 'rejectTooLarge',
  'file-invalid-type': 'rejectType',
  'too-many-files': 'rejectTooMany',
  'file-empty': 'rejectEmpty',
} as const;

/**
 * Attach files: drop them, pick them with the button, or paste a screenshot
 * (anywhere in the surrounding form). Each file gets a row with a preview, real
 * upload progress, cancel, retry and remove; refused files get a specific reason;
 * status changes are announced politely. Without `ticketId` files are uploaded
 * as pending attachments for a new ticket; with it, straight onto that ticket.
 * The queue is `useAttachmentUpload`'s; this draws it. The ref is the root element.
 *
 * @example
 * const [files, setFiles] = useState<UploadItem[]>([]);
 * <AttachmentUploader value={files} onValueChange={setFiles} accept={['image/*', 'application/pdf']} />
 * create.mutate({ title, attachmentIds: files.flatMap((f) => (f.status === 'uploaded' ? [f.attachment.id] : [])) });
 */
export const AttachmentUploader = forwardRef<HTMLElement, AttachmentUploaderProps>(function AttachmentUploader(
  {
    ticketId,
    value,
    defaultValue,
    onValueChange,
    maxFiles: maxFilesProp,
    maxSize: maxSizeProp,
    accept: acceptProp,
    concurrency,
    disabled = false,
    variant = 'dropzone',
    onFilesReject,
    className,
    classNames = {},
    theme,
    ...rest
  },
  ref,
) {
  const i18n = usePortalI18n();
  const { t } = i18n;
  // Through the gateway the backend's limits apply (the host's when tighter),
  // and a helpdesk without files shows no uploader at all.
  const capabilities = useCapabilities().data;
  const limits = capabilities?.limits;
  const tighter = (host: number | undefined, backend: number | null | undefined) => (backend == null ? host : Math.min(host ?? backend, backend));
  const maxFiles = tighter(maxFilesProp, limits?.maxFiles);
  const maxSize = tighter(maxSizeProp, limits?.maxFileSize);
  const accept = acceptProp ?? (limits?.accept.length ? limits.accept : undefined);
  const uploads = useAttachmentUpload({ ticketId, maxFiles, maxSize, accept, concurrency, value, defaultValue, onValueChange });
  const { items } = uploads;
  const [message, announce] = useAnnouncer();
  const [rejections, setRejections] = useState<UploadRejection[]>([]);
  const labelId = useId();
  const hintId = useId();
  const browseRef = useRef<HTMLButtonElement>(null);

  const addFiles = (files: File[]) => {
    if (disabled || !files.length) return;
    const rejected = uploads.add(files);
    setRejections(rejected);
    if (rejected.length) onFilesReject?.(rejected);
  };
  // Native listeners and dropzone callbacks see the newest props through this.
  const latestAdd = useLatest(addFiles);
  const add = useCallback((files: File[]) => latestAdd.current(files), [latestAdd]);

  const { getRootProps, getInputProps, open, isDragActive, rootRef } = useDropzone({
    onDrop: add,
    // The button is the one control: the zone itself is neither clickable nor focusable.
    noClick: true,
    noKeyboard: true,
    // Pastes are handled on the whole form (usePasteTarget), to name screenshots.
    noPaste: true,
    // The native input keeps the file dialog testable and works outside secure contexts.
    useFsAccessApi: false,
    disabled,
  });
  usePasteTarget(rootRef, browseRef, add, i18n);
  useUploadAnnouncements(items, t, announce);

  // Removing a row removes the focused button: keep focus on the next row's control.
  const primaries = useRef(new Map<string, HTMLButtonElement>());
  const removed = useRef<{ id: string; index: number } | null>(null);
  useEffect(() => {
    const gone = removed.current;
    // Once the row is gone: an upload's progress may render before the removal does.
    if (!gone || items.some((i) => i.id === gone.id)) return;
    removed.current = null;
    const next = items[Math.min(gone.index, items.length - 1)];
    (next ? primaries.current.get(next.id) : browseRef.current)?.focus();
  }, [items]);

  const drop = (item: UploadItem, index: number, cancelled: boolean) => {
    removed.current = { id: item.id, index };
    uploads.remove(item.id);
    if (cancelled) announce(t('uploadAnnounceCancelled', { name: safeName(item.name) }));
  };

  const limit = i18n.fileSize(uploads.maxSize);
  const limitsText = t('uploaderLimits', { count: uploads.maxFiles, size: limit });
  const types = accept?.length ? ` ${t('uploaderTypes', { types: accept.join(', ') })}` : '';
  const compact = variant === 'compact';
  if (capabilities && !capabilities.features.attachments) return null;

  return (
    <Root ref={ref} {...rest} className={cx('dt-uploader', className, classNames.root)} theme={theme} data-variant={variant}>
      <div
        {...getRootProps({
          className: cx('dt-uploader-zone', classNames.zone),
          role: 'group',
          'aria-labelledby': compact ? undefined : labelId,
          'aria-label': compact ? t('uploaderLabel') : undefined,
          'aria-describedby': hintId,
        })}
        data-state={isDragActive ? 'drag-active' : 'idle'}
        data-disabled={disabled ? '' : undefined}
      >
        {/* Hidden from assistive tech (and without dropzone's English label): the button below is the way in, for everyone. */}
        <input {...getInputProps({ accept: accept?.join(','), 'aria-hidden': true, 'aria-label': undefined })} />
        {compact ? null : (
          <>
            <span id={labelId} className={cx('dt-uploader-label', classNames.label)}>
              {t('uploaderLabel')}
            </span>
            <span className={cx('dt-uploader-prompt', classNames.prompt)}>{t(isDragActive ? 'uploaderDragActive' : 'uploaderPrompt')}</span>
          </>
        )}
        <button
          ref={browseRef}
          type="button"
          className={cx('dt-button', classNames.button)}
          data-size={compact ? 'sm' : undefined}
          data-variant={compact ? 'ghost' : undefined}
          onClick={open}
          disabled={disabled}
        >
          {t(compact ? 'uploaderAttach' : 'uploaderBrowse')}
        </button>
        <span id={hintId} className={cx('dt-hint', classNames.hint)}>
          {limitsText}
          {types}
        </span>
      </div>
      {/* Always present, so a refusal is read out when it appears. */}
      <div className={cx('dt-uploader-rejections', classNames.rejections)} role="status">
        {rejections.length ? (
          <div className="dt-notice" data-variant="error">
            <ul>
              {rejections.map(({ file, code }, index) => (
                <li key={index}>{t(REJECT_KEYS[code], { name: safeName(file.name), size: limit, count: uploads.maxFiles })}</li>
              ))}
            </ul>
            <button
              type="button"
              className="dt-button"
              data-size="sm"
              onClick={() => {
                setRejections([]);
                // The button goes away with the notice: keep focus on the way in, not <body>.
                browseRef.current?.focus();
              }}
            >
              {t('uploaderDismiss')}
            </button>
          </div>
        ) : null}
      </div>
      {items.length ? (
        <ul className={cx('dt-uploader-list', classNames.list)} aria-label={t('uploaderList')}>
          {items.map((item, index) => (
            <UploadRow
              key={item.id}
              item={item}
              disabled={disabled}
              classNames={classNames}
              onRetry={() => uploads.retry(item.id)}
              onRemove={(cancelled) => drop(item, index, cancelled)}
              primaryRef={(button) => (button ? primaries.current.set(item.id, button) : primaries.current.delete(item.id))}
            />
          ))}
        </ul>
      ) : null}
      <LiveRegion message={message} />
    </Root>
  );
});
