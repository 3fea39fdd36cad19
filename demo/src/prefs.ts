import { useEffect, useState } from 'react';
import type { PortalMessages, PortalTheme } from '@dispatchtickets/react';
import { ar } from '@dispatchtickets/react/locales/ar';
import { de } from '@dispatchtickets/react/locales/de';

/** The demo's display switches, passed to `<PortalProvider>` and `<SupportPortal>`. */
export interface Prefs {
  theme: PortalTheme;
  locale: Locale;
  dir: 'auto' | 'ltr' | 'rtl';
}

export const LOCALES = {
  en: { label: 'English', messages: undefined },
  de: { label: 'Deutsch', messages: de },
  ar: { label: 'العربية', messages: ar },
} satisfies Record<string, { label: string; messages: PortalMessages | undefined }>;

export type Locale = keyof typeof LOCALES;

const KEY = 'acme-demo-prefs';
const DEFAULTS: Prefs = { theme: 'light', locale: 'en', dir: 'auto' };

function load(): Prefs {
  try {
    const saved = JSON.parse(window.localStorage.getItem(KEY) ?? '{}') as Partial<Prefs>;
    return {
      theme: saved.theme === 'dark' || saved.theme === 'auto' ? saved.theme : DEFAULTS.theme,
      locale: saved.locale && saved.locale in LOCALES ? saved.locale : DEFAULTS.locale,
      dir: saved.dir === 'ltr' || saved.dir === 'rtl' ? saved.dir : DEFAULTS.dir,
    };
  } catch {
    return DEFAULTS;
  }
}

/** Display preferences, remembered in localStorage (they are not secrets). */
export function usePrefs(): [Prefs, (change: Partial<Prefs>) => void] {
  const [prefs, setPrefs] = useState(load);
  useEffect(() => {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(prefs));
    } catch {
      // Private mode: the switches still work for this visit.
    }
    // The host page follows the same theme, as a real app would.
    document.documentElement.dataset.theme = prefs.theme;
  }, [prefs]);
  return [prefs, (change) => setPrefs((current) => ({ ...current, ...change }))];
}
