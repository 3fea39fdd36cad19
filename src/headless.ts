/**
 * @dispatchtickets/react/headless — provider, hooks, query options, the
 * portal client and types. No components and no CSS: build your own UI.
 */
export * from './client';
export * from './queries';
export * from './provider';
export * from './hooks';
// Strings and Intl formatting live in the styled entry (and its locales), so a
// headless bundle carries none; the provider only passes `locale`/`messages` on.
export type { PortalMessages, StatusMessages, PluralMessage, Message, MessageVars } from './i18n';
