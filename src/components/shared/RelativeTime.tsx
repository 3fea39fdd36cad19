'use client';
import { useSyncExternalStore } from 'react';
import { usePortalI18n } from './usePortalI18n';

// One shared minute tick for every timestamp on screen, not a timer each.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
function subscribe(listener: () => void) {
  listeners.add(listener);
  timer ??= setInterval(() => {
    now = Date.now();
    listeners.forEach((l) => l());
  }, 30_000);
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
// Without a running tick, "now" in 30 s steps keeps the snapshot stable across calls.
const getNow = () => (timer ? now : Math.floor(Date.now() / 30_000) * 30_000);
// The server can't know the client's "now": render absolute time there.
const getServerNow = () => 0;

/** "5 minutes ago" in the provider's locale, with the full date as a tooltip and for machines. */
export function RelativeTime({ date, className }: { date: string; className?: string }) {
  const i18n = usePortalI18n();
  const current = useSyncExternalStore(subscribe, getNow, getServerNow);
  const full = i18n.dateTime(date);
  return (
    <time dateTime={date} title={full} className={className}>
      {current ? i18n.relativeTime(date, current) : full}
    </time>
  );
}
