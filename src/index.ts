/**
 * @dispatchtickets/react — ready-made support portal components, plus
 * everything from the headless entry. Import the styles once:
 * `import '@dispatchtickets/react/styles.css'`.
 */
export * from './headless';
export * from './components';
export { en, createTranslator, statusLabel, priorityLabel, errorText, SYSTEM_STATUSES } from './i18n';
export type { Translator } from './i18n';
