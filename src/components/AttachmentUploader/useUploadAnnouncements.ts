'use client';
import { useEffect, useRef } from 'react';
import type { UploadItem } from '../../hooks/useAttachmentUpload';
import type { Translator } from '../../i18n';
import { safeName } from '../../shared/safeName';

const KEYS = { uploading: 'uploadAnnounceStarted', uploaded: 'uploadAnnounceDone', failed: 'uploadAnnounceFailed' } as const;

/** Announces each file's status change once (progress ticks are not changes). */
export function useUploadAnnouncements(items: UploadItem[], t: Translator['t'], announce: (text: string) => void) {
  const statuses = useRef(new Map(items.map((i) => [i.id, i.status])));
  useEffect(() => {
    const texts: string[] = [];
    const next = new Map<string, UploadItem['status']>();
    for (const item of items) {
      next.set(item.id, item.status);
      if (statuses.current.get(item.id) === item.status || item.status === 'queued') continue;
      texts.push(t(KEYS[item.status], { name: safeName(item.name) }));
    }
    statuses.current = next;
    if (texts.length) announce(texts.join('. '));
  }, [items, t, announce]);
}
