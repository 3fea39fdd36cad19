'use client';
import { useId, useRef, useState, type AnchorHTMLAttributes, type ReactNode } from 'react';
import { usePortalI18n } from '../shared/usePortalI18n';

interface ImageViewerProps {
  /** What the thumbnail button shows. */
  thumbnail: ReactNode;
  src: string;
  /** The file name (safe): the button's and the dialog's name. */
  name: string;
  /** Props of the file's download link. */
  download: AnchorHTMLAttributes<HTMLAnchorElement>;
}

/**
 * A thumbnail button that opens the image at full size in a native modal
 * `<dialog>` (focus kept inside, Escape closes, focus back on the thumbnail):
 * no dialog library in the drop-in kit's bytes, and no portal, so the kit's
 * theme and direction apply as they are.
 */
export function ImageViewer({ thumbnail, src, name, download }: ImageViewerProps) {
  const { t } = usePortalI18n();
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        ref={button}
        type="button"
        className="dt-ticket-thread-file-link"
        aria-haspopup="dialog"
        aria-label={t('attachmentView', { name })}
        onClick={() => {
          setOpen(true);
          dialog.current?.showModal();
        }}
      >
        {thumbnail}
      </button>
      <dialog
        ref={dialog}
        className="dt-image-viewer"
        aria-labelledby={titleId}
        onClose={() => {
          setOpen(false);
          button.current?.focus();
        }}
      >
        {open ? (
          <div className="dt-image-viewer-content">
            <p id={titleId} className="dt-image-viewer-title">
              {name}
            </p>
            <img className="dt-image-viewer-image" src={src} alt={t('attachmentImage', { name })} />
            <div className="dt-image-viewer-actions">
              <a {...download} className="dt-button">
                {t('attachmentOpenFull')}
              </a>
              <button type="button" className="dt-button" data-variant="primary" onClick={() => dialog.current?.close()}>
                {t('dialogClose')}
              </button>
            </div>
          </div>
        ) : null}
      </dialog>
    </>
  );
}
