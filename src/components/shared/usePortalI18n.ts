'use client';
import { useCallback } from 'react';
import { createTranslator, en, type Message, type PortalMessages, type StatusMessages, type Translator } from '../../i18n';
import { usePortal } from '../../provider/context';

// One translator per (messages, locale): Intl formatters are costly to build
// and every row of a list asks for one.
const cache = new WeakMap<object, Map<string, Translator>>();
const NO_OVERRIDES = {};

function translatorFor(locale: string, messages: (Partial<PortalMessages> & StatusMessages) | undefined): Translator {
  const key = messages ?? NO_OVERRIDES;
  let byLocale = cache.get(key);
  if (!byLocale) cache.set(key, (byLocale = new Map()));
  let translator = byLocale.get(locale);
  // The English of on-demand parts (`enForm`, `enActions`) is not here: their lazily loaded code brings it.
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

/** The provider's translator over English plus the English an on-demand chunk brings (`enForm`, `enActions`). */
export type TranslatorFor = (english: Record<string, Message>) => Translator;

/**
 * What on-demand chunks get handed to build their translator: they import
 * nothing the entry has, or bundlers would split that into extra chunks.
 */
export function useTranslatorFor(): TranslatorFor {
  const { locale, messages } = usePortal('usePortalI18n');
  return useCallback<TranslatorFor>((english) => createTranslator(locale, { ...en, ...english, ...messages }), [locale, messages]);
}
