import type { PortalMessages, StatusMessages } from './en';
import type { Message, MessageVars } from './types';

/** Locale-aware helpers built on `Intl`; one instance per locale + messages. */
export interface Translator {
  locale: string;
  /** Text direction of the locale, for `dir` on the portal root. */
  dir: 'ltr' | 'rtl';
  /** Look up a message and fill its `{placeholders}` (plural forms by `count`). */
  t(key: keyof PortalMessages | keyof StatusMessages, vars?: MessageVars): string;
  /** "3 minutes ago", "yesterday", "in 2 days". */
  relativeTime(date: string | number | Date, now?: number): string;
  /** Date and time, e.g. "21 Nov 2026, 14:05". */
  dateTime(date: string | number | Date): string;
  /** Bytes as "512 B", "1.2 MB" (binary multiples, so the 50 MB API limit reads "50 MB"). */
  fileSize(bytes: number): string;
  number(value: number): string;
}

const RTL = /^(ar|fa|he|iw|ur|ps|sd|ug|yi|ckb|dv)(-|$)/i;

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 31_536_000],
  ['month', 2_592_000],
  ['week', 604_800],
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
];

const SIZES = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

const toTime = (date: string | number | Date) => (date instanceof Date ? date.getTime() : new Date(date).getTime());

export function createTranslator(locale: string, messages: PortalMessages & Partial<StatusMessages>): Translator {
  const plural = new Intl.PluralRules(locale);
  const numberFormat = new Intl.NumberFormat(locale);
  const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const sizeFormats = new Map<string, Intl.NumberFormat>();

  const fill = (template: string, vars: MessageVars = {}) =>
    template.replace(/\{(\w+)\}/g, (match, name: string) => {
      const value = vars[name];
      if (value === undefined) return match;
      return typeof value === 'number' ? numberFormat.format(value) : value;
    });

  return {
    locale,
    dir: RTL.test(locale) ? 'rtl' : 'ltr',
    t(key, vars) {
      const message: Message | undefined = messages[key];
      if (message === undefined) return String(key);
      if (typeof message === 'string') return fill(message, vars);
      const count = Number(vars?.count ?? 0);
      // Exact zero wins when a locale gives it, even where CLDR has no "zero".
      const form = (count === 0 && message.zero) || message[plural.select(count)] || message.other;
      return fill(form, vars);
    },
    relativeTime(date, now = Date.now()) {
      const seconds = Math.round((toTime(date) - now) / 1000);
      for (const [unit, size] of UNITS) {
        if (Math.abs(seconds) >= size || unit === 'second') {
          // Under a minute reads better as "now" than "12 seconds ago".
          if (unit === 'second' && Math.abs(seconds) < 45) return relative.format(0, 'second');
          return relative.format(Math.round(seconds / size), unit);
        }
      }
      return relative.format(0, 'second');
    },
    dateTime: (date) => dateFormat.format(toTime(date)),
    fileSize(bytes) {
      let index = 0;
      let value = bytes;
      while (value >= 1024 && index < SIZES.length - 1) {
        value /= 1024;
        index += 1;
      }
      const unit = SIZES[index] ?? 'byte';
      let format = sizeFormats.get(unit);
      if (!format) {
        format = new Intl.NumberFormat(locale, {
          style: 'unit',
          unit,
          // "512 bytes" but "1.2 MB": the short form of byte reads oddly.
          unitDisplay: index === 0 ? 'long' : 'short',
          maximumFractionDigits: index === 0 ? 0 : 1,
        });
        sizeFormats.set(unit, format);
      }
      return format.format(value);
    },
    number: (value) => numberFormat.format(value),
  };
}
