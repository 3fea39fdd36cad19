'use client';
import { createContext, useContext, type HTMLAttributes, type ReactNode } from 'react';
import { usePortalI18n } from './usePortalI18n';
import { cx } from './cx';

export type PortalTheme = 'light' | 'dark' | 'auto';

export interface RootSettings {
  theme: PortalTheme;
  dir: 'ltr' | 'rtl';
}

const RootContext = createContext<RootSettings | null>(null);

/** Theme and direction of the nearest kit root, for content portalled out of it (dialogs). */
export const useRootSettings = () => useContext(RootContext);

export interface RootProps extends HTMLAttributes<HTMLElement> {
  as?: 'div' | 'section';
  theme?: PortalTheme;
  dir?: 'ltr' | 'rtl';
  children?: ReactNode;
}

/**
 * The outermost kit element carries `.dt-root` (the design tokens), the theme
 * and the text direction. Nested kit components reuse it instead of
 * re-declaring the tokens, so a host's overrides on `.dt-root` reach them all.
 */
export function Root({ as: Tag = 'div', theme, dir, className, children, ...rest }: RootProps) {
  const outer = useRootSettings();
  const i18n = usePortalI18n();
  if (outer && !theme && !dir) {
    return (
      <Tag className={className} {...rest}>
        {children}
      </Tag>
    );
  }
  const settings: RootSettings = { theme: theme ?? outer?.theme ?? 'light', dir: dir ?? outer?.dir ?? i18n.dir };
  return (
    <RootContext.Provider value={settings}>
      <Tag className={cx('dt-root', className)} data-theme={settings.theme} dir={settings.dir} {...rest}>
        {children}
      </Tag>
    </RootContext.Provider>
  );
}
