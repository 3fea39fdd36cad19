// src/SupportPage.test.tsx
import { expect, test } from 'vitest';
import { fireEvent, screen } from '@testing-library/react';
import { SupportPortal } from '@dispatchtickets/react';
import { renderWithPortal } from '@dispatchtickets/react/testing';

test('a customer opens a ticket and replies', async () => {
  const { portal } = await renderWithPortal(<SupportPortal />);

  fireEvent.click(await screen.findByText(/sign in with SSO/));
  fireEvent.change(await screen.findByLabelText('Your reply'), { target: { value: 'It works again, thanks!' } });
  fireEvent.click(screen.getByRole('button', { name: 'Send' }));

  const sent = await portal.waitForRequest('POST /portal/tickets/:id/comments');
  expect(sent.status).toBe(201);
  expect(await screen.findByText('It works again, thanks!')).toBeTruthy();
});

test('a staff reply shows up in the open ticket', async () => {
  const { portal } = await renderWithPortal(<SupportPortal defaultView={{ name: 'ticket', ticketId: 'tkt_jane_02' }} />);

  await screen.findByLabelText('Your reply');
  await portal.staffReply('tkt_jane_02', 'We are on it.');
  expect(await screen.findByText('We are on it.')).toBeTruthy();
});
