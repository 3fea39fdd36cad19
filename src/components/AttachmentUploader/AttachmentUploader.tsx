'use client';
import { useEffect, useId, useRef, useState } from 'react';
import { useDropzone } from 'react-dropzone';
import {
  DEFAULT_MAX_FILES,
  DEFAULT_MAX_SIZE,
  API_MAX_SIZE,
  useAttachmentUpload,
  type UploadItem,
  type UploadRejection,
} from '../../hooks/useAttachmentUpload';
import { usePortalI18n } from '../shared/usePortalI18n';
import type { Translator } from '../../i18n';
import { errorText } from '../../i18n';
import { cx, type ClassNames } from '../shared/cx';
import { FileIcon } from '../shared/FileIcon';
import { LiveRegion, useAnnouncer } from '../shared/LiveRegion';
import { Root, type PortalTheme } from '../shared/Root';
import { safeName } from '../shared/safeName';

export type AttachmentUploaderPart =
  | 'root'
  | 'zone'
  | 'label'
  | 'prompt'
  | 'button'
  | 'hint'
  | 'rejections'
  | 'list'
  | 'item'
  | 'preview'
  | 'name'
  | 'meta'
  | 'progress'
  | 'actions';

export interface AttachmentUploaderProps {
  /**
   * Upload onto this existing ticket. Without it files go to the pending flow,
   * and the uploaded items' `attachment.id`s are what `createTicket` needs.
   * @example <AttachmentUploader ticketId={ticket.id} />
   */
  ticketId?: string;
  /**
   * The upload list, controlled. Pass with `onValueChange` to own it (e.g. to
   * persist uploaded files in your own draft).
   * @example <AttachmentUploader value={files} onValueChange={setFiles} />
   */
  value?: UploadItem[];
  /**
   * Initial list when uncontrolled, e.g. files already uploaded (`file: null`).
   * @example <AttachmentUploader defaultValue={restored} />
   */
  defaultValue?: UploadItem[];
  /**
   * Called with the new list on every change, progress included.
   * @example <AttachmentUploader onValueChange={(items) => setIds(items.flatMap((i) => (i.status === 'uploaded' ? [i.attachment.id] : [])))} />
   */
  onValueChange?: (items: UploadItem[]) => void;
  /**
   * Most files in the list; extra files are refused one by one, the rest still go through.
   * @default 5
   * @example <AttachmentUploader maxFiles={10} />
   */
  maxFiles?: number;
  /**
   * Largest file in bytes, capped at the API's 50 MB.
   * @default 10 MB
   * @example <AttachmentUploader maxSize={25 * 1024 * 1024} />
   */
  maxSize?: number;
  /**
   * Accepted types: MIME types, `type/*` wildcards or `.ext` suffixes. Default: any type.
   * @example <AttachmentUploader accept={['image/*', 'application/pdf', '.log']} />
   */
  accept?: string[];
  /**
   * Uploads running at once.
   * @default 3
   * @example <AttachmentUploader concurrency={1} />
   */
  concurrency?: number;
  /**
   * Refuses new files and disables every control (e.g. while the host form submits).
   * @example <AttachmentUploader disabled={isSubmitting} />
   */
  disabled?: boolean;
  /**
   * `dropzone`: a labelled drop area with a "Choose files" button. `compact`: an
   * "Attach files" button and the file rows, for a reply composer; its container
   * still takes drops and pastes.
   * @default 'dropzone'
   * @example <AttachmentUploader variant="compact" ticketId={ticketId} />
   */
  variant?: 'dropzone' | 'compact';
  /**
   * Called with the files refused by a drop, pick or paste (they are also shown and announced).
   * @example <AttachmentUploader onFilesReject={(r) => track('rejected', r.length)} />
   */
  onFilesReject?: (rejections: UploadRejection[]) => void;
  /**
   * Extra class on the root element (`dt-uploader`).
   * @example <AttachmentUploader className="my-uploader" />
   */
  className?: string;
  /**
   * Class names per part.
   * @example <AttachmentUploader classNames={{ zone: 'my-zone', item: 'my-row' }} />
   */
  classNames?: ClassNames<AttachmentUploaderPart>;
  /**
   * Colour theme when used on its own (inside another kit component it follows that one).
   * @example <AttachmentUploader theme="dark" />
   */
  theme?: PortalTheme;
}

const REJECT_KEYS = {
  'file-too-large': 'rejectTooLarge',
  'file-invalid-type': 'rejectType',
  'too-many-files': 'rejectTooMany',
  'file-empty': 'rejectEmpty',
} as const;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Clipboard screenshots arrive as "image.png" (Chrome, Safari) or nameless;
 * several pasted that way would be indistinguishable in the list and on the ticket.
 */
function namePasted(files: File[], i18n: Translator): File[] {
  const d = new Date();
  const time = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}.${pad(d.getMinutes())}.${pad(d.getSeconds())}`;
  return files.map((file, index) => {
    if (file.name && !/^image\.\w+$/i.test(file.name)) return file;
    const ext = file.name.split('.')[1] ?? file.type.split('/')[1] ?? 'png';
    const suffix = files.length > 1 ? ` (${index + 1})` : '';
    // A new File over the same Blob: no bytes are copied.
    return new File([file], `${i18n.t('uploaderPastedName', { time })}${suffix}.${ext}`, {
      type: file.type,
      lastModified: file.lastModified,
    });
  });
}

/** An object URL for an image preview, revoked when the row goes away. */
function useObjectUrl(blob: Blob | null) {
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!blob) return;
    const next = URL.createObjectURL(blob);
    setUrl(next);
    return () => {
      URL.revokeObjectURL(next);
      setUrl(undefined);
    };
  }, [blob]);
  return url;
}

function Preview({ item, className }: { item: UploadItem; className?: string }) {
  const image = item.type.startsWith('image/') && item.file ? item.file : null;
  const url = useObjectUrl(image);
  return (
    <span className={cx('dt-uploader-preview', className)}>
      {url ? <img src={url} alt="" /> : <FileIcon type={item.type} />}
    </span>
  );
}

/**
 * Attach files: drop them, pick them with the button, or paste a screenshot
 * (anywhere in the surrounding form). Each file gets a row with a preview, real
 * upload progress, cancel, retry and remove; refused files get a specific reason;
 * status changes are announced politely. Without `ticketId` files are uploaded
 * as pending attachments for a new ticket; with it, straight onto that ticket.
 *
 * @example
 * const [files, setFiles] = useState<UploadItem[]>([]);
 * <AttachmentUploader value={files} onValueChange={setFiles} accept={['image/*', 'application/pdf']} />
 * create.mutate({ title, attachmentIds: files.flatMap((f) => (f.status === 'uploaded' ? [f.attachment.id] : [])) });
 */
export function AttachmentUploader({
  ticketId,
  value,
  defaultValue,
  onValueChange,
  maxFiles = DEFAULT_MAX_FILES,
  maxSize: maxSizeProp = DEFAULT_MAX_SIZE,
  accept,
  concurrency,
  disabled = false,
  variant = 'dropzone',
  onFilesReject,
  className,
  classNames = {},
  theme,
}: AttachmentUploaderProps) {
  const i18n = usePortalI18n();
  const { t } = i18n;
  const maxSize = Math.min(maxSizeProp, API_MAX_SIZE);
  const uploads = useAttachmentUpload({ ticketId, maxFiles, maxSize, accept, concurrency, value, defaultValue, onValueChange });
  const { items } = uploads;
  const [message, announce] = useAnnouncer();
  const [rejections, setRejections] = useState<UploadRejection[]>([]);
  const labelId = useId();
  const hintId = useId();
  const browseRef = useRef<HTMLButtonElement>(null);
  const listRef = useRef<HTMLUListElement>(null);

  const addFiles = (files: File[]) => {
    if (disabled || !files.length) return;
    const rejected = uploads.add(files);
    setRejections(rejected);
    if (rejected.length) onFilesReject?.(rejected);
  };
  // Native listeners and dropzone callbacks see the newest props through this.
  const addRef = useRef(addFiles);
  addRef.current = addFiles;

  const { getRootProps, getInputProps, open, isDragActive, rootRef } = useDropzone({
    onDrop: (accepted) => addRef.current(accepted),
    // The button is the one control: the zone itself is neither clickable nor focusable.
    noClick: true,
    noKeyboard: true,
    // Pastes are handled below, on the whole form, to name screenshots.
    noPaste: true,
    // The native input keeps the file dialog testable and works outside secure contexts.
    useFsAccessApi: false,
    disabled,
  });

  // Paste a screenshot anywhere in the surrounding form (the description field
  // included), not only on the zone. The first uploader to handle it marks it.
  useEffect(() => {
    const zone = rootRef.current;
    if (!zone) return;
    const target: HTMLElement = zone.closest('form') ?? zone;
    const onPaste = (event: ClipboardEvent) => {
      const files = Array.from(event.clipboardData?.files ?? []);
      if (!files.length || event.defaultPrevented) return;
      // Copying from a spreadsheet or a document puts text *and* a picture of
      // it on the clipboard: pasted into a text field, the text is what was meant.
      const field = event.target instanceof HTMLElement && (event.target.isContentEditable || /^(?:TEXTAREA|INPUT)$/.test(event.target.tagName));
      if (field && event.clipboardData?.types.includes('text/plain')) return;
      event.preventDefault();
      addRef.current(namePasted(files, i18n));
    };
    target.addEventListener('paste', onPaste);
    return () => target.removeEventListener('paste', onPaste);
  }, [rootRef, i18n]);

  // Announce each status change once (progress ticks are not changes).
  const statuses = useRef(new Map(items.map((i) => [i.id, i.status])));
  useEffect(() => {
    const texts: string[] = [];
    const next = new Map<string, UploadItem['status']>();
    for (const item of items) {
      next.set(item.id, item.status);
      if (statuses.current.get(item.id) === item.status) continue;
      const key =
        item.status === 'uploading'
          ? 'uploadAnnounceStarted'
          : item.status === 'uploaded'
            ? 'uploadAnnounceDone'
            : item.status === 'failed'
              ? 'uploadAnnounceFailed'
              : null;
      if (key) texts.push(t(key, { name: safeName(item.name) }));
    }
    statuses.current = next;
    if (texts.length) announce(texts.join('. '));
  }, [items, t, announce]);

  // Removing a row removes the focused button: keep focus on the next row's control.
  const focusIndex = useRef<number | null>(null);
  useEffect(() => {
    const index = focusIndex.current;
    if (index === null) return;
    focusIndex.current = null;
    const buttons = listRef.current?.querySelectorAll<HTMLButtonElement>('[data-primary]');
    const target = buttons?.[Math.min(index, buttons.length - 1)] ?? browseRef.current;
    target?.focus();
  }, [items.length]);

  const drop = (item: UploadItem, index: number, cancelled: boolean) => {
    focusIndex.current = index;
    uploads.remove(item.id);
    if (cancelled) announce(t('uploadAnnounceCancelled', { name: safeName(item.name) }));
  };

  const limits = t('uploaderLimits', { count: maxFiles, size: i18n.fileSize(maxSize) });
  const types = accept?.length ? ` ${t('uploaderTypes', { types: accept.join(', ') })}` : '';
  const compact = variant === 'compact';

  return (
    <Root className={cx('dt-uploader', className, classNames.root)} theme={theme} data-variant={variant}>
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
            <span className={cx('dt-uploader-prompt', classNames.prompt)}>
              {t(isDragActive ? 'uploaderDragActive' : 'uploaderPrompt')}
            </span>
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
          {limits}
          {types}
        </span>
      </div>
      {/* Always present, so a refusal is read out when it appears. */}
      <div className={cx('dt-uploader-rejections', classNames.rejections)} role="status">
        {rejections.length ? (
          <div className="dt-notice" data-variant="error">
            <ul>
              {rejections.map(({ file, code }, index) => (
                <li key={index}>
                  {t(REJECT_KEYS[code], {
                    name: safeName(file.name),
                    size: i18n.fileSize(maxSize),
                    count: maxFiles,
                  })}
                </li>
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
        <ul ref={listRef} className={cx('dt-uploader-list', classNames.list)} aria-label={t('uploaderList')}>
          {items.map((item, index) => (
            <UploadRow
              key={item.id}
              item={item}
              i18n={i18n}
              disabled={disabled}
              classNames={classNames}
              onRetry={() => uploads.retry(item.id)}
              onRemove={(cancelled) => drop(item, index, cancelled)}
            />
          ))}
        </ul>
      ) : null}
      <LiveRegion message={message} />
    </Root>
  );
}

function UploadRow({
  item,
  i18n,
  disabled,
  classNames,
  onRetry,
  onRemove,
}: {
  item: UploadItem;
  i18n: Translator;
  disabled: boolean;
  classNames: ClassNames<AttachmentUploaderPart>;
  onRetry: () => void;
  onRemove: (cancelled: boolean) => void;
}) {
  const { t } = i18n;
  const { status } = item;
  const name = safeName(item.name);
  const size = i18n.fileSize(item.size);
  const inFlight = status === 'queued' || status === 'uploading';
  // A row restored from a draft has no file left to send again.
  const canRetry = status === 'failed' && item.file !== null;
  const percent = status === 'uploading' && item.size ? Math.min(100, Math.round((item.loaded / item.size) * 100)) : 0;
  const meta =
    status === 'uploading'
      ? t('uploadProgressText', { loaded: i18n.fileSize(item.loaded), size })
      : `${size} · ${t(status === 'queued' ? 'uploadQueued' : status === 'uploaded' ? 'uploadUploaded' : 'uploadFailed')}`;
  return (
    <li className={cx('dt-uploader-item', classNames.item)} data-status={status}>
      <Preview item={item} className={classNames.preview} />
      <span className={cx('dt-uploader-name', classNames.name)}>{name}</span>
      <span className={cx('dt-uploader-meta', classNames.meta)}>
        {meta}
        {status === 'failed' ? <span className="dt-field-error"> {errorText(i18n, item.error)}</span> : null}
      </span>
      {status === 'uploading' ? (
        <div
          className={cx('dt-uploader-progress', classNames.progress)}
          role="progressbar"
          aria-label={t('uploadProgress', { name })}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
        >
          {/* The one truly dynamic style: how far the upload has got. */}
          <span style={{ inlineSize: `${percent}%` }} />
        </div>
      ) : null}
      <span className={cx('dt-uploader-actions', classNames.actions)}>
        {/* Keyed by slot, not by action: Retry turning into Cancel keeps focus on the same button. */}
        <button
          key="primary"
          type="button"
          data-primary=""
          className="dt-button"
          data-size="sm"
          data-variant="ghost"
          disabled={disabled}
          onClick={canRetry ? onRetry : () => onRemove(inFlight)}
          aria-label={t(canRetry ? 'uploadRetry' : inFlight ? 'uploadCancel' : 'uploadRemove', { name })}
        >
          {t(canRetry ? 'uploadRetryShort' : inFlight ? 'cancel' : 'uploadRemoveShort')}
        </button>
        {canRetry ? (
          <button
            key="remove"
            type="button"
            className="dt-button"
            data-size="sm"
            data-variant="ghost"
            disabled={disabled}
            onClick={() => onRemove(false)}
            aria-label={t('uploadRemove', { name })}
          >
            {t('uploadRemoveShort')}
          </button>
        ) : null}
      </span>
    </li>
  );
}
