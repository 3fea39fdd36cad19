/**
 * @dispatchtickets/react/headless — provider, hooks, query options, the
 * portal client and types. No components and no CSS: build your own UI.
 */
export * from './client';
export * from './queries';
export * from './provider';
export * from './hooks';
export { en, createTranslator, statusLabel, priorityLabel, errorText, SYSTEM_STATUSES } from './i18n';
export type { PortalMessages, PluralMessage, Message, MessageVars, Translator } from './i18n';
