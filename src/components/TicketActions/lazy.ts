'use client';
import { lazy } from 'react';

// One chunk for both parts, fetched the first time a thread's capabilities offer one.
const load = () => import('./TicketActions');

export const LazyTicketStatusActions = lazy(() => load().then((m) => ({ default: m.TicketStatusActions })));
export const LazyRatingPrompt = lazy(() => load().then((m) => ({ default: m.RatingPrompt })));
