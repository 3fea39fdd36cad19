import type { InfiniteData } from '@tanstack/react-query';
import type { TicketPage } from '../client';
import type { portalKeys } from './keys';

export type Lists = InfiniteData<TicketPage, string | null>;
export type ListKey = ReturnType<typeof portalKeys.ticketList>[3];
