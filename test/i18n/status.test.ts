import { describe, expect, it } from 'vitest';
import { createTranslator, en, statusLabel } from '../../src/i18n';
import { de } from '../../src/i18n/locales/de';
import { ar } from '../../src/i18n/locales/ar';
import { normalizeTicket } from '../../src/client/normalize';

describe('status labels', () => {
  const german = createTranslator('de', { ...en, ...de, 'status.waiting_on_customer': 'Wartet auf Ihre Antwort' });
  const arabic = createTranslator('ar', { ...en, ...ar, 'status.waiting_on_customer': 'بانتظار ردك' });

  it("takes a host's label for any status key, custom ones included", () => {
    expect(statusLabel(german, 'waiting_on_customer')).toBe('Wartet auf Ihre Antwort');
    expect(statusLabel(arabic, 'WAITING_ON_CUSTOMER')).toBe('بانتظار ردك');
    // Even over the backend's own (English) name.
    expect(statusLabel(german, 'waiting_on_customer', 'Waiting on customer')).toBe('Wartet auf Ihre Antwort');
  });

  it("uses the backend's customer-facing label for a custom status the host did not translate", () => {
    expect(statusLabel(german, 'on_hold', 'In Warteschleife')).toBe('In Warteschleife');
    expect(statusLabel(german, 'on_hold')).toBe('On hold');
  });

  it('keeps its own translations of the system statuses, which a host may still override', () => {
    expect(statusLabel(german, 'open', 'Open')).toBe(de.statusOpen);
    expect(statusLabel(createTranslator('de', { ...en, ...de, 'status.open': 'Neu' }), 'open')).toBe('Neu');
  });

  it('reads the label a ticket carries: `statusLabel`, or the name of a status object', () => {
    expect(normalizeTicket({ id: 't', status: 'waiting_on_customer', statusLabel: ' Waiting on you ' }).statusLabel).toBe('Waiting on you');
    expect(normalizeTicket({ id: 't', status: 'x', statusRef: { key: 'x', name: 'On hold' } }).statusLabel).toBe('On hold');
    expect(normalizeTicket({ id: 't', status: 'open' })).not.toHaveProperty('statusLabel');
    expect(normalizeTicket({ id: 't', status: 'open', statusLabel: 42, statusRef: 'nope' })).not.toHaveProperty('statusLabel');
  });
});
