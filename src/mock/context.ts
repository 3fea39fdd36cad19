import type { Context } from 'hono';
import { isRecord, randomToken, signJwt, verifyJwt } from './crypto';
import type { MockFaults } from './faults';
import { ApiError, canonicalJson, iso, jsonResponse } from './http';
import type { IdempotencyStore, RateInfo, RateLimiter } from './limits';
import type { Pager } from './paging';
import type { MockStore } from './store';
import type { MockBrand, MockCustomer, MockRequestRecord, MockTicket, PortalTokenResponse } from './types';
import type { MockWebhooks } from './webhooks';

export type RequestKind = 'api' | 'storage' | 'mock' | 'other';

/** Per-request state shared by the pipeline and the routes. */
export interface RequestState {
  requestId: string;
  kind: RequestKind;
  /** API-relative path (no `/v1`), used for fault matching and idempotency fingerprints. */
  routePath: string;
  /** Brand whose `portalOrigins` decide CORS for this request, once known. */
  brandId: string | null;
  /** Rate-limit state to report in headers, once the caller is known. */
  rate: RateInfo | null;
}

export type AppEnv = { Variables: { rc: RequestState } };
export type AppContext = Context<AppEnv>;

export interface ResolvedOptions {
  tokenTtlSeconds: number;
  urlTtlSeconds: number;
  jwtSecret: string;
  storageSecret: string;
  allowLocalhostOrigins: boolean;
}

/** Everything the routes need; one per mock instance. */
export interface MockContext {
  store: MockStore;
  faults: MockFaults;
  pager: Pager;
  rate: RateLimiter;
  idempotency: IdempotencyStore;
  options: ResolvedOptions;
  now: () => number;
  /** `mock.onRequest` listeners, told about every answered request. */
  listeners: Set<(record: MockRequestRecord) => void>;
  /** Outgoing webhooks (off until configured). */
  webhooks: MockWebhooks;
}

export interface PortalAuth {
  brand: MockBrand;
  customer: MockCustomer;
}

const MAGIC_LINK_TTL_MS = 15 * 60_000;

export async function issuePortalToken(ctx: MockContext, brand: MockBrand, customer: MockCustomer): Promise<PortalTokenResponse> {
  const nowMs = ctx.now();
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + ctx.options.tokenTtlSeconds;
  const token = await signJwt(
    {
      typ: 'portal',
      sub: customer.id,
      brandId: brand.id,
      email: customer.email,
      iat,
      exp,
      gen: ctx.faults.tokenGeneration,
      jti: randomToken(9),
    },
    ctx.options.jwtSecret,
  );
  return {
    token,
    expiresAt: iso(exp * 1000),
    customerId: customer.id,
    email: customer.email,
    ...(customer.name ? { name: customer.name } : {}),
  };
}

const unauthorized = (message: string, reason: string) =>
  new ApiError(401, 'UNAUTHORIZED', message, {
    details: { reason },
    headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${message}"` },
  });

/** `Bearer <x>` → `x`, or null. */
export function bearerOf(c: AppContext): string | null {
  const header = c.req.header('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match?.[1]?.trim() || null;
}

/** Counts the request against `bucket`; 429 when exhausted. */
export function consumeRate(ctx: MockContext, c: AppContext, bucket: string): void {
  const info = ctx.rate.consume(bucket);
  c.get('rc').rate = info;
  if (info.exceeded) {
    throw new ApiError(429, 'RATE_LIMITED', `Rate limit exceeded. Retry in ${info.retryAfter} s.`, {
      headers: { 'retry-after': String(info.retryAfter) },
    });
  }
}

/**
 * Verifies the portal token: signature (HS256, this mock's secret), expiry,
 * the "expire all tokens now" generation, and that the brand and customer
 * exist and belong together. 401 otherwise.
 */
export async function authenticatePortal(ctx: MockContext, c: AppContext): Promise<PortalAuth> {
  const token = bearerOf(c);
  if (!token) throw unauthorized('Missing portal token: send Authorization: Bearer <token>.', 'missing');
  const result = await verifyJwt(token, ctx.options.jwtSecret);
  if (result.status === 'malformed') throw unauthorized('Malformed portal token.', 'malformed');
  if (result.status === 'bad-signature') throw unauthorized('Invalid portal token.', 'invalid_signature');
  const claims = result.payload;
  const { sub, brandId, exp, gen } = claims;
  if (claims.typ !== 'portal' || typeof sub !== 'string' || typeof brandId !== 'string' || typeof exp !== 'number') {
    throw unauthorized('Invalid portal token.', 'invalid_claims');
  }
  const brand = ctx.store.brands.get(brandId);
  // Known brand: CORS for the 401 below can use its origins (the client must be able to read the 401).
  if (brand) c.get('rc').brandId = brand.id;
  if (exp * 1000 <= ctx.now()) throw unauthorized('Portal token has expired.', 'expired');
  if (gen !== ctx.faults.tokenGeneration) throw unauthorized('Portal token has been revoked.', 'revoked');
  const customer = ctx.store.customers.get(sub);
  if (!brand || !customer || customer.brandId !== brand.id) {
    throw unauthorized('Portal token does not belong to a customer of this brand.', 'unknown_customer');
  }
  consumeRate(ctx, c, `portal:${brand.id}:${customer.id}`);
  return { brand, customer };
}

/** Admin API key check for `/brands/{brandId}/...`: 401 bad key, 403 brand not covered, 404 unknown brand. */
export function authenticateAdmin(ctx: MockContext, c: AppContext, brandId: string): MockBrand {
  const key = bearerOf(c);
  const apiKey = key ? ctx.store.apiKeys.get(key) : undefined;
  if (!apiKey) {
    throw new ApiError(401, 'UNAUTHORIZED', key ? 'Invalid API key.' : 'Missing API key: send Authorization: Bearer <API key>.', {
      details: { reason: key ? 'invalid_key' : 'missing' },
    });
  }
  consumeRate(ctx, c, `key:${apiKey.key}`);
  const brand = ctx.store.brands.get(brandId);
  if (brand && !apiKey.allBrands && !apiKey.brandIds.includes(brand.id)) {
    throw new ApiError(403, 'FORBIDDEN', 'This API key does not have access to this brand.');
  }
  if (!brand) throw new ApiError(404, 'BRAND_NOT_FOUND', `Brand ${brandId} was not found.`);
  return brand;
}

export function createMagicLink(ctx: MockContext, brand: MockBrand, email: string) {
  const token = randomToken(32);
  const expiresAt = ctx.now() + MAGIC_LINK_TTL_MS;
  ctx.store.magicLinks.set(token, { token, brandId: brand.id, email, expiresAt, usedAt: null });
  return { token, expiresAt };
}

/** Tickets the portal may show at all (spam, deleted and merged-away ones are left out). */
export const isPortalVisibleTicket = (t: MockTicket): boolean =>
  t.status !== 'spam' && t.deletedAt === null && t.mergedIntoId === null;

/** The customer's ticket, or 404 `TICKET_NOT_FOUND` (also for other customers' tickets: no existence leak). */
export function customerTicket(ctx: MockContext, auth: PortalAuth, ticketId: string): MockTicket {
  const ticket = ctx.store.tickets.get(ticketId);
  if (!ticket || ticket.brandId !== auth.brand.id || ticket.customerId !== auth.customer.id || !isPortalVisibleTicket(ticket)) {
    throw new ApiError(404, 'TICKET_NOT_FOUND', `Ticket ${ticketId} was not found.`);
  }
  return ticket;
}

/**
 * Runs a state-changing route under `X-Idempotency-Key`: replays the stored
 * 2xx for the same key + same body, 409 `IDEMPOTENCY_CONFLICT` for the same
 * key with a different body or route. `run` must be synchronous so two
 * concurrent retries cannot both commit.
 */
export function idempotent(
  ctx: MockContext,
  c: AppContext,
  scope: string,
  body: unknown,
  run: () => { status: number; body: unknown },
): Response {
  const key = c.req.header('x-idempotency-key');
  if (!key) {
    const result = run();
    return jsonResponse(result.status, result.body);
  }
  const fingerprint = `${c.req.method} ${c.get('rc').routePath}\n${canonicalJson(body ?? null)}`;
  const found = ctx.idempotency.lookup(scope, key, fingerprint);
  if (found.kind === 'replay') return jsonResponse(found.status, found.body, { 'x-idempotent-replayed': 'true' });
  if (found.kind === 'conflict') {
    throw new ApiError(409, 'IDEMPOTENCY_CONFLICT', 'This idempotency key was already used with a different request.');
  }
  const result = run();
  if (result.status >= 200 && result.status < 300) ctx.idempotency.save(scope, key, fingerprint, result.status, result.body);
  return jsonResponse(result.status, result.body);
}

export const asRecord = (body: unknown): Record<string, unknown> => (isRecord(body) ? body : {});
