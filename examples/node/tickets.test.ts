// tickets.test.ts: the client against the mock in-process (no server, no MSW)
import { expect, test } from 'vitest';
import { createPortalClient } from '@dispatchtickets/react';
import { createMockPortal } from '@dispatchtickets/react/mock';

test('lists the customer’s tickets and survives a flaky network', async () => {
  const mock = createMockPortal();
  const { token } = await mock.issuePortalToken({ email: 'jane@example.com' });
  const client = createPortalClient({ baseUrl: 'https://api.test/v1', token, fetch: mock.fetch });

  mock.faults.failRoute({ method: 'GET', path: '/portal/tickets', status: 503, count: 1 });
  const { tickets } = await client.listTickets(); // retried once, then answered
  expect(tickets.length).toBeGreaterThan(0);
  client.dispose();
});
