/**
 * Records of the AnswerPal mock's in-memory store, its switches and options.
 *
 * Timestamps are epoch milliseconds in the store and ISO 8601 strings on the
 * wire (with or without an offset, per the `date_format` switch). Ids are
 * integers, as AnswerPal's are; attachment access tokens are GUIDs.
 */

/** Representative roles. `Supervisor` reads like `Administrator`. */
export type AnswerPalRole = 'Administrator' | 'Supervisor' | 'Agent' | 'Restricted';

export interface ApTenant {
  id: number;
  name: string;
  /** Login `hostname` that selects this tenant. */
  hostname: string;
}

export interface ApRep {
  customerRepID: number;
  tenantId: number;
  username: string;
  password: string;
  name: string;
  email: string;
  role: AnswerPalRole;
  active: boolean;
  deleted: boolean;
}

export interface ApChannel {
  channelID: number;
  tenantId: number;
  /** `Email`, `Chat`, `Phone`, `WhatsApp`, `Teams` (≤ 20 chars). */
  channelType: string;
  name: string;
}

export interface ApEndUserUid {
  endUserUIDID: number;
  uidType: string;
  uid: string;
  isPrimary: boolean;
}

export interface ApEndUser {
  endUserID: number;
  tenantId: number;
  name: string | null;
  firstname: string | null;
  lastname: string | null;
  gender: string | null;
  otherContactDetails: string | null;
  aiDocumentation: string | null;
  customerRef: string | null;
  customerType: string;
  country: string | null;
  lang: string | null;
  street: string | null;
  houseNumber: string | null;
  postalCode: string | null;
  city: string | null;
  company: string | null;
  uids: ApEndUserUid[];
}

export interface ApTicket {
  ticketID: number;
  tenantId: number;
  /** The "public token" (purpose unpublished); never meant for a customer. */
  token: string;
  dateCreated: number;
  subject: string;
  status: string;
  isClosed: boolean;
  channelType: string;
  channelID: number | null;
  /** The person the ticket is linked to (email, phone, …). */
  uid: string | null;
  preview: string | null;
  summary: string | null;
  lastMessageDate: number | null;
  closeDate: number | null;
  endDate: number | null;
  followUpDate: number | null;
  customerRepID: number | null;
  escalated: boolean;
  isSpam: boolean;
  isImportant: boolean;
  isProcessed: boolean;
  /** Mock only: when an unprocessed ticket becomes processed (`processed_delay_ms`); null = stays as is. */
  processAt: number | null;
  aiFeedbackComments: string[];
  topics: string[];
  hasRecording: boolean;
  twilio_CallSid: string | null;
  fromNumber: string | null;
  toNumber: string | null;
  lastEndUserMessageID: number | null;
  endUserID: number | null;
  customFieldsData: Record<string, unknown> | null;
  isRead: boolean;
  /** Mock only: bulk `delete` (soft). Deleted tickets answer 404. */
  deleted: boolean;
}

/**
 * A message, stored in the `separate` shape: one record per direction. The
 * `combined` model folds an outbound record that replies to an incoming one
 * (`replyToID`) into that record's `responseText` on the wire.
 */
export interface ApMessage {
  ticketMessageID: number;
  ticketID: number;
  isIncoming: boolean;
  body: string;
  isDraft: boolean;
  isSent: boolean;
  isForward: boolean;
  isAiGenerated: boolean;
  fromAddress: string | null;
  toAddress: string | null;
  ccAddress: string | null;
  uid: string | null;
  dateCreated: number;
  dateSent: number | null;
  customFieldsData: Record<string, unknown> | null;
  /** Outbound records: the incoming message this replies to (the `combined` model folds it there). */
  replyToID: number | null;
  /** Mock only: the AI prompt used to write this reply (AI generation stores prompts per message). */
  prompt: string | null;
}

export interface ApAttachment {
  ticketMessageAttachmentID: number;
  /** The stored message (in the `combined` model, a folded reply's files show under the message it answers). */
  messageID: number;
  /** Null exercises the `download.bin` fallback. */
  fileName: string | null;
  /** Null exercises the `application/octet-stream` fallback. */
  contentType: string | null;
  fileSizeBytes: number;
  createdDateTime: number;
  isEndUserProvided: boolean;
  isCustomerRepProvided: boolean;
  convertedFromAttachmentID: number | null;
  contentId: string | null;
  /** GUID; `GET /api/File/{accessToken}` serves the bytes to anyone. */
  accessToken: string;
  /** The bytes, as received (never concatenated, so a 50 MB file isn't copied). */
  chunks: Uint8Array[];
}

// ---------------------------------------------------------------------------
// Switches
// ---------------------------------------------------------------------------

/**
 * Wire and behaviour variants the AnswerPal contract leaves open. The control
 * route takes the contract's names (`message_model`, `token_ttl_s`, …).
 */
export interface AnswerPalSwitches {
  /** `combined`: one record carries the inbound `body` and the reply prepared for it (`responseText`). `separate`: one record per direction. */
  messageModel: 'combined' | 'separate';
  /** Automation applied to incoming messages created through M3. */
  pipeline: 'off' | 'auto_reply' | 'mark_spam' | 'auto_close';
  /** Tickets created through the API stay unprocessed (unlisted) for this long. */
  processedDelayMs: number;
  /** The role of the service account (`portal-service`). */
  role: 'Administrator' | 'Agent' | 'Restricted';
  /** Status for a ticket the caller's role may not read. */
  forbiddenAs: 404 | 403;
  /** Lifetime of login JWTs, seconds. */
  tokenTtlS: number;
  /** `PaginatedResult` with 3 fields (`items`, `totalCount`, `totalPages`) or 5 (+ `pageNumber`, `pageSize`). */
  pagedFields: 3 | 5;
  casing: 'camel' | 'pascal';
  /** `z`: `2024-04-01T10:00:00.000Z`; `no_offset`: `2024-04-01T10:00:00.0000000` (.NET `DateTime` without a kind). */
  dateFormat: 'z' | 'no_offset';
  uidMatch: 'case_insensitive' | 'exact';
  duplicateUid: 409 | 'create_second';
  /** Error bodies: ASP.NET problem details, empty, or `{ message }`. 401/403 from the bearer check are always empty; 429 always `{ status, error, message }`. */
  errorStyle: 'problem' | 'empty' | 'message';
  /** Status of creates (E2, T3, M3, M4, F2). */
  createStatus: 201 | 200;
}

export interface AnswerPalMockOptions {
  /** Clock for tokens, processing delays and timestamps. Default `Date.now`. */
  now?: () => number;
  /** Seed timestamps are relative to this. Default: creation time. */
  seedTime?: number;
  /** HS256 secret for login JWTs. */
  jwtSecret?: string;
  /** Initial switches (also what `reset()` returns to). */
  switches?: Partial<AnswerPalSwitches>;
  /** `false`: tenants, representatives and channels only, no end users or tickets. Default true. */
  seed?: boolean;
  /** Requests per window per tenant before 429. Default 1000 / 60 s. */
  rateLimit?: { limit: number; windowSeconds: number };
}
