'use client';
import { createContext, forwardRef, useContext, type HTMLAttributes, type ReactNode } from 'react';
import { usePortalI18n } from './usePortalI18n';
import { cx } from './cx';
import { setRef } from './refs';

export type PortalTheme = 'light' | 'dark' | 'auto';

export interface RootSettings {
  theme: PortalTheme;
  dir: 'ltr' | 'rtl';
}

const RootContext = createContext<RootSettings | null>(null);

/** Theme and direction of the nearest kit root, for content portalled out of it (dialogs). */
export const useRootSettings = () => useContext(RootContext);

/**
 * What a kit component passes on to its root element: any attribute or handler
 * (`id`, `data-*`, `aria-*`, `onKeyDown`…). The text direction is the `dir`
 * of `SupportPortal` or `PortalRoot`, or the locale's.
 */
export type RootAttributes = Omit<HTMLAttributes<HTMLElement>, 'dir'>;

export interface RootProps extends RootAttributes {
  as?: 'div' | 'section';
  theme?: PortalTheme;
  dir?: 'ltr' | 'rtl';
  children?: ReactNode;
}

/**
 * The outermost kit element carries `.dt-root` (the design tokens), the theme,
 * the provider's language and the text direction. Nested kit components reuse it instead of
 * re-declaring the tokens, so a host's overrides on `.dt-root` reach them all.
 * The ref is the element.
 */
export const Root = forwardRef<HTMLElement, RootProps>(function Root({ as: Tag = 'div', theme, dir, className, children, ...rest }, ref) {
  const outer = useRootSettings();
  const i18n = usePortalI18n();
  // A callback: the element is a div or a section, and a ref object of HTMLElement fits neither tag's type.
  const element = (node: HTMLElement | null) => setRef(ref, node);
  if (outer && !theme && !dir) {
    return (
      <Tag ref={element} className={className} {...rest}>
        {children}
      </Tag>
    );
  }
  const settings: RootSettings = { theme: theme ?? outer?.theme ?? 'light', dir: dir ?? outer?.dir ?? i18n.dir };
  return (
    <RootContext.Provider value={settings}>
      {/* `lang`: a German portal in an English page is read with a German voice (the host can still override it). */}
      <Tag ref={element} className={cx('dt-root', className)} data-theme={settings.theme} lang={i18n.locale} dir={settings.dir} {...rest}>
        {children}
      </Tag>
    </RootContext.Provider>
  );
});
