'use client';
import { useCallback, useState } from 'react';
import { useLatest } from './useLatest';

export type SetState<T> = (next: T | ((previous: T) => T)) => void;

/**
 * A controlled/uncontrolled pair (`value` + `defaultValue` + `onChange`), as in
 * Radix: `value !== undefined` means the host owns the state. An update may be
 * a function of the previous value, and several in a row (progress events,
 * say) build on each other before React re-renders. `own` replaces the
 * internal state for the uncontrolled case (e.g. a draft kept in storage).
 * The third element reads the newest value, updates not rendered yet included.
 */
export function useControllableState<T>(
  value: T | undefined,
  defaultValue: T | (() => T),
  onChange?: (next: T) => void,
  own?: readonly [T, (next: T) => void],
): [value: T, set: SetState<T>, latest: () => T] {
  const local = useState(defaultValue);
  const [ownValue, setOwn] = own ?? local;
  const controlled = value !== undefined;
  const current = controlled ? value : ownValue;
  const committed = useLatest(current);
  // The committed value, moved ahead by updates not rendered yet.
  const latest = useLatest(current);
  const handlers = useLatest({ controlled, onChange, setOwn });
  const set = useCallback<SetState<T>>(
    (next) => {
      const previous = latest.current;
      const resolved = typeof next === 'function' ? (next as (previous: T) => T)(previous) : next;
      // Unchanged. (A value a controlling host refused earlier is still offered again.)
      if (Object.is(resolved, previous) && Object.is(resolved, committed.current)) return;
      latest.current = resolved;
      if (!handlers.current.controlled) handlers.current.setOwn(resolved);
      handlers.current.onChange?.(resolved);
    },
    [committed, latest, handlers],
  );
  const get = useCallback(() => latest.current, [latest]);
  return [current, set, get];
}
