import { describe, expect, it } from 'vitest';
import { createTranslator, en, errorText, priorityLabel, statusLabel, type PortalMessages } from '../../src/i18n';

const i18n = createTranslator('en', en);

describe('createTranslator', () => {
  describe('t', () => {
    it('fills placeholders and formats numbers for the locale', () => {
      expect(i18n.t('listUpdated', { time: '5 minutes ago' })).toBe('Updated 5 minutes ago');
      expect(createTranslator('de', en).t('listReplies', { count: 1200 })).toBe('1.200 replies');
    });

    it('picks plural forms with Intl.PluralRules', () => {
      expect(i18n.t('listReplies', { count: 1 })).toBe('1 reply');
      expect(i18n.t('listReplies', { count: 0 })).toBe('0 replies');
      expect(i18n.t('listReplies', { count: 7 })).toBe('7 replies');
    });

    it('uses all six Arabic plural categories when a locale provides them', () => {
      const forms = { zero: 'z', one: 'o', two: 't', few: 'f', many: 'm', other: 'x{count}' };
      const ar = createTranslator('ar', { ...en, listReplies: forms } as PortalMessages);
      const pick = (count: number) => ar.t('listReplies', { count });
      expect([pick(0), pick(1), pick(2), pick(3), pick(11), pick(100)]).toEqual(['z', 'o', 't', 'f', 'm', 'x100']);
    });

    it('leaves unknown placeholders visible instead of printing "undefined"', () => {
      expect(i18n.t('listUpdated')).toBe('Updated {time}');
    });
  });

  it('knows the text direction of the locale', () => {
    expect(createTranslator('ar-EG', en).dir).toBe('rtl');
    expect(createTranslator('he', en).dir).toBe('rtl');
    expect(createTranslator('de-CH', en).dir).toBe('ltr');
  });

  it('formats relative time in the locale', () => {
    const now = Date.parse('2026-11-21T12:00:00Z');
    expect(i18n.relativeTime('2026-11-21T11:59:50Z', now)).toBe('now');
    expect(i18n.relativeTime('2026-11-21T11:55:00Z', now)).toBe('5 minutes ago');
    expect(i18n.relativeTime('2026-11-20T12:00:00Z', now)).toBe('yesterday');
    expect(createTranslator('de', en).relativeTime('2026-11-19T12:00:00Z', now)).toBe('vorgestern');
  });

  it('formats file sizes in binary multiples so the 50 MB limit reads as 50 MB', () => {
    expect(i18n.fileSize(512)).toBe('512 bytes');
    expect(i18n.fileSize(52_428_800)).toBe('50 MB');
    expect(i18n.fileSize(1_288_490)).toBe('1.2 MB');
  });
});

describe('labels', () => {
  it('localises system statuses and title-cases custom ones', () => {
    expect(statusLabel(i18n, 'open')).toBe('Open');
    expect(statusLabel(i18n, 'RESOLVED')).toBe('Resolved');
    expect(statusLabel(i18n, 'waiting_on_customer')).toBe('Waiting on customer');
    expect(priorityLabel(i18n, 'urgent')).toBe('Urgent');
    expect(priorityLabel(i18n, 'p1-critical')).toBe('P1 critical');
  });
});

describe('errorText', () => {
  it('never shows server text, only messages chosen by kind and status', () => {
    const serverText = 'Internal: upstream 502 from render.com sk_live_123';
    expect(errorText(i18n, { kind: 'http', status: 502, message: serverText })).toBe(en.errorServer);
    expect(errorText(i18n, { kind: 'network', status: null })).toBe(en.errorNetwork);
    expect(errorText(i18n, { kind: 'timeout' })).toBe(en.errorTimeout);
    expect(errorText(i18n, { kind: 'session', status: 401 })).toBe(en.errorSessionExpired);
    expect(errorText(i18n, { kind: 'http', status: 404 })).toBe(en.errorNotFound);
    expect(errorText(i18n, { kind: 'http', status: 418 })).toBe(en.errorUnknown);
    expect(errorText(i18n, new Error(serverText))).toBe(en.errorUnknown);
  });

  it('says when to try again after a rate limit', () => {
    expect(errorText(i18n, { kind: 'http', status: 429, retryAfter: 30 })).toBe('Too many requests. Try again in 30 seconds.');
    expect(errorText(i18n, { kind: 'http', status: 429, retryAfter: null })).toBe(en.errorRateLimitedSoon);
  });
});
