import type { PluralMessage } from './types';

/**
 * English for the new-ticket form's extensions (categories, priorities, custom
 * fields, article suggestions). Apart from `en` because only backends with a
 * ticket form or articles show them: the code that does loads these with it.
 * Field messages read as the portal gateway's own, so the client's check and
 * the server's say the same.
 */
export const enForm = {
  formCategory: 'Category',
  formPriority: 'Priority',
  formChoose: 'Choose…',
  formRequiredMark: '(required)',
  formFieldRequired: '{label} is required.',
  formFieldTooLong: '{label} must be at most {max} characters.',
  formFieldNumber: '{label} must be a number.',
  formFieldDate: '{label} must be a date (YYYY-MM-DD).',
  formFieldUrl: '{label} must be a web address (https://…).',
  formFieldOption: '{label} must be one of the listed options.',
  formFieldRejected: "Support didn't accept this value for {label}.",
  suggestionsTitle: 'Articles that might help',
  suggestionsFound: {
    one: '{count} help article might answer this.',
    other: '{count} help articles might answer this.',
  } as PluralMessage,
  suggestionsNewTab: '(opens in a new tab)',
  suggestionsAnswered: 'This answered my question',
  suggestionsThanks: 'Glad that helped. Your draft was cleared and no ticket was filed.',
} satisfies Record<string, string | PluralMessage>;
