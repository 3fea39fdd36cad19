/**
 * The Switch Labs mock's behaviour switches: every point where the public
 * sources leave the real API's behaviour open, with the contract's default
 * first. Tests flip them to prove an adapter copes with each variant.
 */
export const SWITCH_VALUES = {
  /** Keyset comparison: `strict` skips rows tied with the cursor, `inclusive` repeats them, `compound` is a correct `(ts, id)` keyset. */
  cursor_mode: ['strict', 'inclusive', 'compound'],
  /** How `next_cursor` and every timestamp are printed; the store keeps milliseconds either way. */
  cursor_precision: ['seconds', 'millis'],
  /** `meta.next_cursor` on the last page: `null`, missing, or the last row's timestamp again. */
  last_page_cursor: ['null', 'absent', 'repeat'],
  /** `limit` above 100: clamped, or 400. */
  limit_over_max: ['clamp', '400'],
  /** Ids of seeded and new records: UUIDs, or `tkt_…`-style prefixed ids. Applied by a reset. */
  id_style: ['uuid', 'prefixed'],
  /** Conversation `type` names on the wire: REST's `reply/note/system`, the model's `comment/note/email/sms`, or whatever is stored. */
  conversation_types: ['seed', 'model', 'mixed'],
  /** Bodies as plain strings, TipTap JSON only, or TipTap plus text and HTML copies. */
  rich_text: ['string', 'tiptap', 'both'],
  /** Adds the data model's extra fields (`number`, `ai_summary`, `cc_emails`, `organization_id`, …) to responses. */
  include_model_fields: ['off', 'on'],
  /** Author of a conversation posted with the API key. */
  reply_author: ['api_key_user', 'customer'],
  /** Status of a ticket created through `POST /tickets`. */
  initial_status: ['new', 'open'],
  /** A reply on a `pending`/`resolved` ticket reopens it upstream. */
  auto_reopen_on_reply: ['off', 'on'],
  /** `POST /tickets` with an unknown `customer_email`. */
  create_ticket_unknown_email: ['create_customer', '400'],
  /** `POST /customers` with an email that exists. */
  duplicate_customer: ['400', '409', 'return_existing'],
  /** `GET /customers?email=` matching. */
  email_match: ['case_insensitive', 'exact'],
  /** `honoured`, or `ignored`: notes come back despite `internal=false`, drafts despite `status=published`. */
  internal_filter: ['honoured', 'ignored'],
  /** API key scopes: not checked, or enforced (403 `FORBIDDEN`). */
  scopes: ['off', 'enforce'],
} as const;

export type SwitchLabsSwitches = { -readonly [K in keyof typeof SWITCH_VALUES]: (typeof SWITCH_VALUES)[K][number] };

export const DEFAULT_SWITCHES: SwitchLabsSwitches = Object.fromEntries(
  Object.entries(SWITCH_VALUES).map(([k, values]) => [k, values[0]]),
) as SwitchLabsSwitches;

/** Validates a partial switch set; returns field errors (empty when valid). */
export function switchErrors(patch: Record<string, unknown>): { field: string; message: string }[] {
  const errors: { field: string; message: string }[] = [];
  for (const [field, value] of Object.entries(patch)) {
    const allowed = (SWITCH_VALUES as Record<string, readonly string[]>)[field];
    if (!allowed) errors.push({ field, message: `Unknown switch "${field}". Known: ${Object.keys(SWITCH_VALUES).join(', ')}.` });
    else if (typeof value !== 'string' || !allowed.includes(value)) errors.push({ field, message: `${field} must be one of: ${allowed.join(', ')}.` });
  }
  return errors;
}
