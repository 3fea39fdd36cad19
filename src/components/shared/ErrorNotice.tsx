'use client';
import type { Ref } from 'react';
import { errorText } from '../../i18n';
import { usePortalI18n } from './usePortalI18n';
import { cx } from './cx';

export interface ErrorNoticeProps {
  /** What failed, e.g. "We couldn't load your tickets." */
  title?: string;
  /** The error: only its kind and status choose the text; server text is never shown. */
  error: unknown;
  onRetry?: () => void;
  /** The retry button, e.g. to move focus to it when the control that asked went away. */
  retryRef?: Ref<HTMLButtonElement>;
  className?: string;
}

/** A localised error with an optional retry button. */
export function ErrorNotice({ title, error, onRetry, retryRef, className }: ErrorNoticeProps) {
  const i18n = usePortalI18n();
  return (
    // An alert is announced even though it appears with its text already in it
    // (a polite status region that is inserted filled is often skipped).
    <div className={cx('dt-notice', className)} data-variant="error" role="alert">
      <span>
        {title ? <strong>{title} </strong> : null}
        {errorText(i18n, error)}
      </span>
      {onRetry ? (
        <button ref={retryRef} type="button" className="dt-button" data-size="sm" onClick={onRetry}>
          {i18n.t('retry')}
        </button>
      ) : null}
    </div>
  );
}
