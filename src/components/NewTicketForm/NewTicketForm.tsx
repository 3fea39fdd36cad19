'use client';
import { forwardRef, lazy, Suspense, useId, useImperativeHandle, useRef, useState } from 'react';
import { BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH } from '../../client/limits';
import { useCapabilities } from '../../hooks/useCapabilities';
import { useNewTicketForm } from '../../hooks/useNewTicketForm';
import { usePortal } from '../../provider/context';
import { usePortalI18n, useTranslatorFor } from '../shared/usePortalI18n';
import { AttachmentUploader } from '../AttachmentUploader/AttachmentUploader';
import { cx } from '../shared/cx';
import { ComponentsProvider } from '../shared/overrides';
import { Root } from '../shared/Root';
import { DescriptionField, SubjectField } from './FormFields';
import { RestoredNotice, SubmitNotices } from './FormNotices';
import type { NewTicketFormProps } from './types';

// Category, priority, custom fields and article suggestions load only when the
// backend's capabilities name them (never against the Dispatch portal API).
const extensions = () => import('./FormExtensions');
const FormExtensions = lazy(() => extensions().then((m) => ({ default: m.FormExtensions })));
const ArticleSuggestions = lazy(() => extensions().then((m) => ({ default: m.ArticleSuggestions })));

/** The API's limit on a description. */
export const DESCRIPTION_MAX_LENGTH = BODY_MAX_LENGTH;

/**
 * A form to open a ticket: subject (required, with a length counter),
 * description, attachments and optional host fields. It never loses work:
 * the draft (text and uploaded files) is saved as you type and restored after
 * a reload or a failed send; sending waits for uploads in progress and asks
 * before leaving out files that failed; a repeated send (double click, retry
 * after a timeout) creates one ticket. The behaviour is `useNewTicketForm`'s;
 * this draws it. The ref is the root element.
 *
 * @example
 * <NewTicketForm onTicketCreate={(ticket) => openTicket(ticket.id)} accept={['image/*', 'application/pdf']} />
 */
export const NewTicketForm = forwardRef<HTMLElement, NewTicketFormProps>(function NewTicketForm(
  {
    onTicketCreate,
    onCancel,
    defaultValues,
    maxFiles,
    maxSize,
    accept,
    subjectMaxLength = SUBJECT_MAX_LENGTH,
    draftId,
    renderExtraFields,
    onArticleAnswered,
    showTitle = true,
    className,
    classNames = {},
    theme,
    components,
    handleRef,
    ...rest
  },
  ref,
) {
  const { t } = usePortalI18n();
  const [extraText, setExtraText] = useState('');
  const form = useNewTicketForm({ draftId, defaultValues, subjectMaxLength, bodySuffix: extraText, onTicketCreate });
  const { values, issues, focus } = form;
  const { client } = usePortal('NewTicketForm');
  const articles = useCapabilities().data?.features.articles;
  const translate = useTranslatorFor();
  useImperativeHandle(handleRef, () => ({ focus: (field = 'subject') => focus(field) }), [focus]);

  const id = useId();
  // Buttons in the notices go away when pressed: focus moves to the submit button instead of <body>.
  const submitRef = useRef<HTMLButtonElement>(null);
  const focusSubmit = () => submitRef.current?.focus();
  const busy = form.state.status === 'sending';
  const field = (name: 'subject' | 'description') => ({
    id: `${id}-${name}`,
    value: values[name],
    issue: issues[name],
    onChange: (text: string) => form.setValue(name, text),
    onBlur: () => form.blur(name),
    fieldRef: form.fieldRef(name),
    classNames,
  });

  return (
    <Root ref={ref} {...rest} className={cx('dt-new-ticket', className, classNames.root)} theme={theme}>
      <ComponentsProvider components={components}>
        {showTitle ? (
          <>
            <h2 id={`${id}-title`} className={cx('dt-new-ticket-title', classNames.title)}>
              {t('formTitle')}
            </h2>
            <p className={cx('dt-new-ticket-description', classNames.description)}>{t('formDescription')}</p>
          </>
        ) : null}
        <form
          className={cx('dt-new-ticket-form', classNames.form)}
          aria-labelledby={showTitle ? `${id}-title` : undefined}
          aria-label={showTitle ? undefined : t('formTitle')}
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            form.submit();
          }}
        >
          <RestoredNotice form={form} classNames={classNames} />
          <SubjectField {...field('subject')} maxLength={subjectMaxLength} />
          <DescriptionField {...field('description')} />
          <Suspense fallback={null}>
            {articles ? (
              <ArticleSuggestions
                translate={translate}
                search={client.searchArticles}
                text={`${values.subject} ${values.description}`}
                classNames={classNames}
                onAnswered={(article) => {
                  form.discardDraft();
                  onArticleAnswered?.(article);
                }}
              />
            ) : null}
            {form.ticketForm ? <FormExtensions translate={translate} form={form} disabled={busy} classNames={classNames} /> : null}
          </Suspense>
          {renderExtraFields?.({ setExtraText, extraText, disabled: busy })}
          <AttachmentUploader
            className={classNames.uploader}
            value={form.files}
            onValueChange={form.setFiles}
            maxFiles={maxFiles}
            maxSize={maxSize}
            accept={accept}
            disabled={busy}
          />
          <SubmitNotices form={form} focusSubmit={focusSubmit} classNames={classNames} />
          <div className={cx('dt-new-ticket-actions', classNames.actions)}>
            {onCancel ? (
              <button type="button" className={cx('dt-button', classNames.cancel)} onClick={onCancel}>
                {t('cancel')}
              </button>
            ) : null}
            <button
              ref={submitRef}
              type="submit"
              className={cx('dt-button', classNames.submit)}
              data-variant="primary"
              aria-disabled={busy || undefined}
            >
              {t(busy ? 'formSubmitting' : 'formSubmit')}
            </button>
          </div>
        </form>
      </ComponentsProvider>
    </Root>
  );
});
