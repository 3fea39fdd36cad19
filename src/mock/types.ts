import type { MockWebhookConfig } from './webhooks';
/**
 * Records held by the mock's in-memory store, and the mock's options.
 *
 * Timestamps are epoch milliseconds in the store and ISO 8601 strings on the
 * wire. Ids are opaque strings with the vendor's type prefixes.
 */

/** System keys are `open`, `pending`, `resolved`, `closed`; custom keys are lowercase snake case. */
export type MockTicketStatus = 'open' | 'pending' | 'resolved' | 'closed' | 'spam' | (string & {});
export type MockTicketPriority = 'low' | 'normal' | 'medium' | 'high' | 'urgent';
/** Stored author type. `STAFF` goes on the wire as `STAFF` or `AGENT` (see {@link MockVariants.authorType}). */
export type MockAuthorType = 'CUSTOMER' | 'STAFF' | 'SYSTEM';
export type MockAttachmentStatus = 'PENDING' | 'UPLOADED' | 'FAILED';
/** Brand satisfaction-survey scale: thumbs (1 or -1), 1–5 or 1–10. */
export type MockCsatType = 'thumbs' | 'scale5' | 'scale10';
/** Custom field types of the admin API (`array` and `object` hold JSON). */
export type MockFieldType = 'text' | 'number' | 'boolean' | 'date' | 'select' | 'multiselect' | 'url' | 'array' | 'object';
/** Entities that carry custom fields. */
export type MockFieldEntity = 'ticket' | 'customer' | 'company';

export interface MockBrand {
  id: string;
  name: string;
  slug: string;
  /** Letters and digits, upper case, e.g. `ACME`. */
  ticketPrefix: string;
  nextTicketNumber: number;
  /** Normalised origins (scheme + host + optional port) allowed to call the portal API from browsers. */
  portalOrigins: string[];
  url: string | null;
  iconUrl: string | null;
  fromName: string;
  fromEmail: string;
  /** Satisfaction surveys (brand settings); absent = off. */
  csatEnabled?: boolean;
  csatType?: MockCsatType;
  csatDelayMinutes?: number;
  createdAt: number;
  updatedAt: number;
}

/** A ticket category (`/brands/{b}/categories`); one per ticket. */
export interface MockCategory {
  id: string;
  brandId: string;
  name: string;
  /** Hex colour or null. */
  color: string | null;
  description: string | null;
  sortOrder: number;
  createdAt: number;
  updatedAt: number;
}

/** A ticket status (`/brands/{b}/statuses`): the four system ones plus the brand's custom ones. */
export interface MockStatus {
  id: string;
  brandId: string;
  name: string;
  /** `open`, `pending`, `resolved`, `closed`, or lowercase snake case (custom). */
  key: string;
  color: string;
  description: string | null;
  isSystem: boolean;
  isActive: boolean;
  sortOrder: number;
  createdAt: number;
  updatedAt: number;
}

/**
 * A custom field definition. On the wire the visibility flags are
 * `showOnCreate`/`showInTable`/`showInDetail`, or the older single `visible`
 * (see {@link MockVariants.fieldVisibility}).
 */
export interface MockFieldDefinition {
  key: string;
  label: string;
  type: MockFieldType;
  required: boolean;
  defaultValue?: unknown;
  description: string | null;
  placeholder: string | null;
  /** For select and multiselect. */
  options: string[] | null;
  showOnCreate: boolean;
  showInTable: boolean;
  showInDetail: boolean;
  sortOrder: number;
  /** Set when an integration fills the field (e.g. `shopify`). */
  source: string | null;
  createdAt: number;
}

export interface MockApiKey {
  key: string;
  name: string;
  allBrands: boolean;
  brandIds: string[];
}

export interface MockCustomer {
  id: string;
  brandId: string;
  /** Lower case; unique per brand. */
  email: string;
  name: string | null;
  companyName: string | null;
  sourceOrgId: string | null;
  createdAt: number;
}

export interface MockTicket {
  id: string;
  brandId: string;
  customerId: string;
  ticketNumber: number;
  title: string;
  body: string;
  status: MockTicketStatus;
  priority: MockTicketPriority | null;
  createdAt: number;
  updatedAt: number;
  /** Insertion order; the tie-breaker that keeps paging stable. */
  seq: number;
  /** Merged-away tickets are hidden from the portal. */
  mergedIntoId: string | null;
  deletedAt: number | null;
  /** One category per ticket (admin API). */
  categoryId?: string | null;
  /** Free-form JSON keyed by field key (admin API). */
  customFields?: Record<string, unknown>;
  /** When the ticket last entered `resolved` or `closed`; drives the reopen window. */
  closedAt?: number | null;
  closeReason?: 'no_response' | 'out_of_scope' | 'customer_left' | 'duplicate' | null;
  /** Channel the ticket came from (`web`, `email`, `api`, …). */
  source?: string;
}

export interface MockCommentMetadata {
  /** How the vendor's admin UI marks an internal note. */
  isInternal?: boolean;
  /** The admin thread's "Original Request" copy of the ticket body. */
  isTicketBody?: boolean;
  [key: string]: unknown;
}

export interface MockComment {
  id: string;
  ticketId: string;
  body: string;
  authorType: MockAuthorType;
  authorName: string | null;
  authorId: string | null;
  /** How the docs mark an internal note (`internal: true` on create). */
  internal: boolean;
  metadata: MockCommentMetadata;
  createdAt: number;
}

export interface MockAttachment {
  id: string;
  brandId: string;
  /** `null` while a pending-flow upload has not been attached to a ticket yet. */
  ticketId: string | null;
  /** The customer who initiated the upload; `null` for staff files. */
  uploaderCustomerId: string | null;
  /** The comment that links the file, if any (staff files). A file linked only from an internal note is hidden. */
  commentId: string | null;
  /** `pending` = uploaded before the ticket exists, `ticket` = onto an existing ticket, `staff` = admin side. */
  flow: 'pending' | 'ticket' | 'staff';
  /** Admin uploads: the `uploadedBy` given at initiate (a user or customer id). */
  uploadedBy?: string | null;
  filename: string;
  contentType: string;
  size: number;
  status: MockAttachmentStatus;
  /** Key of the object in the mock's presigned storage. */
  objectKey: string;
  createdAt: number;
}

export interface MockStoredObject {
  bytes: Uint8Array;
  contentType: string;
  uploadedAt: number;
}

/** A magic link "sent" through the admin API, readable through `GET /__mock/outbox`. */
export interface MockOutboxEntry {
  id: string;
  brandId: string;
  to: string;
  subject: string;
  /** The full link: `portalUrl` with `token=<magic token>` set in its query. */
  url: string;
  token: string;
  portalUrl: string;
  sentAt: string;
  expiresAt: string;
}

/** Wire-shape switches: the variants the vendor's SDK, UI and docs disagree on (docs/portal-api.md). */
export interface MockVariants {
  /** Error envelope: `default` = flat `{ message, code, errors? }`; V1 nested `error` object; V3 NestJS `{ statusCode, message, error }`; V5 `message` as an array. */
  errorBody: 'default' | 'V1' | 'V3' | 'V5';
  /** `string` = "ACME-1001" (SDK), `number` = 1001 (vendor UI). */
  ticketNumber: 'string' | 'number';
  /** How staff comments are labelled on the wire. */
  authorType: 'STAFF' | 'AGENT';
  /** Shape of one file with its download URL: superset (default), flat (SDK) or nested (vendor UI). */
  attachmentShape: 'superset' | 'flat' | 'nested';
  /** Show SYSTEM comments in ticket detail (hidden by default). */
  showSystemComments: boolean;
  /** What a customer reply on a closed ticket does. */
  replyOnClosed: 'reject' | 'allow';
  /** Admin field definitions: `flags` = `showOnCreate`/`showInTable`/`showInDetail` (vendor UI), `visible` = the older single flag (SDK). */
  fieldVisibility: 'flags' | 'visible';
  /**
   * How admin comment responses mark internal notes: `both` = `internal: true`
   * for either marker; `stored` = `internal` and `metadata` exactly as written
   * (a note made with `metadata.isInternal` says `internal: false`); `metadata`
   * = no `internal` field, `metadata.isInternal: true` for either marker.
   */
  adminInternalFlag: 'both' | 'stored' | 'metadata';
  /** Admin initiate-upload response: `superset` (default, all ids), `sdk` `{ attachmentId, uploadUrl, expiresIn }`, `ui` `{ id, uploadUrl, filename, expiresAt }`, `attachment` `{ attachment, uploadUrl, expiresAt }`. */
  adminInitiateShape: 'superset' | 'sdk' | 'ui' | 'attachment';
  /** Ready status of admin attachments: `UPLOADED` (SDK) or `CONFIRMED` (vendor UI admin). */
  adminAttachmentStatus: 'UPLOADED' | 'CONFIRMED';
  /** Admin ticket `search`: `ticket` = title, body and number; `comments` = also every comment, internal notes included (a backend filter the gateway must not trust). */
  adminSearch: 'ticket' | 'comments';
  /** A `resolved`/`closed` ticket can't be set back to another status this many days after it was closed (409 `REOPEN_WINDOW_PASSED`); null = always. */
  reopenWindowDays: number | null;
}

export interface MockRateLimit {
  /** Requests allowed per window, per customer (portal) or per API key (admin). */
  limit: number;
  windowSeconds: number;
}

export interface MockPortalOptions {
  /** Injectable clock in epoch ms. Drives token and URL expiry, rate limits, idempotency and new timestamps. Default `Date.now`. */
  now?: () => number;
  /** Portal token lifetime in seconds. Default 3600. */
  tokenTtlSeconds?: number;
  /** Seed timestamps are relative to this (epoch ms), so seed data is identical for a given value. Default: `now()` at creation. */
  seedTime?: number;
  /** `false` creates the brands and API keys only: no customers, tickets or files. Default `true`. */
  seed?: boolean;
  /** Extra origins for `br_demo`'s `portalOrigins`. */
  portalOrigins?: string[];
  /**
   * Any `http://localhost:*`, `http://127.0.0.1:*` or `http://[::1]:*` origin passes portal CORS,
   * so an app on a dev server can call the mock at once. Default `true` (the mock is a
   * development tool); `false` checks origins strictly against `portalOrigins`, like the real API.
   */
  allowLocalhostOrigins?: boolean;
  /** Default `{ limit: 1000, windowSeconds: 60 }`. */
  rateLimit?: MockRateLimit;
  /** Default `'reject'` (400). */
  replyOnClosed?: 'reject' | 'allow';
  /** Default `false`. */
  showSystemComments?: boolean;
  /** Days after closing during which an admin PATCH may reopen a ticket. Default `null` (no limit). */
  reopenWindowDays?: number | null;
  /** Initial wire variants; `reset()` returns to these. */
  variants?: Partial<MockVariants>;
  /** HMAC secret for portal tokens. A fixed default keeps tokens valid across restarts of `npm run mock`. */
  jwtSecret?: string;
  /** HMAC secret for presigned storage URLs. */
  storageSecret?: string;
  /** Lifetime of presigned upload and download URLs. Default 900 (15 min). */
  urlTtlSeconds?: number;
  /**
   * Signed webhook deliveries (`ticket.created`, `ticket.updated`,
   * `ticket.comment.created`) to this URL; off by default. Also set at run
   * time with `mock.webhooks.configure()` or `POST /__mock/webhooks`.
   */
  webhooks?: MockWebhookConfig;
}

/** A response the portal API would send: the kit's one token type. */
export type { PortalTokenResponse } from '../client/types';

/** One request the mock has answered, as `mock.onRequest` listeners receive it. */
export interface MockRequestRecord {
  method: string;
  /** API-relative for API requests (`/portal/tickets/tkt_1/comments`, no `/v1`), else the URL path. */
  path: string;
  /** `api`, `storage` (presigned uploads and downloads), `mock` (`/__mock/*`) or `other`. */
  kind: 'api' | 'storage' | 'mock' | 'other';
  /** The status sent, or `0` when fault injection dropped the response. */
  status: number;
  requestId: string;
  /** The response's JSON body, or `undefined` for other bodies. */
  body: unknown;
}
