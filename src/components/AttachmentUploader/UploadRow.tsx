'use client';
import { useEffect, useState } from 'react';
import type { UploadItem } from '../../hooks/useAttachmentUpload';
import { errorText } from '../../i18n';
import { cx, type ClassNames } from '../shared/cx';
import { FileIcon } from '../shared/FileIcon';
import { safeName } from '../../shared/safeName';
import { usePortalI18n } from '../shared/usePortalI18n';
import type { AttachmentUploaderPart } from './types';

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
  return <span className={cx('dt-uploader-preview', className)}>{url ? <img src={url} alt="" /> : <FileIcon type={item.type} />}</span>;
}

interface UploadRowProps {
  item: UploadItem;
  disabled: boolean;
  classNames: ClassNames<AttachmentUploaderPart>;
  onRetry: () => void;
  /** `cancelled`: it was still uploading. */
  onRemove: (cancelled: boolean) => void;
  /** The row's first button (retry, cancel or remove), where focus goes when a row above is removed. */
  primaryRef: (button: HTMLButtonElement | null) => void;
}

/** One file: preview, name, size and state, real progress while uploading, and what can be done with it. */
export function UploadRow({ item, disabled, classNames, onRetry, onRemove, primaryRef }: UploadRowProps) {
  const i18n = usePortalI18n();
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
          ref={primaryRef}
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
