import { describe, expect, it } from 'vitest';
import { en, createTranslator, type PortalMessages } from '../../src/i18n';
import { de } from '../../src/i18n/locales/de';
import { ar } from '../../src/i18n/locales/ar';
import { enActions } from '../../src/i18n/actionMessages';
import { enFilters } from '../../src/i18n/filterMessages';
import { enForm } from '../../src/i18n/formMessages';

// English in full: the base strings plus the form extensions', ticket actions' and list filters' (loaded with their code).
const english = { ...en, ...enForm, ...enActions, ...enFilters } as Required<PortalMessages>;

const placeholders = (message: Required<PortalMessages>[keyof PortalMessages]) =>
  new Set((typeof message === 'string' ? [message] : Object.values(message)).join(' ').match(/\{\w+\}/g) ?? []);

describe.each([
  ['de', de],
  ['ar', ar],
])('%s locale', (locale, messages) => {
  it('has every English key and no others', () => {
    expect(Object.keys(messages).sort()).toEqual(Object.keys(english).sort());
  });

  it('uses only placeholders the English message provides, and keeps the ones that carry data', () => {
    for (const key of Object.keys(english) as (keyof PortalMessages)[]) {
      const source = placeholders(english[key]);
      const translated = placeholders((messages as Required<PortalMessages>)[key]);
      for (const name of translated) expect(source, `${locale}.${key} uses ${name}`).toContain(name);
      // {count} may be spelled out in plural forms ("one file"); every other value must appear.
      for (const name of source) if (name !== '{count}') expect(translated, `${locale}.${key} drops ${name}`).toContain(name);
    }
  });

  it('gives plural messages at least the forms the language needs', () => {
    const needed = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
    for (const key of Object.keys(english) as (keyof PortalMessages)[]) {
      const message = (messages as Required<PortalMessages>)[key];
      if (typeof message === 'string') continue;
      for (const category of needed) {
        if (category === 'zero' && locale === 'ar' && !message.zero) continue; // "other" reads fine for 0 where unset
        expect(message[category] ?? (category === 'other' ? undefined : message.other), `${locale}.${key}.${category}`).toBeTruthy();
      }
    }
  });
});

describe('translator with a shipped locale', () => {
  it('formats Arabic plurals and RTL', () => {
    const i18n = createTranslator('ar', ar);
    expect(i18n.dir).toBe('rtl');
    expect(i18n.t('listReplies', { count: 2 })).toBe('ردّان');
    expect(i18n.t('listReplies', { count: 5 })).toBe('5 ردود');
    expect(i18n.t('listReplies', { count: 11 })).toBe('11 ردًا');
  });

  it('formats German numbers and plurals', () => {
    const i18n = createTranslator('de', de);
    expect(i18n.t('listCount', { count: 1 })).toBe('1 Ticket');
    expect(i18n.t('listReplies', { count: 2500 })).toBe('2.500 Antworten');
  });
});
