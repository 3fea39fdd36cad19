'use client';
import type { ReactNode } from 'react';
import * as Dialog from '@radix-ui/react-dialog';
import { Root, useRootSettings } from './Root';

/** Portalled out of the kit's root: a root of its own with the same theme and direction. */
export function DialogPortal({ children }: { children: ReactNode }) {
  const settings = useRootSettings();
  return (
    <Dialog.Portal>
      {/* Radix hands its child a ref (to watch exit animations): give it a DOM element, which takes one on React 18 too. */}
      <div className="dt-dialog-portal">
        <Root className="dt-dialog-root" theme={settings?.theme ?? 'light'} dir={settings?.dir}>
          {children}
        </Root>
      </div>
    </Dialog.Portal>
  );
}
