// Every story gets a fresh mock portal API (its own in-memory store), served
// through MSW by the mock's own handlers, and a fresh PortalProvider + cache.
import { useState, type ReactNode } from 'react';
import { QueryClient } from '@tanstack/react-query';
import { createMockPortal, type MockPortal, type MockPortalOptions } from '../src/mock';
import { createMockHandlers } from '../src/mock/msw';
import { PortalProvider, PortalRoot, type PortalProviderProps, type PortalProviderSettings, type PortalTheme } from '../src';

/** Same origin as Storybook, so no CORS is involved; the handlers map it onto the mock's /v1. */
export const STORY_API = new URL('/mock-api/v1', globalThis.location?.href ?? 'http://localhost:6006').href;

export interface PortalStoryParameters {
  /** Signed-in customer. Default jane@example.com (a dozen tickets). */
  email?: string;
  /** Options for this story's mock (latency, variants, TTL, ...). */
  mock?: MockPortalOptions;
  /** Change the mock before the story renders: data, faults, latency. */
  setup?: (mock: MockPortal) => void | Promise<void>;
  /** Extra provider props (pollInterval, messages, ...). */
  provider?: Partial<PortalProviderSettings>;
  /** Replace token minting, e.g. to simulate a session that can't be renewed. */
  getToken?: (mock: MockPortal) => PortalProviderProps['getToken'];
}

const current: { mock: MockPortal } = { mock: createMockPortal({ allowLocalhostOrigins: true }) };

/** Handlers look up the current story's mock at request time. */
export const portalHandlers = createMockHandlers(
  {
    get app() {
      return current.mock.app;
    },
  } as MockPortal,
  { baseUrl: STORY_API },
);

/** Storybook loader: a new mock for each story, prepared by `parameters.portal.setup`. */
export async function loadPortalMock({ parameters }: { parameters: { portal?: PortalStoryParameters } }) {
  const params = parameters.portal ?? {};
  current.mock = createMockPortal({ allowLocalhostOrigins: true, ...params.mock });
  await params.setup?.(current.mock);
  return { mock: current.mock };
}

export function StoryPortal({
  params,
  theme,
  dir,
  locale,
  messages,
  children,
}: {
  params: PortalStoryParameters;
  theme: PortalTheme;
  dir?: 'ltr' | 'rtl';
  locale: string;
  messages?: PortalProviderSettings['messages'];
  children: ReactNode;
}) {
  const [queryClient] = useState(() => new QueryClient());
  const [getToken] = useState(
    () => params.getToken?.(current.mock) ?? (() => current.mock.issuePortalToken({ email: params.email ?? 'jane@example.com' })),
  );
  return (
    <PortalProvider
      baseUrl={STORY_API}
      getToken={getToken}
      queryClient={queryClient}
      locale={locale}
      messages={messages}
      pollInterval={5000}
      {...params.provider}
    >
      <PortalRoot theme={theme} dir={dir} style={{ padding: '1rem', minBlockSize: '100%' }}>
        {children}
      </PortalRoot>
    </PortalProvider>
  );
}
