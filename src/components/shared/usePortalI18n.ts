'use client';
import { createTranslator, en, type PortalMessages, type Translator } from '../../i18n';
import { usePortal } from '../../provider/context';

// One translator per (messages, locale): Intl formatters are costly to build
// and every row of a list asks for one.
const cache = new WeakMap<object, Map<string, Translator>>();
const NO_OVERRIDES = {};

function translatorFor(locale: string, messages: Partial<PortalMessages> | undefined): Translator {
  const key = messages ?? NO_OVERRIDES;
  let byLocale = cache.get(key);
  if (!byLocale) cache.set(key, (byLocale = new Map()));
  let translator = byLocale.get(locale);
  // The form extensions' English (`enForm`) is not here: their lazily loaded code brings it.
  if (!translator) byLocale.set(locale, (translator = createTranslator(locale, { ...en, ...messages })));
  return translator;
}

/**
 * The provider's translator: `t(key, vars)` over English plus the provider's
 * `messages`, and `Intl` formatting of relative times, dates and file sizes in
 * its `locale`. Lives in the styled layer so the headless entry carries no strings.
 *
 * @example
 * const { t, relativeTime } = usePortalI18n();
 * return <span>{t('listUpdated', { time: relativeTime(ticket.updatedAt) })}</span>;
 */
export function usePortalI18n(): Translator {
  const { locale, messages } = usePortal('usePortalI18n');
  return translatorFor(locale, messages);
}
