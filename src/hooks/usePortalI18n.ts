'use client';
import type { Translator } from '../i18n';
import { usePortal } from '../provider/context';

/**
 * The provider's translator: `t(key, vars)`, plus `Intl` formatting of relative
 * times, dates and file sizes in the provider's locale.
 *
 * @example
 * const { t, relativeTime } = usePortalI18n();
 * return <span>{t('listUpdated', { time: relativeTime(ticket.updatedAt) })}</span>;
 */
export function usePortalI18n(): Translator {
  return usePortal('usePortalI18n').i18n;
}
