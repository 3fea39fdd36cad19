'use client';
import { useAttachments } from '../../hooks/useAttachments';
import { usePortalI18n } from '../shared/usePortalI18n';
import { AttachmentCard } from './attachments';
import { ImageViewer } from './ImageViewer';
import type { MessageFileRef } from './messageContent';

/** A message's attached files: images as thumbnails that open large, other files as download cards. */
export function MessageFiles({ ticketId, files }: { ticketId: string; files: readonly MessageFileRef[] }) {
  const { t } = usePortalI18n();
  // The ticket's file list (one cached request for the whole thread) gives each file's type and size.
  const { data } = useAttachments(ticketId);
  return (
    <ul className="dt-ticket-thread-files dt-message-files" aria-label={t('messageFiles', { count: files.length })}>
      {files.map(({ id, name }) => {
        const meta = data?.find((a) => a.id === id);
        return (
          <AttachmentCard
            key={id}
            ticketId={ticketId}
            id={id}
            filename={meta?.filename ?? name}
            contentType={meta?.contentType}
            size={meta?.size}
            viewer={ImageViewer}
          />
        );
      })}
    </ul>
  );
}

