/*
 * Loads emailParts.ts on demand: a separate chunk, fetched the first time a
 * message renders. Until it arrives messages show as plain text (as on the
 * server), then switch to rich rendering.
 */
import type { EmailParts } from './emailParts';
import { onDemand } from './onDemand';

export const {
  get: getEmailParts,
  subscribe: subscribeEmailParts,
  load: loadEmailParts,
} = onDemand<EmailParts>(() => import('./emailParts'));
