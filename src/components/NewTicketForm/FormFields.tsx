'use client';
import type { ReactNode } from 'react';
import type { FieldIssue } from '../../hooks/useNewTicketForm';
import type { PortalMessages } from '../../i18n';
import { cx, type ClassNames } from '../shared/cx';
import { usePortalI18n } from '../shared/usePortalI18n';
import type { NewTicketFormPart } from './types';

/** The words for each issue code, per field. */
const ISSUE_TEXT: Record<'subject' | 'description', Partial<Record<FieldIssue['code'], keyof PortalMessages>>> = {
  subject: { required: 'formSubjectRequired', 'too-long': 'formSubjectTooLong', rejected: 'formSubjectRejected' },
  description: { 'too-long': 'formBodyTooLong', rejected: 'formBodyRejected' },
};

const describe = (...ids: (string | false | undefined)[]) => ids.filter(Boolean).join(' ') || undefined;

interface FieldProps {
  id: string;
  value: string;
  issue: FieldIssue | undefined;
  onChange: (value: string) => void;
  onBlur: () => void;
  fieldRef: (element: HTMLElement | null) => void;
  classNames: ClassNames<NewTicketFormPart>;
}

/** An issue under its field, tied to it by `aria-describedby`. */
function Issue({ id, field, issue, className }: { id: string; field: 'subject' | 'description'; issue: FieldIssue | undefined; className?: string }) {
  const { t } = usePortalI18n();
  const key = issue && ISSUE_TEXT[field][issue.code];
  return key ? (
    <span id={id} className={cx('dt-field-error', className)}>
      {t(key, { max: issue.max ?? 0 })}
    </span>
  ) : null;
}

/** A labelled field: label, an optional hint, the control, and its issue. */
function Field({ id, label, hint, children, classNames }: { id: string; label: string; hint?: ReactNode; children: ReactNode; classNames: ClassNames<NewTicketFormPart> }) {
  return (
    <div className={cx('dt-field', classNames.field)}>
      <label htmlFor={id} className={cx('dt-label', classNames.label)}>
        {label}
      </label>
      {hint}
      {children}
    </div>
  );
}

/** The required subject, with a live length counter against `maxLength`. */
export function SubjectField({ id, value, issue, onChange, onBlur, fieldRef, classNames, maxLength }: FieldProps & { maxLength: number }) {
  const { t } = usePortalI18n();
  const length = value.trim().length;
  return (
    <Field id={id} label={t('formSubject')} classNames={classNames}>
      <input
        ref={fieldRef}
        id={id}
        name="subject"
        className={cx('dt-input', classNames.input)}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        required
        aria-invalid={issue ? true : undefined}
        aria-describedby={describe(issue && `${id}-error`, `${id}-count`)}
        autoComplete="off"
      />
      <span
        id={`${id}-count`}
        className={cx('dt-hint dt-new-ticket-count', classNames.counter)}
        data-state={length > maxLength ? 'over' : undefined}
      >
        {t('formSubjectCount', { count: length, max: maxLength })}
      </span>
      <Issue id={`${id}-error`} field="subject" issue={issue} className={classNames.error} />
    </Field>
  );
}

/** The description, with a hint of what helps. */
export function DescriptionField({ id, value, issue, onChange, onBlur, fieldRef, classNames }: FieldProps) {
  const { t } = usePortalI18n();
  const hint = (
    <span id={`${id}-hint`} className="dt-hint">
      {t('formBodyHint')}
    </span>
  );
  return (
    <Field id={id} label={t('formBody')} hint={hint} classNames={classNames}>
      <textarea
        ref={fieldRef}
        id={id}
        name="description"
        className={cx('dt-textarea', classNames.textarea)}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        rows={5}
        aria-invalid={issue ? true : undefined}
        aria-describedby={describe(issue && `${id}-error`, `${id}-hint`)}
      />
      <Issue id={`${id}-error`} field="description" issue={issue} className={classNames.error} />
    </Field>
  );
}
