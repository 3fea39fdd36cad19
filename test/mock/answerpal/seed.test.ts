import { describe, expect, it } from 'vitest';
import { createAnswerPalMock } from '../../../src/mock/answerpal/createAnswerPalMock';
import { S } from './helpers';

// The seed the contract asks for, so the adapter's rules meet every case they guard against.
describe('AnswerPal mock seed', () => {
  const { store } = createAnswerPalMock();
  const ticket = (id: number) => store.tickets.get(id)!;
  const messages = store.messagesOf(S.tickets.rich);

  it('has two end users of one company, one with two email UIDs, and an email that is another end user’s customerRef', () => {
    const eva = store.endUsers.get(S.endUsers.eva.id)!;
    const tom = store.endUsers.get(S.endUsers.tom.id)!;
    expect(eva.company).toBe(tom.company);
    expect(eva.uids.filter((u) => u.uidType === 'Email')).toHaveLength(2);
    expect(tom.customerRef).toBe(S.endUsers.eva.email);
  });

  it('has spam, closed, Escalated, future follow-up, unprocessed, other-rep and other-person tickets', () => {
    expect(ticket(S.tickets.spam).isSpam).toBe(true);
    expect(ticket(S.tickets.closed)).toMatchObject({ isClosed: true, status: 'Closed' });
    expect(ticket(S.tickets.escalated).status).toBe('Escalated');
    expect(ticket(S.tickets.followUp).followUpDate).toBeGreaterThan(Date.now());
    expect(ticket(S.tickets.unprocessed).isProcessed).toBe(false);
    expect(ticket(S.tickets.otherRep).customerRepID).toBe(S.reps.rick.id);
    expect(ticket(S.tickets.stranger).uid).toBe('stranger@elsewhere.example');
  });

  it('has messages of every kind: incoming, sent reply, draft, AI draft, forward, one embedding an /api/File link', () => {
    expect(messages.some((m) => m.isIncoming)).toBe(true);
    expect(messages.some((m) => !m.isIncoming && m.isSent && !m.isForward)).toBe(true);
    expect(messages.some((m) => m.isDraft && !m.isAiGenerated)).toBe(true);
    expect(messages.some((m) => m.isDraft && m.isAiGenerated)).toBe(true);
    expect(messages.some((m) => m.isForward && m.toAddress === 'accountant@external-audit.example')).toBe(true);
    expect(messages.some((m) => /\/api\/File\/[0-9a-f-]{36}/.test(m.body))).toBe(true);
  });

  it('has attachments from both sides, and canaries only in hidden content', () => {
    const files = [...store.attachments.values()];
    expect(files.some((a) => a.isEndUserProvided)).toBe(true);
    expect(files.some((a) => a.isCustomerRepProvided)).toBe(true);
    for (const m of messages) {
      const hidden = m.isDraft || m.isForward || (!m.isIncoming && !m.isSent) || (m.isIncoming && m.uid !== S.endUsers.eva.email);
      if (!hidden) expect(m.body).not.toMatch(/CANARY/);
    }
  });
});
