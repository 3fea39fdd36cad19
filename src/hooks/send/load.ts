import { onDemand } from '../../client/errors';

/**
 * The send path of replies, loaded on first use and warmed when
 * a thread or composer mounts. A chunk that can't be fetched fails
 * the send like the network would (the reply stays, failed, for retry)
 * and is asked for again next time.
 */
export const loadSend = onDemand(() => import('./lazy'), 'send code');

/** Starts loading ahead of use; a failure shows on use. */
export const warmSend = () => void loadSend().catch(() => {});
