// Type tests for the live-update API (checked by tsc; nothing here runs).
import { expectTypeOf } from 'vitest';
import { usePortalEvents, type Comment, type LiveStatus, type PortalClient, type PortalEvent, type PortalEventListener, type Ticket, type UsePortalEventsResult } from '../../src/headless';

expectTypeOf(usePortalEvents).parameters.toEqualTypeOf<[onEvent?: (event: PortalEvent) => void, options?: { enabled?: boolean }]>();
expectTypeOf(usePortalEvents).returns.toEqualTypeOf<UsePortalEventsResult>();
expectTypeOf<UsePortalEventsResult['status']>().toEqualTypeOf<LiveStatus>();
expectTypeOf<LiveStatus>().toEqualTypeOf<'connecting' | 'live' | 'reconnecting' | 'paused' | 'unsupported' | 'stopped'>();
expectTypeOf<PortalClient['subscribeEvents']>().toEqualTypeOf<(listener: PortalEventListener) => () => void>();

// Narrowing on `type` gives each event's payload.
function handle(event: PortalEvent) {
  if (event.type === 'comment.created') {
    expectTypeOf(event.comment).toEqualTypeOf<Comment>();
    expectTypeOf(event.ticketId).toEqualTypeOf<string>();
  } else if (event.type === 'ticket.updated' || event.type === 'ticket.created') {
    expectTypeOf(event.ticket).toEqualTypeOf<Ticket>();
  } else {
    expectTypeOf(event.type).toEqualTypeOf<'sync'>();
  }
}
void handle;
