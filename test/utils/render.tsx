// Renders kit UI inside a PortalProvider wired to the test's mock API.
import type { ReactElement, ReactNode } from 'react';
import { render, type RenderOptions } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { PortalProvider, type GetTokenContext, type PortalProviderSettings, type TokenResult } from '../../src/headless';
import { API, JANE, type MockApi } from './mockApi';

export interface PortalRenderOptions extends Omit<RenderOptions, 'wrapper'> {
  email?: string;
  /** Provider props; the token always comes from `getToken` (the mock's by default). */
  provider?: Partial<PortalProviderSettings> & { getToken?: (context: GetTokenContext) => TokenResult | Promise<TokenResult> };
}

/** A fresh cache per test, as the house style asks. */
export const newQueryClient = () => new QueryClient({ defaultOptions: { queries: { retry: false } } });

export function portalWrapper(api: Pick<MockApi, 'getToken'>, { email = JANE, provider = {} }: PortalRenderOptions = {}) {
  const queryClient = provider.queryClient ?? newQueryClient();
  const getToken = provider.getToken ?? api.getToken(email);
  function Wrapper({ children }: { children: ReactNode }) {
    return (
      <PortalProvider baseUrl={API} pollInterval={false} {...provider} getToken={getToken} queryClient={queryClient}>
        {children}
      </PortalProvider>
    );
  }
  return { Wrapper, queryClient, getToken };
}

export function renderWithPortal(ui: ReactElement, api: Pick<MockApi, 'getToken'>, options: PortalRenderOptions = {}) {
  const { Wrapper, queryClient, getToken } = portalWrapper(api, options);
  return { ...render(ui, { ...options, wrapper: Wrapper }), queryClient, getToken };
}
