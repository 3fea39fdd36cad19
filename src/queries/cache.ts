import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type { Comment, TicketDetail, TicketPage } from '../client';
import { portalKeys } from './keys';

export type Lists = InfiniteData<TicketPage, string | null>;
export type ListKey = ReturnType<typeof portalKeys.ticketList>[3];

/** Adds a confirmed reply to the cached thread (once, whatever the order of poll and response). */
export function appendComment(queryClient: QueryClient, ticketId: string, comment: Comment) {
  queryClient.setQueryData<TicketDetail>(portalKeys.ticket(ticketId), (detail) => {
    if (!detail || detail.comments.some((c) => c.id === comment.id)) return detail;
    return {
      ...detail,
      comments: [...detail.comments, comment],
      commentCount: (detail.commentCount ?? detail.comments.length) + 1,
      updatedAt: comment.createdAt > detail.updatedAt ? comment.createdAt : detail.updatedAt,
    };
  });
}
