'use client';
import * as Dialog from '@radix-ui/react-dialog';
import type { AnchorHTMLAttributes, ReactElement } from 'react';
import { DialogPortal } from '../shared/DialogPortal';
import { usePortalI18n } from '../shared/usePortalI18n';

interface ImageViewerProps {
  /** The thumbnail button that opens it (and gets focus back on close). */
  trigger: ReactElement;
  src: string;
  /** The file name, shown (safe) as the dialog's title. */
  name: string;
  /** Props of the file's download link. */
  download: AnchorHTMLAttributes<HTMLAnchorElement>;
}

/** An image attachment at full size in a modal dialog: titled by its name, Escape or Close returns to the thumbnail. */
export function ImageViewer({ trigger, src, name, download }: ImageViewerProps) {
  const { t } = usePortalI18n();
  return (
    <Dialog.Root>
      <Dialog.Trigger asChild>{trigger}</Dialog.Trigger>
      <DialogPortal>
        <Dialog.Overlay className="dt-dialog-overlay" />
        <Dialog.Content className="dt-dialog dt-image-viewer" aria-describedby={undefined}>
          <Dialog.Title className="dt-image-viewer-title">{name}</Dialog.Title>
          <img className="dt-image-viewer-image" src={src} alt={t('attachmentImage', { name })} />
          <div className="dt-image-viewer-actions">
            <a {...download} className="dt-button">
              {t('attachmentOpenFull')}
            </a>
            <Dialog.Close asChild>
              <button type="button" className="dt-button" data-variant="primary">
                {t('dialogClose')}
              </button>
            </Dialog.Close>
          </div>
        </Dialog.Content>
      </DialogPortal>
    </Dialog.Root>
  );
}
