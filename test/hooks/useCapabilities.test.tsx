import { describe, expect, it } from 'vitest';
import { renderHook, waitFor } from '@testing-library/react';
import { capabilitiesQueryOptions, createPortalClient, portalKeys, useCapabilities } from '../../src/headless';
import { setupMockApi } from '../utils/mockApi';
import { GATEWAY, setupGatewayApi } from '../utils/gatewayApi';
import { newQueryClient, portalWrapper } from '../utils/render';

describe('useCapabilities', () => {
  describe('through the gateway', () => {
    const api = setupGatewayApi({ gateway: { rating: { scale: 'thumbs' } } });

    it('reads what the backend can do, normalised', async () => {
      const { Wrapper } = portalWrapper(api, { provider: { baseUrl: GATEWAY } });
      const { result } = renderHook(() => useCapabilities(), { wrapper: Wrapper });
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      const caps = result.current.data;
      expect(caps?.backend).toBe('memory');
      expect(caps?.features).toMatchObject({ form: true, search: true, close: true, reopen: true, articles: true, rating: true });
      expect(caps?.rating).toEqual({ scale: 'thumbs' });
      expect(caps?.statuses.find((s) => s.key === 'resolved')).toMatchObject({ closed: true });
      expect(caps?.statuses.find((s) => s.key === 'open')).toMatchObject({ closed: false });
      expect(caps?.limits.maxFileSize).toBeGreaterThan(0);
    });

    it('is fetched once per session, however many components ask', async () => {
      const { Wrapper } = portalWrapper(api, { provider: { baseUrl: GATEWAY } });
      const first = renderHook(() => useCapabilities(), { wrapper: Wrapper });
      await waitFor(() => expect(first.result.current.isSuccess).toBe(true));
      first.unmount();
      const again = renderHook(() => [useCapabilities(), useCapabilities()], { wrapper: Wrapper });
      expect(again.result.current.every((r) => r.data?.backend === 'memory')).toBe(true);
      expect(api.requests.filter((r) => r === 'GET /portal/capabilities')).toHaveLength(1);
    });

    it('exports query options a host can prefetch with', async () => {
      const client = createPortalClient({ baseUrl: GATEWAY, getToken: api.getToken() });
      const queryClient = newQueryClient();
      await queryClient.prefetchQuery(capabilitiesQueryOptions(client));
      expect(queryClient.getQueryData(portalKeys.capabilities())).toMatchObject({ backend: 'memory' });
      const { Wrapper } = portalWrapper(api, { provider: { baseUrl: GATEWAY, queryClient } });
      const { result } = renderHook(() => useCapabilities(), { wrapper: Wrapper });
      expect(result.current.data?.backend).toBe('memory');
      expect(api.requests.filter((r) => r === 'GET /portal/capabilities')).toHaveLength(1);
      client.dispose();
    });
  });

  describe('against the Dispatch portal API directly', () => {
    const api = setupMockApi();

    it('reports no extensions (null) when the endpoint answers 404', async () => {
      const { Wrapper } = portalWrapper(api);
      const { result } = renderHook(() => useCapabilities(), { wrapper: Wrapper });
      await waitFor(() => expect(result.current.isSuccess).toBe(true));
      expect(result.current.data).toBeNull();
      expect(api.requests).toEqual(['GET /portal/capabilities']);
    });
  });
});
