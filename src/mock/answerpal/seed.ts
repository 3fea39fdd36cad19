import { makePdf, makePng } from '../assets';
import type { AnswerPalStore } from './store';

const enc = new TextEncoder();
const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Ids, credentials and facts of the AnswerPal mock's seed data.
 *
 * Strings in `canaries` only appear in content a customer must never see
 * (drafts, AI drafts and prompts, forwards, third-party replies, notes,
 * AI feedback, summaries, custom fields, end-user documentation): a test
 * that finds one in gateway output has found a leak.
 *
 * @example
 * const backend = answerPal({ baseUrl: server.url, ...ANSWERPAL_SEED.service, channelId: ANSWERPAL_SEED.portalChannelId });
 */
export const ANSWERPAL_SEED = {
  tenant: { id: 1, name: 'Acme Support', hostname: 'support.acme.example' },
  /** A second tenant: same email, other data (tenant scoping and the `localhost` bypass). */
  otherTenant: { id: 2, name: 'Globex Help', hostname: 'help.globex.example' },
  /** The service account the gateway logs in with (Administrator unless the `role` switch says otherwise). */
  service: { username: 'portal-service', password: 'portal-service-password', hostname: 'support.acme.example' },
  serviceRepId: 1,
  reps: {
    anna: { id: 2, username: 'anna.devries', password: 'anna-password', name: 'Anna de Vries', role: 'Agent' },
    rick: { id: 3, username: 'rick.janssens', password: 'rick-password', name: 'Rick Janssens', role: 'Restricted' },
    /** Inactive: cannot log in. */
    olga: { id: 4, username: 'olga.oud', password: 'olga-password', name: 'Olga Oud', role: 'Agent' },
    /** Administrator of the other tenant. */
    globex: { id: 5, username: 'globex-service', password: 'globex-password', name: 'Globex Service', role: 'Administrator' },
  },
  channels: { email: 1, portal: 2, phone: 3, globexEmail: 4 },
  /** The dedicated portal channel (`Chat`) the gateway files tickets through. */
  portalChannelId: 2,
  endUsers: {
    /** Two email UIDs and a phone UID. */
    eva: { id: 101, email: 'eva@initech.example', secondaryEmail: 'eva.jansen@gmail.example', phone: '+32470000001', name: 'Eva Jansen' },
    /** His `customerRef` is Eva's email: E1 for Eva's email also finds him, E4 for him also lists Eva's tickets. */
    tom: { id: 102, email: 'tom@initech.example', name: 'Tom Peeters' },
    /** Two end users with the same primary email: ambiguous. */
    frontDeskOld: { id: 103, email: 'frontdesk@initech.example' },
    frontDesk: { id: 104, email: 'frontdesk@initech.example' },
    /** Two end users share this email; only 105 has it as primary UID. */
    helpdesk: { id: 105, email: 'helpdesk@initech.example' },
    helpdeskAlias: { id: 106, email: 'helpdesk@initech.example' },
    /** A UID stored in mixed case. */
    max: { id: 107, email: 'Max.Mustermann@Initech.example', name: 'Max Mustermann' },
    /** Eva's email in the other tenant. */
    evaAtGlobex: { id: 108, email: 'eva@initech.example' },
  },
  tickets: {
    /** Open, Anna's; every kind of message, attachments from both sides, `/api/File` links, a tracking pixel. */
    rich: 1001,
    closed: 1002,
    escalated: 1003,
    /** `followUpDate` a week ahead: T1/E4 hide it unless `includeFollowUp=true`. */
    followUp: 1004,
    /** Never processed: T1/E4 never list it; T2 reads it. */
    unprocessed: 1005,
    /** Assigned to Rick (another representative). */
    otherRep: 1006,
    spam: 1007,
    /** Linked through Eva's second email. */
    secondaryEmail: 1008,
    /** Linked through Eva's phone UID (phone metadata, recording). */
    phone: 1009,
    tom: 1101,
    /** Another person's `uid` (no end user). */
    stranger: 1201,
    /** Eva's email in the other tenant. */
    globex: 2001,
  },
  /** Eva's tickets E4 lists by default (processed, no future follow-up), spam included unless `isSpam=false`. */
  evaListed: [1001, 1002, 1003, 1006, 1007, 1008, 1009],
  messages: {
    richIncoming: 5001,
    richSentReply: 5002,
    /** Incoming HTML email linking its own attachment through `/api/File/…`, with a tracking pixel. */
    richIncomingWithLink: 5003,
    richDraft: 5004,
    richAiDraft: 5005,
    richForward: 5006,
    richThirdParty: 5007,
    /** Sent reply linking a public attachment and a draft's attachment through `/api/File/…`. */
    richSentWithLinks: 5008,
    richAiSent: 5009,
    richNote: 5010,
  },
  attachments: {
    /** Eva's PDF on her first message (end-user provided). */
    evaInvoice: 9001,
    /** On Anna's sent reply (representative provided). */
    correctedInvoice: 9002,
    /** Eva's PNG on 5003, linked from its body. */
    evaScreenshot: 9003,
    /** On the unsent draft 5004: never visible. */
    draftCreditNote: 9004,
    /** On the forward 5006: never visible. */
    forwardCertificate: 9005,
    /** On 1003's message: `text/plain` (inline), a `.docx` (download), no name and no type (fallbacks), SVG (inline). */
    logsTxt: 9006,
    exportDocx: 9007,
    unnamed: 9008,
    diagramSvg: 9009,
    /** Tom's image on 1101. */
    tomPhoto: 9010,
  },
  canaries: [
    'DRAFT-CANARY',
    'AI-DRAFT-CANARY',
    'PROMPT-CANARY',
    'FORWARD-CANARY',
    'THIRDPARTY-CANARY',
    'NOTE-CANARY',
    'AIFEEDBACK-CANARY',
    'SUMMARY-CANARY',
    'CUSTOMFIELD-CANARY',
    'AIDOC-CANARY',
    'accountant@external-audit.example',
  ],
} as const;

/** Fills the store. `data: false` keeps tenants, representatives and channels only. */
export function seedAnswerPal(store: AnswerPalStore, { seedTime, data }: { seedTime: number; data: boolean }): void {
  const S = ANSWERPAL_SEED;
  const at = (ms: number) => seedTime + ms;
  store.addTenant(S.tenant);
  store.addTenant(S.otherTenant);
  store.addRep({ customerRepID: S.serviceRepId, tenantId: 1, username: S.service.username, password: S.service.password, name: 'Portal Service', email: 'portal@acme.example', role: 'Administrator' });
  store.addRep({ customerRepID: 2, tenantId: 1, username: S.reps.anna.username, password: S.reps.anna.password, name: S.reps.anna.name, email: 'anna@acme.example', role: 'Agent' });
  store.addRep({ customerRepID: 3, tenantId: 1, username: S.reps.rick.username, password: S.reps.rick.password, name: S.reps.rick.name, email: 'rick@acme.example', role: 'Restricted' });
  store.addRep({ customerRepID: 4, tenantId: 1, username: S.reps.olga.username, password: S.reps.olga.password, name: S.reps.olga.name, email: 'olga@acme.example', role: 'Agent', active: false });
  store.addRep({ customerRepID: 5, tenantId: 2, username: S.reps.globex.username, password: S.reps.globex.password, name: S.reps.globex.name, email: 'service@globex.example', role: 'Administrator' });
  store.addChannel({ channelID: 1, tenantId: 1, channelType: 'Email', name: 'support@acme.example' });
  store.addChannel({ channelID: 2, tenantId: 1, channelType: 'Chat', name: 'Customer portal' });
  store.addChannel({ channelID: 3, tenantId: 1, channelType: 'Phone', name: 'Hotline' });
  store.addChannel({ channelID: 4, tenantId: 2, channelType: 'Email', name: 'help@globex.example' });
  if (!data) return;

  // -- end users ----------------------------------------------------------------
  const eva = store.addEndUser(1, {
    firstname: 'Eva',
    lastname: 'Jansen',
    company: 'Initech BV',
    customerType: 'Customer',
    customerRef: 'CRM-0001',
    gender: 'F',
    lang: 'nl',
    country: 'BE',
    aiDocumentation: 'AIDOC-CANARY: VIP, always offer a discount before she churns.',
    otherContactDetails: 'Assistant: +32 2 555 01 01',
    uids: [
      { uidType: 'Email', uid: S.endUsers.eva.email, isPrimary: true },
      { uidType: 'Email', uid: S.endUsers.eva.secondaryEmail, isPrimary: false },
      { uidType: 'Phone', uid: S.endUsers.eva.phone, isPrimary: true },
    ],
  });
  store.addEndUser(1, { firstname: 'Tom', lastname: 'Peeters', company: 'Initech BV', customerType: 'Customer', customerRef: S.endUsers.eva.email, uids: [{ uid: S.endUsers.tom.email }] });
  store.addEndUser(1, { name: 'Front desk (old)', company: 'Initech BV', uids: [{ uid: S.endUsers.frontDeskOld.email, isPrimary: true }] });
  store.addEndUser(1, { name: 'Front desk', company: 'Initech BV', uids: [{ uid: S.endUsers.frontDesk.email, isPrimary: true }] });
  store.addEndUser(1, { name: 'Helpdesk', company: 'Initech BV', uids: [{ uid: S.endUsers.helpdesk.email, isPrimary: true }] });
  store.addEndUser(1, { name: 'Helpdesk alias', company: 'Initech BV', uids: [{ uid: 'it@initech.example', isPrimary: true }, { uid: S.endUsers.helpdeskAlias.email, isPrimary: false }] });
  store.addEndUser(1, { firstname: 'Max', lastname: 'Mustermann', uids: [{ uid: S.endUsers.max.email }] });
  store.addEndUser(2, { firstname: 'Eva', lastname: 'Jansen', uids: [{ uid: S.endUsers.eva.email }] });

  const evaMail = S.endUsers.eva.email;
  const support = 'support@acme.example';
  const base = { endUserID: eva.endUserID, channelID: 1, channelType: 'Email' };

  // -- 1001: every kind of message ---------------------------------------------------
  const rich = store.addTicket(1, {
    ...base,
    ticketID: S.tickets.rich,
    subject: 'Invoice shows the wrong VAT rate',
    uid: evaMail,
    dateCreated: at(-6 * DAY),
    customerRepID: 2,
    topics: ['Billing'],
    summary: 'SUMMARY-CANARY: angry about VAT, considering cancelling.',
    aiFeedbackComments: ['AIFEEDBACK-CANARY: the AI draft promised a refund we cannot give.'],
    customFieldsData: { crmPriority: 'P1', internalNote: 'CUSTOMFIELD-CANARY: account flagged for churn' },
    isImportant: true,
  });
  const m1 = store.addMessage(rich, {
    isIncoming: true,
    uid: evaMail,
    fromAddress: evaMail,
    toAddress: support,
    dateCreated: at(-6 * DAY),
    body: 'Hello,\n\nInvoice INV-2024-118 charges 21% VAT, but we are exempt (intra-EU delivery). The scan is attached.\n\nEva',
  });
  const invoice = store.addAttachment(m1, {
    fileName: 'invoice-INV-2024-118.pdf',
    contentType: 'application/pdf',
    isEndUserProvided: true,
    isCustomerRepProvided: false,
    createdDateTime: at(-6 * DAY),
    bytes: makePdf(['Invoice INV-2024-118', 'VAT 21%']),
  });
  const m2 = store.addMessage(rich, {
    isIncoming: false,
    isSent: true,
    replyToID: m1.ticketMessageID,
    fromAddress: support,
    toAddress: evaMail,
    dateCreated: at(-5 * DAY),
    dateSent: at(-5 * DAY),
    body: 'Hi Eva,\n\nThanks, we corrected the VAT. The corrected invoice is attached.\n\nAnna',
  });
  const corrected = store.addAttachment(m2, {
    fileName: 'corrected-invoice.pdf',
    contentType: 'application/pdf',
    createdDateTime: at(-5 * DAY),
    bytes: makePdf(['Invoice INV-2024-118 (corrected)', 'VAT 0% (intra-EU)']),
  });
  const m3 = store.addMessage(rich, {
    isIncoming: true,
    uid: evaMail,
    fromAddress: evaMail,
    toAddress: support,
    dateCreated: at(-4 * DAY),
    body: '',
  });
  const screenshot = store.addAttachment(m3, {
    fileName: 'screenshot.png',
    contentType: 'image/png',
    isEndUserProvided: true,
    isCustomerRepProvided: false,
    contentId: 'screenshot-1@initech.example',
    createdDateTime: at(-4 * DAY),
    bytes: makePng(4, 3, (x, y) => [x * 60, y * 80, 200]),
  });
  m3.body =
    `<p>Thanks! One more thing: the portal still shows the old amount, see <a href="https://api.answerpal.eu/api/File/${screenshot.accessToken}">the screenshot</a>.</p>` +
    `<p><img src="cid:${screenshot.contentId}" alt="screenshot"></p>` +
    '<img src="https://track.example/open.gif?u=eva" width="1" height="1" alt="">';
  const m4 = store.addMessage(rich, {
    isIncoming: false,
    isDraft: true,
    replyToID: m3.ticketMessageID,
    fromAddress: support,
    toAddress: evaMail,
    dateCreated: at(-4 * DAY + HOUR),
    body: 'DRAFT-CANARY: we will refund the whole year as a goodwill gesture.',
  });
  const draftNote = store.addAttachment(m4, {
    fileName: 'credit-note-draft.pdf',
    contentType: 'application/pdf',
    createdDateTime: at(-4 * DAY + HOUR),
    bytes: makePdf(['DRAFT-CANARY credit note']),
  });
  store.addMessage(rich, {
    isIncoming: false,
    isDraft: true,
    isAiGenerated: true,
    replyToID: m3.ticketMessageID,
    dateCreated: at(-4 * DAY + 2 * HOUR),
    body: 'AI-DRAFT-CANARY: Dear Eva, I am sorry, you will get 100% back.',
    prompt: 'PROMPT-CANARY: be generous, she is a VIP.',
  });
  const forward = store.addMessage(rich, {
    isIncoming: false,
    isForward: true,
    isSent: true,
    fromAddress: support,
    toAddress: 'accountant@external-audit.example',
    dateCreated: at(-3 * DAY),
    dateSent: at(-3 * DAY),
    body: "FORWARD-CANARY: please check Eva's VAT exemption certificate (attached).",
  });
  store.addAttachment(forward, {
    fileName: 'exemption-certificate.pdf',
    contentType: 'application/pdf',
    createdDateTime: at(-3 * DAY),
    bytes: makePdf(['FORWARD-CANARY certificate']),
  });
  store.addMessage(rich, {
    isIncoming: true,
    uid: 'accountant@external-audit.example',
    fromAddress: 'accountant@external-audit.example',
    toAddress: support,
    dateCreated: at(-2 * DAY - HOUR),
    body: 'THIRDPARTY-CANARY: the exemption is valid until 2026.',
  });
  store.addMessage(rich, {
    isIncoming: false,
    isSent: true,
    fromAddress: support,
    toAddress: evaMail,
    dateCreated: at(-2 * DAY),
    dateSent: at(-2 * DAY),
    body:
      'We applied the exemption. Your updated invoice: https://api.answerpal.eu/api/File/' +
      corrected.accessToken +
      `\n\n[Credit note](https://api.answerpal.eu/api/File/${draftNote.accessToken})`,
  });
  store.addMessage(rich, {
    isIncoming: false,
    isSent: true,
    isAiGenerated: true,
    dateCreated: at(-1 * DAY),
    dateSent: at(-1 * DAY),
    body: 'Automatic reply: we have received your message and will get back to you within one business day.',
  });
  store.addMessage(rich, {
    isIncoming: false,
    dateCreated: at(-1 * DAY + HOUR),
    body: 'NOTE-CANARY: customer called, was rude on the phone.',
  });
  void invoice;

  // -- 1002–1009: Eva's other tickets ----------------------------------------------
  const closed = store.addTicket(1, {
    ...base,
    ticketID: S.tickets.closed,
    channelID: 2,
    channelType: 'Chat',
    subject: 'Password reset link expired',
    uid: evaMail,
    dateCreated: at(-30 * DAY),
    status: 'Closed',
    isClosed: true,
    closeDate: at(-20 * DAY),
    customerRepID: 2,
  });
  const c1 = store.addMessage(closed, { isIncoming: true, uid: evaMail, dateCreated: at(-30 * DAY), body: 'The password reset link says it expired.' });
  store.addMessage(closed, { isIncoming: false, isSent: true, replyToID: c1.ticketMessageID, dateCreated: at(-29 * DAY), dateSent: at(-29 * DAY), body: 'I sent you a new link; it is valid for 4 hours.' });

  const escalated = store.addTicket(1, {
    ...base,
    ticketID: S.tickets.escalated,
    subject: 'Data export fails for large accounts',
    uid: evaMail,
    dateCreated: at(-3 * DAY),
    status: 'Escalated',
    escalated: true,
    customerRepID: 2,
  });
  const e1 = store.addMessage(escalated, { isIncoming: true, uid: evaMail, dateCreated: at(-3 * DAY), body: 'Exports over 10,000 rows time out. Logs attached.' });
  const text = (s: string) => enc.encode(s);
  store.addAttachment(e1, { fileName: 'export.log', contentType: 'text/plain', isEndUserProvided: true, isCustomerRepProvided: false, bytes: text('2024-04-02 export timeout after 30s\n') });
  store.addAttachment(e1, {
    fileName: 'export-settings.docx',
    contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    isEndUserProvided: true,
    isCustomerRepProvided: false,
    bytes: text('PK\u0003\u0004 not really a docx'),
  });
  store.addAttachment(e1, { fileName: null, contentType: null, isEndUserProvided: true, isCustomerRepProvided: false, bytes: new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]) });
  store.addAttachment(e1, {
    fileName: 'diagram.svg',
    contentType: 'image/svg+xml',
    isEndUserProvided: true,
    isCustomerRepProvided: false,
    bytes: text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script><rect width="10" height="10"/></svg>'),
  });

  const followUp = store.addTicket(1, {
    ...base,
    ticketID: S.tickets.followUp,
    subject: 'Renewal quote for next year',
    uid: evaMail,
    dateCreated: at(-10 * DAY),
    followUpDate: at(7 * DAY),
    customerRepID: 2,
  });
  const f1 = store.addMessage(followUp, { isIncoming: true, uid: evaMail, dateCreated: at(-10 * DAY), body: 'Could you send a renewal quote?' });
  store.addMessage(followUp, { isIncoming: false, isSent: true, replyToID: f1.ticketMessageID, dateCreated: at(-9 * DAY), dateSent: at(-9 * DAY), body: 'Sure, I will send it a week before renewal.' });

  const unprocessed = store.addTicket(1, { ...base, ticketID: S.tickets.unprocessed, subject: 'Question about API limits', uid: evaMail, dateCreated: at(-2 * HOUR), isProcessed: false });
  store.addMessage(unprocessed, { isIncoming: true, uid: evaMail, dateCreated: at(-2 * HOUR), body: 'What are the API rate limits on our plan?' });

  const otherRep = store.addTicket(1, { ...base, ticketID: S.tickets.otherRep, subject: 'Onboarding call', uid: evaMail, dateCreated: at(-15 * DAY), customerRepID: 3 });
  store.addMessage(otherRep, { isIncoming: true, uid: evaMail, dateCreated: at(-15 * DAY), body: 'Can we schedule the onboarding call?' });

  const spam = store.addTicket(1, { ...base, ticketID: S.tickets.spam, subject: 'You have won a prize', uid: evaMail, dateCreated: at(-1 * DAY), isSpam: true });
  store.addMessage(spam, { isIncoming: true, uid: evaMail, dateCreated: at(-1 * DAY), body: 'Click here to claim your prize.' });

  const secondary = store.addTicket(1, { ...base, ticketID: S.tickets.secondaryEmail, subject: 'Question from my personal address', uid: S.endUsers.eva.secondaryEmail, dateCreated: at(-8 * DAY) });
  store.addMessage(secondary, { isIncoming: true, uid: S.endUsers.eva.secondaryEmail, dateCreated: at(-8 * DAY), body: 'Writing from my personal address: is my account still active?' });

  const phone = store.addTicket(1, {
    ...base,
    ticketID: S.tickets.phone,
    channelID: 3,
    channelType: 'Phone',
    subject: 'Phone call: shipping delay',
    uid: S.endUsers.eva.phone,
    dateCreated: at(-12 * DAY),
    hasRecording: true,
    twilio_CallSid: 'CA0000000000000000000000000000000',
    fromNumber: S.endUsers.eva.phone,
    toNumber: '+3220000000',
    customerRepID: 2,
  });
  store.addMessage(phone, { isIncoming: true, uid: S.endUsers.eva.phone, dateCreated: at(-12 * DAY), body: 'Transcript: my order has not shipped yet.' });

  // -- other people -------------------------------------------------------------------
  const tom = store.addTicket(1, { channelID: 1, channelType: 'Email', endUserID: 102, ticketID: S.tickets.tom, subject: 'Printer jam on floor 3', uid: S.endUsers.tom.email, dateCreated: at(-2 * DAY), customerRepID: 2 });
  const t1 = store.addMessage(tom, { isIncoming: true, uid: S.endUsers.tom.email, dateCreated: at(-2 * DAY), body: 'The printer on floor 3 jams on every page.' });
  store.addAttachment(t1, { fileName: 'jam.png', contentType: 'image/png', isEndUserProvided: true, isCustomerRepProvided: false, bytes: makePng(2, 2, () => [0, 0, 0]) });
  store.addMessage(tom, { isIncoming: false, isSent: true, replyToID: t1.ticketMessageID, dateCreated: at(-1 * DAY), dateSent: at(-1 * DAY), body: 'A technician is on the way.' });

  const stranger = store.addTicket(1, { channelID: 1, channelType: 'Email', ticketID: S.tickets.stranger, subject: 'Unrelated question', uid: 'stranger@elsewhere.example', dateCreated: at(-5 * DAY) });
  store.addMessage(stranger, { isIncoming: true, uid: 'stranger@elsewhere.example', dateCreated: at(-5 * DAY), body: 'Do you ship to Norway?' });

  const globex = store.addTicket(2, { channelID: 4, channelType: 'Email', endUserID: 108, ticketID: S.tickets.globex, subject: 'Globex: contract question', uid: evaMail, dateCreated: at(-4 * DAY) });
  store.addMessage(globex, { isIncoming: true, uid: evaMail, dateCreated: at(-4 * DAY), body: 'A question for Globex.' });
}
