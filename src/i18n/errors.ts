import type { PortalMessages } from './en';
import type { Translator } from './format';

/** The fields of `PortalApiError` this needs; structural so i18n stays independent of client/. */
interface ErrorLike {
  kind?: string;
  status?: number | null;
  code?: string;
  retryAfter?: number | null;
}

const BY_KIND: Record<string, keyof PortalMessages> = {
  network: 'errorNetwork',
  timeout: 'errorTimeout',
  session: 'errorSessionExpired',
  aborted: 'errorAborted',
};

/** Refusals of a customer action, by the gateway's reason code. */
const BY_CODE: Record<string, keyof PortalMessages> = {
  REOPEN_WINDOW_PASSED: 'refuseReopenWindow',
  STATUS_CHANGE_REFUSED: 'refuseStatusChange',
  ALREADY_RATED: 'refuseAlreadyRated',
  NOT_RATEABLE: 'refuseNotRateable',
  NOT_SUPPORTED: 'refuseNotSupported',
};

const BY_STATUS: Record<number, keyof PortalMessages> = {
  400: 'errorValidation',
  404: 'errorNotFound',
  409: 'errorConflict',
  422: 'errorValidation',
};

/**
 * The end-user text for an error. Server messages are for developers and are
 * never shown: the text is chosen by kind and status only.
 */
export function errorText(i18n: Translator, error: unknown): string {
  const e = (error ?? {}) as ErrorLike;
  const byKind = e.kind ? BY_KIND[e.kind] : undefined;
  if (byKind) return i18n.t(byKind);
  const byCode = e.code ? BY_CODE[e.code] : undefined;
  if (byCode) return i18n.t(byCode);
  if (e.status === 429) {
    return e.retryAfter ? i18n.t('errorRateLimited', { count: Math.ceil(e.retryAfter) }) : i18n.t('errorRateLimitedSoon');
  }
  const byStatus = e.status ? BY_STATUS[e.status] : undefined;
  if (byStatus) return i18n.t(byStatus);
  if (e.status && e.status >= 500) return i18n.t('errorServer');
  return i18n.t('errorUnknown');
}
