'use client';
import { useCallback, useState } from 'react';

/**
 * A controlled/uncontrolled pair (`value` + `defaultValue` + `onChange`), as in
 * Radix: `value !== undefined` means the host owns the state.
 */
export function useControllableState<T>(value: T | undefined, defaultValue: T, onChange?: (next: T) => void) {
  const [own, setOwn] = useState(defaultValue);
  const controlled = value !== undefined;
  const current = controlled ? value : own;
  const set = useCallback(
    (next: T) => {
      if (Object.is(next, current)) return;
      if (!controlled) setOwn(next);
      onChange?.(next);
    },
    [controlled, current, onChange],
  );
  return [current, set] as const;
}
