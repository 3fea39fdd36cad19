import { invalidResponse, isObject } from './errors';
import type { PortalCapabilities, PortalFeatures, PortalLimits, PortalStatus, RatingScale } from './types';

// Normalisers for the gateway's protocol extensions. Defensive like the rest of
// the client: a missing or odd field turns a feature off, never on.

type Obj = Record<string, unknown>;

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const positive = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? Math.floor(v) : null);
/** Backend text shown to customers: trimmed and bounded, so a hostile value can only be long. */
export const shortText = (v: unknown, max = 200): string => (str(v) ?? '').trim().slice(0, max);
/** Only hex colours reach a style attribute. */
const HEX = /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i;
const SCALES: readonly RatingScale[] = ['thumbs', 'scale5', 'scale10'];
const FEATURES = ['form', 'search', 'multiStatus', 'close', 'reopen', 'rating', 'articles', 'attachments', 'events'] as const;

function normalizeStatus(raw: unknown): PortalStatus | null {
  if (!isObject(raw)) return null;
  const key = shortText(raw.key, 64).toLowerCase();
  if (!key) return null;
  const color = str(raw.color)?.trim() ?? '';
  return { key, label: shortText(raw.label, 64) || key, color: HEX.test(color) ? color : null, closed: raw.closed === true };
}

export function normalizeCapabilities(raw: unknown): PortalCapabilities {
  if (!isObject(raw)) throw invalidResponse('Expected a capabilities object in the response');
  const f: Obj = isObject(raw.features) ? raw.features : {};
  const features = Object.fromEntries(FEATURES.map((k) => [k, f[k] === true])) as unknown as PortalFeatures;
  const scale = isObject(raw.rating) ? str(raw.rating.scale) : null;
  const rating = scale && (SCALES as string[]).includes(scale) ? { scale: scale as RatingScale } : null;
  // A rating feature without a scale we know cannot be shown.
  features.rating = features.rating && rating !== null;
  const seen = new Set<string>();
  const statuses: PortalStatus[] = [];
  for (const s of list(raw.statuses)) {
    const status = normalizeStatus(s);
    if (status && !seen.has(status.key)) {
      seen.add(status.key);
      statuses.push(status);
    }
  }
  const l: Obj = isObject(raw.limits) ? raw.limits : {};
  const limits: PortalLimits = {
    maxFileSize: positive(l.maxFileSize),
    maxFiles: positive(l.maxFiles),
    accept: list(l.accept).filter((a): a is string => typeof a === 'string' && a.trim() !== ''),
    titleMaxLength: positive(l.titleMaxLength),
    bodyMaxLength: positive(l.bodyMaxLength),
  };
  return { backend: shortText(raw.backend, 64), features, statuses, limits, rating: features.rating ? rating : null };
}
