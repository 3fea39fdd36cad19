import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import { RelativeTime } from '../../../src/components/shared/RelativeTime';
import { setupMockApi } from '../../utils/mockApi';
import { renderWithPortal } from '../../utils/render';

const api = setupMockApi();

afterEach(() => vi.useRealTimers());

describe('RelativeTime', () => {
  it('measures from the time it starts ticking, not from when the kit was loaded', () => {
    // The kit was imported an hour ago (an SPA that opens its support page later).
    // "Now" sits on one of the shared tick's 30 s steps, so the expected text does
    // not depend on the wall clock's seconds when the test runs.
    vi.useFakeTimers({ toFake: ['Date'], now: Math.ceil((Date.now() + 60 * 60_000) / 30_000) * 30_000 });
    const twoMinutesAgo = new Date(Date.now() - 2 * 60_000).toISOString();
    const { unmount } = renderWithPortal(<RelativeTime date={twoMinutesAgo} />, api);
    expect(screen.getByRole('time')).toHaveTextContent('2 minutes ago');
    unmount();

    // Every timestamp left the screen (the tick stopped); another appears much later.
    vi.setSystemTime(Date.now() + 60 * 60_000);
    const justNow = new Date(Date.now() - 5 * 60_000).toISOString();
    renderWithPortal(<RelativeTime date={justNow} />, api);
    expect(screen.getByRole('time')).toHaveTextContent('5 minutes ago');
  });
});
