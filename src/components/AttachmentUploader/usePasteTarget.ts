'use client';
import { useEffect, type RefObject } from 'react';
import type { Translator } from '../../i18n';
import { useLatest } from '../../shared/useLatest';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Clipboard screenshots arrive as "image.png" (Chrome, Safari) or nameless;
 * several pasted that way would be indistinguishable in the list and on the ticket.
 */
function namePasted(files: File[], i18n: Translator): File[] {
  const d = new Date();
  const time = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}.${pad(d.getMinutes())}.${pad(d.getSeconds())}`;
  return files.map((file, index) => {
    if (file.name && !/^image\.\w+$/i.test(file.name)) return file;
    const ext = file.name.split('.')[1] ?? file.type.split('/')[1] ?? 'png';
    const suffix = files.length > 1 ? ` (${index + 1})` : '';
    // A new File over the same Blob: no bytes are copied.
    return new File([file], `${i18n.t('uploaderPastedName', { time })}${suffix}.${ext}`, {
      type: file.type,
      lastModified: file.lastModified,
    });
  });
}

/**
 * Takes files pasted anywhere in the form around the uploader (the
 * description field included), not only on its zone: `control` is one of the
 * uploader's buttons, whose `form` is that form. Without a form, the zone.
 * The first uploader to handle a paste marks it handled.
 */
export function usePasteTarget(
  zone: RefObject<HTMLElement | null>,
  control: RefObject<HTMLButtonElement | null>,
  add: (files: File[]) => void,
  i18n: Translator,
) {
  const latest = useLatest({ add, i18n });
  useEffect(() => {
    const target = control.current?.form ?? zone.current;
    if (!target) return;
    const onPaste = (event: ClipboardEvent) => {
      const files = Array.from(event.clipboardData?.files ?? []);
      if (!files.length || event.defaultPrevented) return;
      // Copying from a spreadsheet or a document puts text *and* a picture of
      // it on the clipboard: pasted into a text field, the text is what was meant.
      const field = event.target instanceof HTMLElement && (event.target.isContentEditable || /^(?:TEXTAREA|INPUT)$/.test(event.target.tagName));
      if (field && event.clipboardData?.types.includes('text/plain')) return;
      event.preventDefault();
      latest.current.add(namePasted(files, latest.current.i18n));
    };
    target.addEventListener('paste', onPaste);
    return () => target.removeEventListener('paste', onPaste);
  }, [zone, control, latest]);
}
