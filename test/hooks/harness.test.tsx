import { describe, expect, it } from 'vitest';
import { renderHook, waitFor } from '@testing-library/react';
import { useTickets } from '../../src/headless';
import { setupMockApi } from '../utils/mockApi';
import { portalWrapper } from '../utils/render';

const api = setupMockApi();

describe('harness', () => {
  it('loads the first page of tickets through provider, client and mock', async () => {
    const { Wrapper } = portalWrapper(api);
    const { result } = renderHook(() => useTickets({ limit: 5 }), { wrapper: Wrapper });
    await waitFor(() => expect(result.current.isSuccess).toBe(true));
    expect(result.current.data?.pages[0]?.tickets).toHaveLength(5);
    expect(result.current.hasNextPage).toBe(true);
  });
});
