'use client';
import { lazy } from 'react';
import { useCloseTicket } from '../../hooks/useCloseTicket';
import { useRateTicket } from '../../hooks/useRateTicket';
import { useReopenTicket } from '../../hooks/useReopenTicket';
import { ErrorNotice } from '../shared/ErrorNotice';
import { Root, useRootSettings } from '../shared/Root';
import type { TicketActionsKit } from './TicketActions';

// One chunk for both parts, fetched the first time a thread's capabilities offer one.
const load = () => import('./TicketActions');

export const LazyTicketStatusActions = lazy(() => load().then((m) => ({ default: m.TicketStatusActions })));
export const LazyRatingPrompt = lazy(() => load().then((m) => ({ default: m.RatingPrompt })));

/** Handed to the chunk: it imports nothing the entry has (see TicketActions). */
export const ticketActionsKit: TicketActionsKit = { useCloseTicket, useReopenTicket, useRateTicket, ErrorNotice, Root, useRootSettings };
