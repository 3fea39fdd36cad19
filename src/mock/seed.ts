import { seedAssets } from './assets';
import type { MockStore } from './store';
import type { MockAuthorType, MockCommentMetadata, MockFieldDefinition, MockTicketPriority, MockTicketStatus } from './types';

/**
 * Ids and facts of the seed data, for tests, stories and the demo.
 *
 * @example
 * const res = await fetch(`${baseUrl}/portal/tickets/${SEED.tickets.richContent}`, { headers });
 */
export const SEED = {
  brandId: 'br_demo',
  brandName: 'Acme Cloud',
  ticketPrefix: 'ACME',
  apiKey: 'sk_test_demo',
  /** A second brand and key, to test foreign tokens and keys. */
  otherBrandId: 'br_globex',
  otherBrandName: 'Globex Support',
  otherApiKey: 'sk_test_globex',
  /** Origins `br_demo` always allows (besides `options.portalOrigins`). */
  demoPortalOrigins: ['https://support.acme.example'],
  customers: {
    jane: { id: 'cus_jane_cooper', email: 'jane@example.com', name: 'Jane Cooper' },
    /** No tickets, no name. */
    newcomer: { id: 'cus_new', email: 'new@example.com', name: null },
    /** 2,000 tickets; `SEED.tickets.bulkThread` has 1,000 comments. */
    bulk: { id: 'cus_bulk', email: 'bulk@example.com', name: 'Bulk Tester' },
    /** Another customer of br_demo: his tickets are foreign to Jane. */
    bob: { id: 'cus_bob_martin', email: 'bob@example.com', name: 'Bob Martin' },
    /** jane@example.com in the other brand. */
    janeAtGlobex: { id: 'cus_globex_jane', email: 'jane@example.com', name: 'Jane Cooper' },
  },
  tickets: {
    /** ACME-1001: HTML email with quote/table/link, markdown with code, plain text, staff `attachment:` links, hidden internal/SYSTEM/isTicketBody comments. */
    richContent: 'tkt_jane_01',
    /** ACME-1002, pending, urgent. */
    pending: 'tkt_jane_02',
    /** ACME-1003, resolved: a reply reopens it. */
    resolved: 'tkt_jane_03',
    /** ACME-1004, closed: a reply is refused by default. */
    closed: 'tkt_jane_04',
    /** ACME-1005, custom status `waiting_on_customer`, markdown table. */
    customStatus: 'tkt_jane_05',
    /** ACME-1006, open, empty body, no comments. */
    noComments: 'tkt_jane_06',
    /** ACME-1007, open, long thread with an HTML email (style block, tracking pixel). */
    longThread: 'tkt_jane_07',
    /** ACME-1011: a staff comment without `authorName`. */
    unnamedStaff: 'tkt_jane_11',
    /** Spam and merged-away tickets of Jane's: never shown by the portal. */
    spam: 'tkt_jane_spam',
    merged: 'tkt_jane_merged',
    /** Bob's ticket (foreign to Jane). */
    bob: 'tkt_bob_01',
    /** Jane's ticket in the other brand. */
    globex: 'tkt_globex_01',
    /** The bulk customer's ticket with 1,000 comments. */
    bulkThread: 'tkt_bulk_0001',
  },
  /** Jane's visible tickets in br_demo. */
  janeTicketCount: 12,
  bulkTicketCount: 2000,
  bulkThreadCommentCount: 1000,
  attachments: {
    /** PNG Jane uploaded with ACME-1001 (ticket level). */
    screenshot: 'att_jane_screenshot',
    /** PNG linked from a staff comment on ACME-1001 as `attachment:att_staff_import_dialog`. */
    importDialog: 'att_staff_import_dialog',
    /** PDF linked from a staff comment on ACME-1001 as `attachment:att_staff_invoice_pdf`. */
    invoicePdf: 'att_staff_invoice_pdf',
    /** Linked only from an internal note: never listed by the portal. */
    internalLog: 'att_internal_debug_log',
    /** PENDING on ACME-1001 (never confirmed): never listed by the portal. */
    pendingOnTicket: 'att_jane_pending',
    /** Bob's confirmed pending-flow upload: Jane may not attach it. */
    bobUpload: 'att_bob_upload',
  },
  staff: {
    sam: { id: 'usr_sam_rivera', name: 'Sam Rivera' },
    priya: { id: 'usr_priya_shah', name: 'Priya Shah' },
  },
  /** `br_demo` categories (admin API). */
  categories: { billing: 'cat_billing', technical: 'cat_technical', account: 'cat_account', feature: 'cat_feature_request' },
  /** `br_demo`'s custom statuses: one active (used by ACME-1005), one inactive. */
  statuses: { custom: 'waiting_on_customer', inactive: 'on_hold' },
  /**
   * `br_demo` ticket fields, one per type. `plan`…`statusPage` are marked
   * `showOnCreate`; `accountManager` is `showInDetail` only; `riskScore` and
   * `syncPayload` are agent-only; `affectedAreas` is an `array` field.
   */
  fields: {
    orderId: 'order_id',
    affectedUsers: 'affected_users',
    production: 'is_production',
    incidentDate: 'incident_date',
    plan: 'plan',
    browsers: 'browsers',
    statusPage: 'status_page',
    details: 'steps_to_reproduce',
    accountManager: 'account_manager',
    riskScore: 'internal_risk_score',
    syncPayload: 'sync_payload',
    affectedAreas: 'affected_areas',
  },
  /** Appears only in internal notes and agent-only fields: a leak check searches for it. */
  internalCanary: 'KESTREL-7731-INTERNAL',
} as const;

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

type Author = 'jane' | 'sam' | 'priya' | 'staff-unnamed' | 'system';

interface SeedComment {
  id?: string;
  by: Author;
  /** Minutes after the ticket was created. */
  after: number;
  body: string;
  internal?: boolean;
  metadata?: MockCommentMetadata;
}

interface SeedTicket {
  id: string;
  number: number;
  title: string;
  body: string;
  status: MockTicketStatus;
  priority: MockTicketPriority | null;
  /** Minutes before seedTime. */
  ago: number;
  comments: SeedComment[];
  mergedIntoId?: string;
  categoryId?: string;
  customFields?: Record<string, unknown>;
  source?: string;
}

const RICH_BODY = `Hi Acme team,

When I export invoices to CSV, customer names with accents come out garbled in Excel: "Zoë Müller" shows up as "ZoÃ« MÃ¼ller".

Steps:
1. Billing → Invoices
2. Export → CSV
3. Open the file in Excel

Screenshot attached.

Thanks,
Jane`;

const HTML_EMAIL_REPLY = `<div dir="ltr">Thanks Sam! Option 1 worked for the March export, but the April one still looks wrong:<br><br>
<table border="1" cellpadding="4" style="border-collapse:collapse"><thead><tr><th>Invoice</th><th>Customer</th><th>Amount</th></tr></thead><tbody><tr><td>INV-2024-0042</td><td>ZoÃ« MÃ¼ller</td><td>€1,240.00</td></tr><tr><td>INV-2024-0043</td><td>François Dupont</td><td>€980.50</td></tr></tbody></table>
<br>I followed <a href="https://docs.acme.example/billing/exports#encoding" target="_blank">the export encoding guide</a> step by step.<br><br>Best,<br>Jane</div>
<br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Apr 2, 2024 at 10:14 AM Sam Rivera &lt;support@acme.example&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">Hi Jane, thanks for the detailed report!<br>This is a known issue with how Excel guesses the file encoding.</blockquote></div>`;

const MARKDOWN_STAFF = `Hi Jane, thanks for the detailed report!

This is a known issue with how Excel guesses the file encoding. A few options:

1. Use **Data → From Text/CSV** and pick \`65001: Unicode (UTF-8)\` as the file origin
2. Export as **XLSX** instead (Settings → Exports)
3. Turn on the BOM through the API:

\`\`\`bash
curl -X PATCH https://api.acme.example/v2/settings/exports \\
  -H "Authorization: Bearer $ACME_TOKEN" \\
  -d '{"export_encoding": "utf8_bom", "include_header_row": true}'
\`\`\`

Field names such as \`invoice_line_items\` and \`customer_tax_id\` keep their snake_case_identifiers in every format.

This is what the import dialog should look like:

![Import dialog](attachment:att_staff_import_dialog)

— Sam`;

const HTML_WEBHOOK_EMAIL = `<html><head><style>p{margin:0 0 8px} .sig{color:#888}</style></head><body>
<p>Hi,</p><p>Our endpoint <code>https://hooks.acmecorp.io/dispatch</code> is up (we checked with <b>curl</b>), but your dashboard still shows <span style="color:#c00">502 Bad Gateway</span> for most deliveries since 09:00 UTC.</p>
<ul><li>Started: today 09:00 UTC</li><li>Affected events: <i>invoice.paid</i>, <i>invoice.failed</i></li></ul>
<p class="sig">Jane Cooper<br>Head of Operations, AcmeCorp</p>
<img src="https://mail-tracker.example/open.gif?id=8812" width="1" height="1" alt="">
</body></html>`;

function janeTickets(): SeedTicket[] {
  return [
    {
      id: 'tkt_jane_01',
      number: 1001,
      title: 'Exported invoices CSV shows garbled characters',
      body: RICH_BODY,
      status: 'open',
      priority: 'high',
      ago: 6 * DAY / MIN,
      categoryId: SEED.categories.billing,
      source: 'web',
      customFields: {
        order_id: 'INV-2024-0042',
        plan: 'Pro',
        browsers: ['Chrome', 'Edge'],
        is_production: true,
        incident_date: '2024-04-01',
        affected_users: 12,
        status_page: 'https://status.acme.example/incidents/2024-04-01',
        account_manager: 'Sam Rivera',
        internal_risk_score: 7,
        sync_payload: { crmNote: `Churn risk flagged by CRM (${SEED.internalCanary})` },
      },
      comments: [
        { id: 'cmt_jane_01_body', by: 'jane', after: 0, body: RICH_BODY, metadata: { isTicketBody: true } },
        { id: 'cmt_jane_01_system', by: 'system', after: 2, body: 'Ticket assigned to Sam Rivera' },
        { id: 'cmt_jane_01_md', by: 'sam', after: 95, body: MARKDOWN_STAFF },
        { id: 'cmt_jane_01_html', by: 'jane', after: 24 * 60, body: HTML_EMAIL_REPLY },
        {
          id: 'cmt_jane_01_internal',
          by: 'sam',
          after: 25 * 60,
          internal: true,
          body: 'Customer is still on the legacy exporter (v1), see ENG-4821. Debug log: attachment:att_internal_debug_log — do not share the bucket name with the customer.',
        },
        {
          id: 'cmt_jane_01_internal_meta',
          by: 'priya',
          after: 26 * 60,
          metadata: { isInternal: true },
          body: 'Billing confirmed the April invoice was generated with latin1. Regenerating.',
        },
        {
          id: 'cmt_jane_01_pdf',
          by: 'sam',
          after: 28 * 60,
          body: 'I regenerated the April invoice with UTF-8 encoding: [invoice-INV-2024-0042.pdf](attachment:att_staff_invoice_pdf)\n\nCould you check whether it opens correctly on your side?',
        },
        {
          id: 'cmt_jane_01_plain',
          by: 'jane',
          after: 30 * 60,
          body: 'Yes, the PDF looks right now.\nThe CSV is still off though.\n\nI will try the XLSX export tomorrow.\n— Jane',
        },
      ],
    },
    {
      id: 'tkt_jane_02',
      number: 1002,
      title: "Can't sign in with SSO after our domain change",
      body: 'We moved from acme-corp.com to acmecorp.io last week. Since then SSO sign-in fails with "SAML assertion audience mismatch". Password login still works for admins.',
      status: 'pending',
      priority: 'urgent',
      ago: 3 * DAY / MIN,
      categoryId: SEED.categories.account,
      source: 'email',
      customFields: { plan: 'Pro', is_production: true, internal_risk_score: 9 },
      comments: [
        {
          by: 'priya',
          after: 40,
          body: 'Thanks Jane. Could you send us:\n\n- the new **Entity ID** from your IdP\n- the time of a failed attempt (with time zone)\n\nIn the meantime admins can keep using password login.',
        },
        { by: 'jane', after: 70, body: 'Entity ID: https://acmecorp.io/saml/metadata\nFailed attempt: 2024-04-03 14:22 CET' },
        { by: 'priya', after: 130, body: "Thanks! I've passed this to our identity team. We'll update you within 24 hours." },
        { by: 'system', after: 131, body: 'Priority changed from high to urgent by Priya Shah' },
        {
          id: 'cmt_jane_02_internal',
          by: 'priya',
          after: 135,
          metadata: { isInternal: true },
          body: `Identity team ticket IDP-311. Their IdP still sends the old audience; do not promise a date. ${SEED.internalCanary}`,
        },
      ],
    },
    {
      id: 'tkt_jane_03',
      number: 1003,
      title: 'Feature request: dark mode for the dashboard',
      body: 'Our support team works night shifts. A dark theme for the dashboard would be much easier on the eyes.',
      status: 'resolved',
      priority: 'low',
      ago: 25 * DAY / MIN,
      categoryId: SEED.categories.feature,
      comments: [
        { by: 'sam', after: 60, body: "Thanks for the suggestion! I've added your vote to the request." },
        { by: 'sam', after: 20 * DAY / MIN, body: 'Good news: dark mode shipped in today\'s release 🎉 Switch it on under **Profile → Appearance**.' },
        { by: 'jane', after: 20 * DAY / MIN + 30, body: 'Love it, thank you!' },
      ],
    },
    {
      id: 'tkt_jane_04',
      number: 1004,
      title: 'Charged twice for the March invoice',
      body: 'Our card was charged twice for invoice INV-2024-0031 (2 × €249.00) on March 1st.',
      status: 'closed',
      priority: 'high',
      ago: 30 * DAY / MIN,
      categoryId: SEED.categories.billing,
      comments: [
        { by: 'sam', after: 45, body: 'Sorry about that, Jane. I can see the duplicate charge and have refunded €249.00. It should appear on your statement within 5–10 business days.' },
        { by: 'jane', after: 180, body: 'Great, thanks for the quick help.' },
        { by: 'system', after: 7 * DAY / MIN, body: 'Ticket closed automatically after 7 days without activity' },
      ],
    },
    {
      id: 'tkt_jane_05',
      number: 1005,
      title: 'Questions about API rate limits',
      body: 'We are building an integration and keep hitting 429 responses. What are the limits per plan?',
      status: 'waiting_on_customer',
      priority: 'medium',
      ago: 9 * DAY / MIN,
      categoryId: SEED.categories.technical,
      customFields: { plan: 'Pro', affected_users: 3 },
      comments: [
        {
          id: 'cmt_jane_05_internal',
          by: 'sam',
          after: 45,
          internal: true,
          body: `Pro plan, but they are over quota every day: upsell to Enterprise. ${SEED.internalCanary}`,
        },
        {
          by: 'priya',
          after: 50,
          body: 'Here are the limits per plan:\n\n| Plan | Requests per minute | Burst |\n|---|---|---|\n| Starter | 60 | 10 |\n| Pro | 600 | 100 |\n| Enterprise | custom | custom |\n\nEvery response carries `X-RateLimit-Remaining` and `X-RateLimit-Reset` so you can back off before hitting the limit.',
        },
        { by: 'jane', after: 120, body: 'Which plan are we on? And is the limit per API key or per account?' },
        { by: 'priya', after: 200, body: "You're on **Pro**, and the limit is per API key. Could you share the `client_id` you see throttled so I can check the logs?" },
      ],
    },
    {
      id: 'tkt_jane_06',
      number: 1006,
      title: 'How do I add a teammate?',
      body: '',
      status: 'open',
      priority: 'normal',
      ago: 60,
      comments: [],
    },
    {
      id: 'tkt_jane_07',
      number: 1007,
      title: 'Webhook deliveries failing with 502 Bad Gateway',
      body: 'Most webhook deliveries to our endpoint fail with 502 since this morning.',
      status: 'open',
      priority: 'urgent',
      ago: 2 * DAY / MIN,
      comments: [
        { by: 'jane', after: 5, body: HTML_WEBHOOK_EMAIL },
        { by: 'sam', after: 25, body: "Thanks Jane, we're looking into it. Could you share the response your endpoint returns for one failed delivery?" },
        {
          by: 'jane',
          after: 50,
          body: 'Here is one:\n\n```json\n{\n  "delivery_id": "whd_8812",\n  "event_type": "invoice.paid",\n  "response_status": 502,\n  "retry_count": 3\n}\n```',
        },
        { by: 'sam', after: 90, body: 'Our proxy in eu-west was timing out after 5 s. We raised the timeout to 30 s and are replaying the failed deliveries now.' },
        { by: 'jane', after: 150, body: 'Deliveries are coming through again. Will the replayed ones keep their original `created_at`?' },
        { by: 'sam', after: 170, body: 'Yes: replays keep `created_at` and carry `"replayed": true` in the payload.' },
        { by: 'priya', after: 24 * 60, body: 'Post-incident report: https://status.acme.example/incidents/2024-04-05' },
        { by: 'jane', after: 24 * 60 + 40, body: 'Thanks both. Leaving this open until we confirm nothing is missing.' },
      ],
    },
    {
      id: 'tkt_jane_08',
      number: 1008,
      title: 'Please delete the old "Staging 2019" project',
      body: 'We no longer need the project "Staging 2019". Please delete it with all its data.',
      status: 'closed',
      priority: 'low',
      ago: 45 * DAY / MIN,
      comments: [
        { by: 'sam', after: 120, body: 'Done: "Staging 2019" and its 1,204 records are deleted. This cannot be undone.' },
        { by: 'jane', after: 200, body: 'Perfect, thanks.' },
      ],
    },
    {
      id: 'tkt_jane_09',
      number: 1009,
      title: 'Dashboard is slow to load in the EU region',
      body: 'Since Monday the dashboard takes 10–15 seconds to load for our team in Berlin. The US team is fine.',
      status: 'pending',
      priority: 'medium',
      ago: 4 * DAY / MIN,
      comments: [
        { by: 'priya', after: 60, body: 'Could you run a HAR capture while loading the dashboard and attach it here?' },
        { by: 'jane', after: 300, body: 'Sure, I will ask our IT team to capture one tomorrow morning.' },
      ],
    },
    {
      id: 'tkt_jane_10',
      number: 1010,
      title: 'Do you have a GDPR data processing agreement?',
      body: 'Our legal team needs a signed DPA before we roll out to the EU subsidiaries.',
      status: 'resolved',
      priority: 'normal',
      ago: 14 * DAY / MIN,
      comments: [
        { by: 'sam', after: 90, body: 'Yes. You can sign our DPA online at https://acme.example/legal/dpa. It covers the EU SCCs.' },
        { by: 'jane', after: 2 * DAY / MIN, body: 'Signed, thanks!' },
      ],
    },
    {
      id: 'tkt_jane_11',
      number: 1011,
      title: 'Password reset email never arrives',
      body: 'Our new hire (tom@acmecorp.io) requested a password reset three times, but no email arrived, not even in spam.',
      status: 'open',
      priority: 'normal',
      ago: 5 * 60,
      comments: [
        { by: 'staff-unnamed', after: 30, body: 'We found the address on our suppression list after a bounce last month and removed it. Please try again.' },
      ],
    },
    {
      id: 'tkt_jane_12',
      number: 1012,
      title: 'Upgrade from Starter to Pro mid-cycle',
      body: 'If we upgrade today, do we pay the full Pro price for this month or a prorated amount?',
      status: 'open',
      priority: 'low',
      ago: 2 * 60,
      comments: [{ by: 'jane', after: 10, body: 'Also: does the upgrade keep our existing API keys?' }],
    },
    {
      id: 'tkt_jane_spam',
      number: 1013,
      title: 'You have won a prize!!!',
      body: 'Click here to claim.',
      status: 'spam',
      priority: null,
      ago: 10 * DAY / MIN,
      comments: [],
    },
    {
      id: 'tkt_jane_merged',
      number: 1014,
      title: 'SSO broken again',
      body: 'Same SSO problem as before.',
      status: 'closed',
      priority: 'normal',
      ago: 3 * DAY / MIN - 30,
      comments: [],
      mergedIntoId: 'tkt_jane_02',
    },
  ];
}

const authorOf = (by: Author, customer: { id: string; name: string | null }) => {
  const table: Record<Author, { type: MockAuthorType; name: string | null; id: string | null }> = {
    jane: { type: 'CUSTOMER', name: customer.name, id: customer.id },
    sam: { type: 'STAFF', name: SEED.staff.sam.name, id: SEED.staff.sam.id },
    priya: { type: 'STAFF', name: SEED.staff.priya.name, id: SEED.staff.priya.id },
    'staff-unnamed': { type: 'STAFF', name: null, id: 'usr_support_bot' },
    system: { type: 'SYSTEM', name: null, id: null },
  };
  return table[by];
};

function insertSeedTicket(store: MockStore, seedTime: number, brandId: string, customer: { id: string; name: string | null }, t: SeedTicket) {
  const createdAt = seedTime - t.ago * MIN;
  const ticket = store.insertTicket({
    id: t.id,
    brandId,
    customerId: customer.id,
    ticketNumber: t.number,
    title: t.title,
    body: t.body,
    status: t.status,
    priority: t.priority,
    createdAt,
    updatedAt: createdAt,
    seq: store.nextSeq(),
    mergedIntoId: t.mergedIntoId ?? null,
    deletedAt: null,
    categoryId: t.categoryId ?? null,
    customFields: { ...t.customFields },
    // Closed when the last message came in (or at creation).
    closedAt: t.status === 'resolved' || t.status === 'closed' ? createdAt + Math.max(0, ...t.comments.map((c) => c.after)) * MIN : null,
    closeReason: null,
    source: t.source ?? 'web',
  });
  t.comments.forEach((c, n) => {
    const author = authorOf(c.by, customer);
    store.addComment(ticket.id, {
      id: c.id ?? `cmt_${t.id.slice(4)}_${String(n + 1).padStart(2, '0')}`,
      body: c.body,
      authorType: author.type,
      authorName: author.name,
      authorId: author.id,
      internal: c.internal ?? false,
      metadata: c.metadata ?? {},
      createdAt: createdAt + c.after * MIN,
    });
  });
  return ticket;
}

const BULK_TOPICS = [
  'Cannot export report',
  'Invoice question',
  'API key rotation',
  'Login loop on Safari',
  'Feature request: bulk edit',
  'Data import stuck at 99%',
  'Wrong time zone in emails',
  'Team seat limit reached',
];
const BULK_STATUSES: MockTicketStatus[] = ['open', 'pending', 'resolved', 'closed', 'waiting_on_customer'];
const PRIORITIES: MockTicketPriority[] = ['low', 'normal', 'medium', 'high', 'urgent'];

function seedBulk(store: MockStore, seedTime: number) {
  const { bulk } = SEED.customers;
  for (let i = 1; i <= SEED.bulkTicketCount; i++) {
    const n = String(i).padStart(4, '0');
    // The thread ticket is the oldest so its 1,000 comments fit before seedTime.
    const createdAt = i === 1 ? seedTime - 80 * DAY : seedTime - i * 23 * MIN;
    store.insertTicket({
      id: `tkt_bulk_${n}`,
      brandId: SEED.brandId,
      customerId: bulk.id,
      ticketNumber: 2000 + i,
      title: `${BULK_TOPICS[i % BULK_TOPICS.length] ?? 'Question'} #${i}`,
      body: `Bulk ticket ${i} for load and pagination tests.`,
      status: BULK_STATUSES[i % BULK_STATUSES.length] ?? 'open',
      priority: PRIORITIES[i % PRIORITIES.length] ?? 'normal',
      createdAt,
      updatedAt: createdAt + (i % 7) * 13 * MIN,
      seq: store.nextSeq(),
      mergedIntoId: null,
      deletedAt: null,
    });
  }
  const threadId = SEED.tickets.bulkThread;
  const thread = store.tickets.get(threadId);
  if (!thread) return;
  for (let i = 1; i <= SEED.bulkThreadCommentCount; i++) {
    const customerTurn = i % 2 === 1;
    store.insertComment({
      id: `cmt_bulk_${String(i).padStart(4, '0')}`,
      ticketId: threadId,
      body: customerTurn
        ? `Update ${i}: still seeing the issue on build ${1000 + i}.\nLogs attached in the next message.`
        : `Thanks! Reply ${i}: we deployed fix **#${i}**. Could you retry with \`retry_count=${i % 5}\`?`,
      authorType: customerTurn ? 'CUSTOMER' : 'STAFF',
      authorName: customerTurn ? bulk.name : SEED.staff.sam.name,
      authorId: customerTurn ? bulk.id : SEED.staff.sam.id,
      internal: false,
      metadata: {},
      createdAt: thread.createdAt + i * 110 * MIN,
    });
  }
  thread.updatedAt = thread.createdAt + SEED.bulkThreadCommentCount * 110 * MIN;
}

const SYSTEM_STATUSES = [
  { key: 'open', name: 'Open', color: '#3b82f6', description: 'Waiting for the team.' },
  { key: 'pending', name: 'Pending', color: '#f59e0b', description: 'Waiting for the customer.' },
  { key: 'resolved', name: 'Resolved', color: '#10b981', description: 'Solved; a reply reopens it.' },
  { key: 'closed', name: 'Closed', color: '#6b7280', description: 'Finished.' },
];

type SeedField = Omit<MockFieldDefinition, 'createdAt' | 'sortOrder' | 'required' | 'description' | 'placeholder' | 'options' | 'source' | 'showInTable'> &
  Partial<Pick<MockFieldDefinition, 'required' | 'description' | 'placeholder' | 'options' | 'source' | 'showInTable'>>;

const F = SEED.fields;
const TICKET_FIELDS: SeedField[] = [
  { key: F.plan, label: 'Plan', type: 'select', options: ['Starter', 'Pro', 'Enterprise'], showOnCreate: true, showInDetail: true, description: 'The plan your account is on.' },
  { key: F.orderId, label: 'Order or invoice number', type: 'text', placeholder: 'e.g. INV-2024-0042', showOnCreate: true, showInDetail: true },
  { key: F.production, label: 'Affects production', type: 'boolean', showOnCreate: true, showInDetail: true },
  { key: F.affectedUsers, label: 'Users affected', type: 'number', showOnCreate: true, showInDetail: true, description: 'Roughly how many people are affected.' },
  { key: F.incidentDate, label: 'When did it start?', type: 'date', showOnCreate: true, showInDetail: true },
  { key: F.browsers, label: 'Browsers', type: 'multiselect', options: ['Chrome', 'Firefox', 'Safari', 'Edge'], showOnCreate: true, showInDetail: true },
  { key: F.statusPage, label: 'Link to an example', type: 'url', placeholder: 'https://', showOnCreate: true, showInDetail: true },
  { key: F.details, label: 'Steps to reproduce', type: 'text', showOnCreate: true, showInDetail: false, showInTable: false },
  { key: F.accountManager, label: 'Account manager', type: 'text', showOnCreate: false, showInDetail: true },
  { key: F.riskScore, label: 'Churn risk score', type: 'number', showOnCreate: false, showInDetail: false, showInTable: true },
  { key: F.syncPayload, label: 'CRM sync payload', type: 'object', showOnCreate: false, showInDetail: false, source: 'hubspot' },
  { key: F.affectedAreas, label: 'Affected areas', type: 'array', showOnCreate: true, showInDetail: true },
];

/** Statuses, categories, custom fields and CSAT settings of both brands. */
function seedBrandConfig(store: MockStore, at: number) {
  for (const [brandId, slug] of [
    [SEED.brandId, 'demo'],
    [SEED.otherBrandId, 'globex'],
  ] as const) {
    SYSTEM_STATUSES.forEach((s, i) => {
      const id = `sts_${slug}_${s.key}`;
      store.statuses.set(id, { id, brandId, ...s, isSystem: true, isActive: true, sortOrder: i, createdAt: at, updatedAt: at });
    });
  }
  const custom = [
    { key: SEED.statuses.custom, name: 'Waiting on you', color: '#8b5cf6', description: 'We need something from the customer.', isActive: true },
    { key: SEED.statuses.inactive, name: 'On hold', color: '#94a3b8', description: 'No longer used.', isActive: false },
  ];
  custom.forEach((s, i) => {
    const id = `sts_demo_${s.key}`;
    store.statuses.set(id, { id, brandId: SEED.brandId, ...s, isSystem: false, sortOrder: 10 + i, createdAt: at, updatedAt: at });
  });
  const categories: [string, string, string | null, string][] = [
    [SEED.categories.billing, 'Billing', '#ef4444', 'Invoices, payments and refunds'],
    [SEED.categories.technical, 'Technical problem', '#3b82f6', 'Something is broken or slow'],
    [SEED.categories.account, 'Account & sign-in', '#10b981', 'Users, SSO and passwords'],
    [SEED.categories.feature, 'Feature request', null, 'Ideas for the product'],
  ];
  categories.forEach(([id, name, color, description], i) => {
    store.categories.set(id, { id, brandId: SEED.brandId, name, color, description, sortOrder: i, createdAt: at, updatedAt: at });
  });
  const tickets = store.fieldsOf(SEED.brandId, 'ticket');
  TICKET_FIELDS.forEach((f, i) =>
    tickets.push({
      required: false,
      description: null,
      placeholder: null,
      options: null,
      source: null,
      showInTable: f.showInDetail,
      ...f,
      sortOrder: i,
      createdAt: at,
    }),
  );
  store.fieldsOf(SEED.brandId, 'customer').push({
    key: 'company_size',
    label: 'Company size',
    type: 'select',
    required: false,
    description: null,
    placeholder: null,
    options: ['1-10', '11-50', '51-200', '200+'],
    showOnCreate: false,
    showInTable: true,
    showInDetail: true,
    sortOrder: 0,
    source: null,
    createdAt: at,
  });
}

/** Fills an empty store with the deterministic seed for `seedTime`. */
export function seedStore(store: MockStore, options: { seedTime: number; portalOrigins: string[]; data: boolean }): void {
  const { seedTime } = options;
  const brandCreated = seedTime - 400 * DAY;
  store.brands.set(SEED.brandId, {
    id: SEED.brandId,
    name: SEED.brandName,
    slug: 'acme-cloud',
    ticketPrefix: SEED.ticketPrefix,
    nextTicketNumber: 4001,
    portalOrigins: [...new Set([...SEED.demoPortalOrigins, ...options.portalOrigins])],
    url: 'https://acme.example',
    iconUrl: null,
    fromName: 'Acme Cloud Support',
    fromEmail: 'support@acme.example',
    csatEnabled: true,
    csatType: 'scale5',
    csatDelayMinutes: 60,
    createdAt: brandCreated,
    updatedAt: brandCreated,
  });
  store.brands.set(SEED.otherBrandId, {
    id: SEED.otherBrandId,
    name: SEED.otherBrandName,
    slug: 'globex',
    ticketPrefix: 'GLX',
    nextTicketNumber: 1002,
    portalOrigins: ['https://help.globex.example'],
    url: 'https://globex.example',
    iconUrl: null,
    fromName: 'Globex Support',
    fromEmail: 'help@globex.example',
    createdAt: brandCreated,
    updatedAt: brandCreated,
  });
  seedBrandConfig(store, brandCreated);
  store.apiKeys.set(SEED.apiKey, { key: SEED.apiKey, name: 'Demo test key', allBrands: false, brandIds: [SEED.brandId] });
  store.apiKeys.set(SEED.otherApiKey, { key: SEED.otherApiKey, name: 'Globex test key', allBrands: false, brandIds: [SEED.otherBrandId] });
  if (!options.data) return;

  const { jane, newcomer, bulk, bob, janeAtGlobex } = SEED.customers;
  for (const [c, brandId] of [
    [jane, SEED.brandId],
    [newcomer, SEED.brandId],
    [bulk, SEED.brandId],
    [bob, SEED.brandId],
    [janeAtGlobex, SEED.otherBrandId],
  ] as const) {
    store.addCustomer({ id: c.id, brandId, email: c.email, name: c.name, companyName: null, sourceOrgId: null, createdAt: brandCreated });
  }

  // Jane, Bob and Globex are small: seed them now. The bulk customer is lazy.
  for (const t of janeTickets()) insertSeedTicket(store, seedTime, SEED.brandId, jane, t);
  insertSeedTicket(store, seedTime, SEED.brandId, bob, {
    id: 'tkt_bob_01',
    number: 1015,
    title: 'Change the billing address on invoices',
    body: 'Please change our billing address to 42 Harbour Street, Dublin.',
    status: 'open',
    priority: 'normal',
    ago: 2 * DAY / MIN,
    categoryId: SEED.categories.billing,
    comments: [
      { by: 'sam', after: 60, body: 'Done. The next invoice will carry the new address.' },
      { id: 'cmt_bob_01_internal', by: 'sam', after: 61, internal: true, body: `Bob's VAT number failed validation twice. ${SEED.internalCanary}` },
    ],
  });
  insertSeedTicket(store, seedTime, SEED.otherBrandId, janeAtGlobex, {
    id: 'tkt_globex_01',
    number: 1001,
    title: 'Where is my Globex order?',
    body: 'Order GX-7781 has not shipped yet.',
    status: 'open',
    priority: 'normal',
    ago: 1 * DAY / MIN,
    comments: [],
  });

  const assets = seedAssets();
  const rich = seedTime - 6 * DAY;
  store.addAttachment({
    id: SEED.attachments.screenshot,
    brandId: SEED.brandId,
    ticketId: SEED.tickets.richContent,
    uploaderCustomerId: jane.id,
    flow: 'pending',
    filename: 'excel-garbled-names.png',
    contentType: 'image/png',
    size: assets.screenshot.length,
    status: 'UPLOADED',
    createdAt: rich,
    bytes: assets.screenshot,
  });
  store.addAttachment({
    id: SEED.attachments.importDialog,
    brandId: SEED.brandId,
    ticketId: SEED.tickets.richContent,
    uploaderCustomerId: null,
    commentId: 'cmt_jane_01_md',
    flow: 'staff',
    filename: 'import-dialog.png',
    contentType: 'image/png',
    size: assets.importDialog.length,
    status: 'UPLOADED',
    createdAt: rich + 95 * MIN,
    bytes: assets.importDialog,
  });
  store.addAttachment({
    id: SEED.attachments.internalLog,
    brandId: SEED.brandId,
    ticketId: SEED.tickets.richContent,
    uploaderCustomerId: null,
    commentId: 'cmt_jane_01_internal',
    flow: 'staff',
    filename: 'debug-export.log',
    contentType: 'text/plain',
    size: assets.debugLog.length,
    status: 'UPLOADED',
    createdAt: rich + 25 * HOUR,
    bytes: assets.debugLog,
  });
  store.addAttachment({
    id: SEED.attachments.invoicePdf,
    brandId: SEED.brandId,
    ticketId: SEED.tickets.richContent,
    uploaderCustomerId: null,
    commentId: 'cmt_jane_01_pdf',
    flow: 'staff',
    filename: 'invoice-INV-2024-0042.pdf',
    contentType: 'application/pdf',
    size: assets.invoice.length,
    status: 'UPLOADED',
    createdAt: rich + 28 * HOUR,
    bytes: assets.invoice,
  });
  store.addAttachment({
    id: SEED.attachments.pendingOnTicket,
    brandId: SEED.brandId,
    ticketId: SEED.tickets.richContent,
    uploaderCustomerId: jane.id,
    flow: 'ticket',
    filename: 'never-uploaded.xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    size: 48_213,
    status: 'PENDING',
    createdAt: rich + 30 * HOUR,
  });
  store.addAttachment({
    id: SEED.attachments.bobUpload,
    brandId: SEED.brandId,
    ticketId: null,
    uploaderCustomerId: bob.id,
    flow: 'pending',
    filename: 'bob-receipt.png',
    contentType: 'image/png',
    size: assets.screenshot.length,
    status: 'UPLOADED',
    // Recent, so the 24-hour sweep of unused pending uploads leaves it alone.
    createdAt: seedTime - 10 * MIN,
    bytes: assets.screenshot,
  });

  store.defer(() => seedBulk(store, seedTime));
}
