import type { GetTokenContext, TokenResult } from '@dispatchtickets/react';

/** The browser's calls to the demo backend (demo/server/api.ts). The API key never comes here. */

export interface DemoUser {
  email: string;
  name: string | null;
}

async function json<T>(input: string, init?: RequestInit): Promise<T> {
  const response = await fetch(input, {
    ...init,
    headers: init?.body ? { 'Content-Type': 'application/json' } : undefined,
  });
  if (!response.ok) throw new Error(`${init?.method ?? 'GET'} ${input} answered ${response.status}`);
  return (response.status === 204 ? null : await response.json()) as T;
}

/**
 * `direct`: the kit calls Dispatch's portal API. The others: it calls a portal
 * gateway on our own server, over Dispatch's admin API (`gateway`), the Switch
 * Labs CRM mock (`switchlabs`) or the AnswerPal mock (`answerpal`).
 */
export const DEMO_BACKENDS = ['direct', 'gateway', 'switchlabs', 'answerpal'] as const;
export type DemoBackend = (typeof DEMO_BACKENDS)[number];

/** A seeded customer of the current backend's mock, offered on the sign-in page. */
export interface DemoAccount {
  email: string;
  name: string | null;
  about: string;
}

export interface DemoConfig {
  apiBaseUrl: string;
  backend: DemoBackend;
  accounts: DemoAccount[];
  /** The helpdesk's own statuses, for the staff console. */
  staffStatuses: string[];
}

export const getConfig = () => json<DemoConfig>('/api/config');

export const setBackend = (backend: DemoBackend) => json<{ backend: DemoBackend }>('/api/backend', { method: 'POST', body: JSON.stringify({ backend }) });

export const getSession = () => json<{ user: DemoUser | null }>('/api/session').then((r) => r.user);

export const signIn = (user: DemoUser) =>
  json<{ user: DemoUser }>('/api/session', { method: 'POST', body: JSON.stringify(user) }).then((r) => r.user);

export const signOut = () => json<null>('/api/session', { method: 'DELETE' });

/**
 * `getToken` for `<PortalProvider>`: our backend answers `{ token, expiresAt, … }`
 * for the signed-in user. After the API rejected a token, `?fresh=1` tells the
 * server helper to skip its cache.
 */
export const fetchPortalToken = ({ reason }: GetTokenContext) =>
  json<TokenResult>(`/api/support/token${reason === 'rejected' ? '?fresh=1' : ''}`);

export const requestMagicLink = (email: string) =>
  json<{ sent: boolean }>('/api/magic-link', { method: 'POST', body: JSON.stringify({ email }) });

export interface InboxMessage {
  id: string;
  to: string;
  subject: string;
  url: string;
  sentAt: string;
  expiresAt: string;
}

export const getInbox = (email: string) =>
  json<{ messages: InboxMessage[] }>(`/api/demo-inbox?email=${encodeURIComponent(email)}`).then((r) => r.messages);

// The staff console's calls: the current helpdesk (a mock), through the demo backend.

export interface StaffTicket {
  id: string;
  publicId: string;
  title: string;
  status: string;
  updatedAt: string;
  customer: { email: string; name: string | null } | null;
}

export interface StaffComment {
  id: string;
  body: string;
  authorType: string;
  authorName: string | null;
  internal: boolean;
  /** `isTicketBody`: the ticket's original message stored again as a comment. */
  metadata?: { isTicketBody?: boolean };
  createdAt: string;
}

export interface StaffTicketDetail extends StaffTicket {
  body: string;
  comments: StaffComment[];
}

export const staff = {
  tickets: (email: string) =>
    json<{ data: StaffTicket[] }>(`/api/staff/tickets?email=${encodeURIComponent(email)}&limit=50&sort=updatedAt`).then((r) => r.data),
  ticket: (id: string) => json<StaffTicketDetail>(`/api/staff/tickets/${encodeURIComponent(id)}`),
  comment: (id: string, body: string, internal: boolean) =>
    json<StaffComment>(`/api/staff/tickets/${encodeURIComponent(id)}/comments`, {
      method: 'POST',
      body: JSON.stringify({ body, internal, authorName: 'Sam from Acme' }),
    }),
  setStatus: (id: string, status: string) =>
    json<StaffTicket>(`/api/staff/tickets/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify({ status }) }),
};
