import { PortalApiError } from '../../client';
import type * as Lazy from './lazy';

let loading: Promise<typeof Lazy> | null = null;

/**
 * The send path of replies, loaded on first use and warmed when
 * a thread or composer mounts. A chunk that can't be fetched fails
 * the send like the network would (the reply stays, failed, for retry)
 * and is asked for again next time.
 */
export const loadSend = () =>
  (loading ??= import('./lazy').catch((cause: unknown) => {
    loading = null;
    throw new PortalApiError({ kind: 'network', message: 'The send code could not be loaded', cause });
  }));

/** Starts loading ahead of use; a failure shows on use. */
export const warmSend = () => void loadSend().catch(() => {});
