export { en } from './en';
export type { PortalMessages, StatusMessages } from './en';
export type { Message, MessageVars, PluralMessage } from './types';
export { createTranslator } from './format';
export type { Translator } from './format';
export { statusLabel, priorityLabel, titleCase, SYSTEM_STATUSES } from './status';
export { errorText } from './errors';
