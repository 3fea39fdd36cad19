/*
 * How long a portal token lives, shared by the browser client (when to renew)
 * and the server helper (how long to reuse a minted token). The token is
 * opaque (docs/portal-api.md#tokens): its JWT claims are only a hint, read when present.
 */

const MAX_LIFETIME_MS = 7 * 24 * 3_600_000;
const DEFAULT_LIFETIME_MS = 3_600_000;

/** The payload of a JWT, or `{}` for anything else. */
export function jwtClaims(token: string): Record<string, unknown> {
  try {
    const part = token.split('.')[1] ?? '';
    return Object(JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/')))) as Record<string, unknown>;
  } catch {
    return {};
  }
}

const toMs = (v: unknown): number | null => {
  const n = typeof v === 'string' ? Date.parse(v) : typeof v === 'number' || v instanceof Date ? +v : NaN;
  // A bare number below 1e11 is a Unix time in seconds (JWT style), not ms.
  return Number.isFinite(n) ? (n < 1e11 ? n * 1000 : n) : null;
};

/**
 * How long a token just received will live, in ms, or null when nothing says.
 * `exp − iat` is skew-free (both are server times); `expiresAt − now` compares a
 * server time with the local clock, but also catches a token a backend cached
 * for a while. The shorter plausible value wins; implausible ones (≤ 0, over a
 * week: a badly skewed clock) fall back to an hour.
 */
export function tokenLifetime(token: string, expiresAt: unknown, now = Date.now()): number | null {
  const { exp, iat } = jwtClaims(token);
  const candidates: number[] = [];
  if (typeof exp === 'number' && typeof iat === 'number' && exp > iat) candidates.push((exp - iat) * 1000);
  const at = toMs(expiresAt) ?? toMs(exp);
  if (at !== null) candidates.push(at - now);
  if (!candidates.length) return null;
  const plausible = candidates.filter((ms) => ms > 0 && ms <= MAX_LIFETIME_MS);
  return plausible.length ? Math.min(...plausible) : DEFAULT_LIFETIME_MS;
}
