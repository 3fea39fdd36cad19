'use client';
import { useCallback } from 'react';
import { statusLabel } from '../../i18n';
import { usePortalI18n } from './usePortalI18n';

/**
 * The one place the styled components name a status: the host's
 * `messages['status.<key>']`, the kit's translation, else the backend's
 * customer-facing label (`label`, e.g. `ticket.statusLabel`), else the key title-cased.
 */
export function useStatusLabel(): (status: string, label?: string | null) => string {
  const i18n = usePortalI18n();
  return useCallback((status, label) => statusLabel(i18n, status, label), [i18n]);
}
