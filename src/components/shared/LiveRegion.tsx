'use client';
import { useCallback, useState } from 'react';

/**
 * Text for a polite live region. `announce` the same text twice and it is
 * read twice (screen readers skip unchanged content, so we alternate an
 * invisible character).
 *
 * @example
 * const [message, announce] = useAnnouncer();
 * <LiveRegion message={message} />
 */
export function useAnnouncer(): [string, (text: string) => void] {
  const [message, setMessage] = useState('');
  const announce = useCallback(
    (text: string) => setMessage((previous) => (previous === text ? `${text}\u00a0` : text)),
    [],
  );
  return [message, announce];
}

/** A visually hidden polite status region; render it always, so it exists before it changes. */
export function LiveRegion({ message }: { message: string }) {
  return (
    <div className="dt-visually-hidden" role="status" aria-live="polite" aria-atomic="true">
      {message}
    </div>
  );
}
