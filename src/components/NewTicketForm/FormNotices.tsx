'use client';
import type { UseNewTicketFormResult } from '../../hooks/useNewTicketForm';
import { cx, type ClassNames } from '../shared/cx';
import { ErrorNotice } from '../shared/ErrorNotice';
import { usePortalI18n } from '../shared/usePortalI18n';
import type { NewTicketFormPart } from './types';

interface NoticesProps {
  form: UseNewTicketFormResult;
  /** The buttons here go away when pressed: focus moves to the submit button instead of `<body>`. */
  focusSubmit: () => void;
  classNames: ClassNames<NewTicketFormPart>;
}

/** "We restored your unsent draft", with a way to discard it. */
export function RestoredNotice({ form, classNames }: Omit<NoticesProps, 'focusSubmit'>) {
  const { t } = usePortalI18n();
  return form.restored ? (
    <div className={cx('dt-notice', classNames.notice)} data-variant="info">
      <span>{t('formDraftRestored')}</span>
      <button
        type="button"
        className="dt-link"
        onClick={() => {
          form.discardDraft();
          form.focus('subject');
        }}
      >
        {t('formDiscardDraft')}
      </button>
    </div>
  ) : null;
}

/** A small button in a notice; pressing it moves focus to the submit button first (the notice may go away). */
function NoticeButton({ label, focusSubmit, onPress }: { label: string; focusSubmit: () => void; onPress: () => void }) {
  return (
    <button
      type="button"
      className="dt-button"
      data-size="sm"
      onClick={() => {
        focusSubmit();
        onPress();
      }}
    >
      {label}
    </button>
  );
}

/** Where a submit stands: waiting for uploads, created, failed uploads to decide on, or a failure. */
export function SubmitNotices({ form, focusSubmit, classNames }: NoticesProps) {
  const { t } = usePortalI18n();
  const { state } = form;
  const notice = cx('dt-notice', classNames.notice);
  return (
    <>
      {/* Present from the start so what appears here is read out. */}
      <div className="dt-new-ticket-status" role="status">
        {state.status === 'waiting-uploads' ? (
          <div className={notice} data-variant="info">
            <span>{t('formWaitingUploads', { count: form.uploading })}</span>
            <NoticeButton label={t('cancel')} focusSubmit={focusSubmit} onPress={form.stopWaiting} />
          </div>
        ) : state.status === 'created' ? (
          <div className={notice} data-variant="success">
            {t('formCreated', { number: state.ticket.label })}
          </div>
        ) : null}
      </div>

      {state.status === 'uploads-failed' && form.failedUploads ? (
        <div className={notice} data-variant="warning" role="alert">
          <span>{t('formUploadsFailed', { count: form.failedUploads })}</span>
          {form.files.some((i) => i.status === 'failed' && i.file) ? (
            <NoticeButton label={t('retry')} focusSubmit={focusSubmit} onPress={form.retryFailedUploads} />
          ) : null}
          <NoticeButton label={t('formSubmitWithoutFailed')} focusSubmit={focusSubmit} onPress={form.submitWithoutFailedUploads} />
        </div>
      ) : null}

      {state.status !== 'failed' ? null : state.fields || state.attachments ? (
        <div className={notice} data-variant="error" role="alert">
          {t(state.attachments ? 'formAttachmentsRejected' : 'formErrorSummary')}
        </div>
      ) : (
        <ErrorNotice
          className={classNames.notice}
          error={state.error}
          onRetry={() => {
            focusSubmit();
            form.submit();
          }}
        />
      )}
    </>
  );
}
