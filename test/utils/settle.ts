// Deterministic waiting. Tests never sleep to prove that nothing happened:
// they wait for the kit to be idle, or jump a fake clock past the moment
// something would have happened.
import { act, waitFor } from '@testing-library/react';
import { expect, vi } from 'vitest';
import type { QueryClient } from '@tanstack/react-query';

/** Runs pending React work and promise callbacks: whatever the kit started synchronously is under way or done. */
export const flush = () => act(async () => {});

/** Waits until the kit has no request and no mutation in flight (anything it started has reached the mock by then). */
export async function idle(queryClient: QueryClient) {
  await flush();
  await waitFor(() => expect(queryClient.isFetching() + queryClient.isMutating()).toBe(0));
}

/**
 * A fake clock that still moves with real time (so waiting for events works)
 * and can jump ahead with `elapse`. Restore with `vi.useRealTimers()`.
 */
export function fakeClock() {
  vi.useFakeTimers({ shouldAdvanceTime: true, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
}

/** Jumps the fake clock by `ms` (every timer due in that span fires), then waits until the kit is idle. */
export async function elapse(ms: number, queryClient: QueryClient) {
  await act(() => vi.advanceTimersByTimeAsync(ms));
  await idle(queryClient);
}
