'use client';
// Loaded on demand, only when the backend's capabilities name a ticket form or
// help articles: the Dispatch portal API has neither, so its portals never ship
// this. It imports nothing the entry has (only React, its own strings and the
// React-only article search): what it needs comes in props, or bundlers would
// split the shared modules into extra chunks and every portal would pay.
import { useEffect, useMemo, useState, useId, type ReactNode } from 'react';
import type { HelpArticle, TicketFormField } from '../../client';
import type { PortalMessages } from '../../i18n';
import { enForm } from '../../i18n/formMessages';
import type { FieldIssue, TicketFieldValue, UseNewTicketFormResult } from '../../hooks/useNewTicketForm';
import { useArticleSearch, type SearchArticles } from '../../hooks/useArticleSearch';
import type { ClassNames } from '../shared/cx';
import type { TranslatorFor } from '../shared/usePortalI18n';
import type { NewTicketFormPart } from './types';

const useFormI18n = (translate: TranslatorFor) => useMemo(() => translate(enForm), [translate]);
const cx = (...names: (string | false | null | undefined)[]) => names.filter(Boolean).join(' ');

const ISSUE: Record<string, keyof PortalMessages> = {
  required: 'formFieldRequired',
  'too-long': 'formFieldTooLong',
  rejected: 'formFieldRejected',
  number: 'formFieldNumber',
  date: 'formFieldDate',
  url: 'formFieldUrl',
  option: 'formFieldOption',
};

const issueKey = (issue: FieldIssue) => ISSUE[issue.code === 'invalid' ? (issue.expected ?? 'rejected') : issue.code] ?? 'formFieldRejected';

interface ExtensionProps {
  translate: TranslatorFor;
  form: UseNewTicketFormResult;
  disabled: boolean;
  classNames: ClassNames<NewTicketFormPart>;
}

/** Category and priority pickers, then every custom field the backend's form asks. */
export function FormExtensions({ translate, form, disabled, classNames }: ExtensionProps) {
  const schema = form.ticketForm;
  const { t } = useFormI18n(translate);
  const id = useId();
  if (!schema) return null;

  /** A field's frame: label (or legend), required mark, help text, the control, its issue. */
  const frame = (name: string, label: string, required: boolean, help: string | null, control: (aria: Record<string, unknown>) => ReactNode, group = false) => {
    const fieldId = `${id}-${name}`;
    const issue = form.issues[name];
    const aria = {
      id: fieldId,
      'aria-invalid': issue ? true : undefined,
      'aria-describedby': [help && `${fieldId}-help`, issue && `${fieldId}-error`].filter(Boolean).join(' ') || undefined,
    };
    const Tag = group ? 'fieldset' : 'div';
    const caption = (
      <>
        {label}
        {required ? (
          <>
            {' '}
            <span className="dt-hint">{t('formRequiredMark')}</span>
          </>
        ) : null}
      </>
    );
    return (
      <Tag key={name} className={cx('dt-field', group && 'dt-fieldset', classNames.field)} {...(group ? aria : {})}>
        {group ? (
          <legend className={cx('dt-label', classNames.label)}>{caption}</legend>
        ) : (
          <label htmlFor={fieldId} className={cx('dt-label', classNames.label)}>
            {caption}
          </label>
        )}
        {help ? (
          <span id={`${fieldId}-help`} className="dt-hint">
            {help}
          </span>
        ) : null}
        {control(group ? {} : aria)}
        {issue ? (
          <span id={`${fieldId}-error`} className={cx('dt-field-error', classNames.error)}>
            {t(issueKey(issue), { label, max: issue.max ?? 0 })}
          </span>
        ) : null}
      </Tag>
    );
  };

  const bind = (name: string) => ({
    name,
    ref: form.fieldRef(name),
    disabled,
    onBlur: () => form.blur(name),
  });
  const text = (name: string) => String(form.values[name] ?? '');
  const set = (name: string) => (value: TicketFieldValue) => form.setValue(name, value);

  const picker = (name: 'categoryId' | 'priority', label: string, options: { value: string; label: string }[]) =>
    options.length
      ? frame(name, label, false, null, (aria) => (
          <select {...aria} {...bind(name)} className={cx('dt-select', classNames.input)} value={text(name)} onChange={(e) => set(name)(e.target.value || null)}>
            <option value="">{t('formChoose')}</option>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ))
      : null;

  const field = (f: TicketFormField) => {
    const name = `customFields.${f.key}`;
    const value = form.values[name];
    const common = { ...bind(name), required: f.required, 'aria-required': f.required || undefined };
    const input = (type: string, extra: Record<string, unknown> = {}) => (aria: Record<string, unknown>) => (
      <input
        {...aria}
        {...common}
        {...extra}
        type={type}
        className={cx('dt-input', classNames.input)}
        placeholder={f.placeholder ?? undefined}
        value={text(name)}
        onChange={(e) => set(name)(e.target.value)}
      />
    );
    switch (f.type) {
      case 'textarea':
        return frame(name, f.label, f.required, f.helpText, (aria) => (
          <textarea
            {...aria}
            {...common}
            rows={3}
            className={cx('dt-textarea', classNames.textarea)}
            placeholder={f.placeholder ?? undefined}
            value={text(name)}
            onChange={(e) => set(name)(e.target.value)}
          />
        ));
      case 'number':
        return frame(name, f.label, f.required, f.helpText, input('text', { inputMode: 'decimal', autoComplete: 'off' }));
      case 'date':
        return frame(name, f.label, f.required, f.helpText, input('date'));
      case 'url':
        return frame(name, f.label, f.required, f.helpText, input('url', { inputMode: 'url' }));
      case 'boolean':
        return frame(name, f.label, f.required, f.helpText, (aria) => (
          <input {...aria} {...common} type="checkbox" className="dt-checkbox" checked={value === true} onChange={(e) => set(name)(e.target.checked)} />
        ));
      case 'select':
        return frame(name, f.label, f.required, f.helpText, (aria) => (
          <select {...aria} {...common} className={cx('dt-select', classNames.input)} value={text(name)} onChange={(e) => set(name)(e.target.value || null)}>
            <option value="">{t('formChoose')}</option>
            {f.options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ));
      case 'multiselect': {
        const picked = Array.isArray(value) ? value : [];
        return frame(
          name,
          f.label,
          f.required,
          f.helpText,
          () =>
            f.options.map((o, i) => (
              <label key={o.value} className="dt-check">
                <input
                  type="checkbox"
                  className="dt-checkbox"
                  name={name}
                  value={o.value}
                  disabled={disabled}
                  // The first box takes focus when the group has an issue.
                  ref={i === 0 ? form.fieldRef(name) : undefined}
                  checked={picked.includes(o.value)}
                  onChange={(e) => set(name)(e.target.checked ? [...picked, o.value] : picked.filter((v) => v !== o.value))}
                  onBlur={() => form.blur(name)}
                />
                {o.label}
              </label>
            )),
          true,
        );
      }
      default:
        return frame(name, f.label, f.required, f.helpText, input('text'));
    }
  };

  return (
    <>
      {picker('categoryId', t('formCategory'), schema.categories.map((c) => ({ value: c.id, label: c.name })))}
      {picker('priority', t('formPriority'), schema.priorities.map((p) => ({ value: p.key, label: p.label })))}
      {schema.fields.map(field)}
    </>
  );
}

interface SuggestionsProps {
  translate: TranslatorFor;
  search: SearchArticles;
  /** What the customer typed so far (subject and description). */
  text: string;
  /** "This answered my question": clear the draft without filing. */
  onAnswered: (article: HelpArticle) => void;
  classNames: ClassNames<NewTicketFormPart>;
}

/**
 * Help articles matching what the customer types, each opening in a new tab,
 * with a way to say one answered the question. Nothing when none match; never
 * in the way of filing.
 */
export function ArticleSuggestions({ translate, search, text, onAnswered, classNames }: SuggestionsProps) {
  const { t } = useFormI18n(translate);
  const id = useId();
  const { articles, query } = useArticleSearch(search, text);
  const [answered, setAnswered] = useState(false);
  const [message, setMessage] = useState('');
  const count = articles.length;
  useEffect(() => setMessage(count ? t('suggestionsFound', { count }) : ''), [query, count, t]);
  if (answered && text.trim()) setAnswered(false);

  return (
    <>
      {/* Always rendered, so what appears in it is announced. */}
      <div className="dt-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
        {answered ? t('suggestionsThanks') : message}
      </div>
      {answered ? (
        <p className={cx('dt-notice', classNames.notice)} data-variant="success">
          {t('suggestionsThanks')}
        </p>
      ) : count ? (
        <section className="dt-suggestions" aria-labelledby={`${id}-title`}>
          <h3 id={`${id}-title`} className="dt-suggestions-title">
            {t('suggestionsTitle')}
          </h3>
          <ul className="dt-suggestions-list">
            {articles.map((article) => (
              <li key={article.id} className="dt-suggestion">
                <a href={article.url} target="_blank" rel="noopener noreferrer" className="dt-suggestion-link">
                  {article.title}
                  <span className="dt-visually-hidden"> {t('suggestionsNewTab')}</span>
                </a>
                {article.snippet ? <span className="dt-hint">{article.snippet}</span> : null}
                <button
                  type="button"
                  className="dt-button dt-suggestion-answered"
                  data-variant="ghost"
                  aria-describedby={`${id}-${article.id}`}
                  onClick={() => {
                    setAnswered(true);
                    onAnswered(article);
                  }}
                >
                  {t('suggestionsAnswered')}
                </button>
                <span id={`${id}-${article.id}`} hidden>
                  {article.title}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
