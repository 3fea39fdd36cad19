'use client';
import * as Dialog from '@radix-ui/react-dialog';
import type { AnchorHTMLAttributes } from 'react';
import { DialogPortal } from '../shared/DialogPortal';
import { usePortalI18n } from '../shared/usePortalI18n';

interface ImageViewerProps {
  open: boolean;
  onOpenChange(open: boolean): void;
  src: string;
  /** The file name, shown (safe) as the dialog's title. */
  name: string;
  /** Props of the file's download link. */
  download: AnchorHTMLAttributes<HTMLAnchorElement>;
}

/** An image attachment at full size in a modal dialog: titled by its name, Escape or Close returns to the thumbnail. */
export function ImageViewer({ open, onOpenChange, src, name, download }: ImageViewerProps) {
  const { t } = usePortalI18n();
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
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
