'use client';
import { useSyncExternalStore } from 'react';
import { usePortalI18n } from './usePortalI18n';

// One shared minute tick for every timestamp on screen, not a timer each.
const stepNow = () => Math.floor(Date.now() / 30_000) * 30_000;
let now = 0;
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;
function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) {
    // The last tick may be long gone (or never happened): start from the real
    // time, in the same 30 s steps as a render without a tick, so nothing re-renders.
    now = stepNow();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, 30_000);
  }
  return () => {
    listeners.delete(listener);
    if (!listeners.size && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}
// Without a running tick, "now" in 30 s steps keeps the snapshot stable across calls.
const getNow = () => (timer ? now : stepNow());
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
