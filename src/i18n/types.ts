/**
 * A message is a string with `{name}` placeholders, or a set of plural forms
 * chosen with `Intl.PluralRules` by the `count` variable (Arabic needs all six).
 */
export type PluralMessage = {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
};

export type Message = string | PluralMessage;

export type MessageVars = Record<string, string | number>;
