import type { Decorator, Preview } from '@storybook/react-vite';
import { mswLoader } from 'msw-storybook-addon/csf3';
import { setupWorker } from 'msw/browser';
import '../src/styles/index.css';
import { loadPortalMock, portalHandlers, StoryPortal, type PortalStoryParameters } from './portal';
import { de } from '../src/i18n/locales/de';
import { ar } from '../src/i18n/locales/ar';

const LOCALES = { en: undefined, de, ar };

const withPortal: Decorator = (Story, context) => {
  const { theme = 'light', dir = 'auto', locale = 'en' } = context.globals as Record<string, string>;
  const params = (context.parameters.portal ?? {}) as PortalStoryParameters;
  if (context.parameters.portal === false) return <Story />;
  return (
    // A new provider (and cache) per story.
    <StoryPortal
      key={context.id}
      params={params}
      theme={theme as 'light' | 'dark' | 'auto'}
      dir={dir === 'auto' ? undefined : (dir as 'ltr' | 'rtl')}
      locale={locale}
      messages={LOCALES[locale as keyof typeof LOCALES]}
    >
      <Story />
    </StoryPortal>
  );
};

const preview: Preview = {
  loaders: [
    mswLoader(async () => {
      const worker = setupWorker(...portalHandlers);
      await worker.start({ onUnhandledRequest: 'bypass', quiet: true });
      return worker;
    }),
    loadPortalMock,
  ],
  decorators: [withPortal],
  globalTypes: {
    theme: {
      description: 'Colour theme',
      toolbar: { title: 'Theme', icon: 'contrast', items: ['light', 'dark', 'auto'], dynamicTitle: true },
    },
    dir: {
      description: 'Text direction',
      toolbar: { title: 'Direction', icon: 'transfer', items: ['auto', 'ltr', 'rtl'], dynamicTitle: true },
    },
    locale: {
      description: 'Locale',
      toolbar: { title: 'Locale', icon: 'globe', items: ['en', 'de', 'ar'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light', dir: 'auto', locale: 'en' },
  parameters: {
    layout: 'fullscreen',
    // Every story's axe check fails the test on any violation.
    a11y: { test: 'error' },
  },
};

export default preview;
