import { signJwt, verifyJwt, randomToken } from '../crypto';
import type { MockFaults } from '../faults';
import type { RateLimiter } from '../limits';
import type { AnswerPalStore } from './store';
import type { AnswerPalSwitches, ApRep, ApTenant, ApTicket } from './types';
import { AnswerPalError } from './wire';

/** Everything the routes need; one per mock instance. */
export interface ApContext {
  store: AnswerPalStore;
  /** Latency, injected failures, drops, the 429 storm, outage and token revocation (shared with the Dispatch mock). */
  faults: MockFaults;
  rate: RateLimiter;
  switches: AnswerPalSwitches;
  now: () => number;
  jwtSecret: string;
  /** Fault: F2 uploads are cut (connection dropped) after this many request bytes. */
  cutUploads: { afterBytes: number; remaining: number | null } | null;
  /** Logins that succeeded, for tests counting re-logins. */
  logins: number;
}

export interface ApAuth {
  rep: ApRep;
  tenant: ApTenant;
}

export const FILE_LIMIT = 50 * 1024 * 1024;
export const REQUEST_LIMIT = 60 * 1024 * 1024;

/** The role a representative acts with: the `role` switch applies to the service account. */
export const roleOf = (ctx: ApContext, rep: ApRep): ApRep['role'] => (rep.customerRepID === 1 ? ctx.switches.role : rep.role);

/** Ticket reads: Administrator (and Supervisor) all, Agent own and unassigned, Restricted own only. */
export function canRead(ctx: ApContext, rep: ApRep, ticket: ApTicket): boolean {
  const role = roleOf(ctx, rep);
  if (role === 'Administrator' || role === 'Supervisor') return true;
  if (role === 'Agent') return ticket.customerRepID === null || ticket.customerRepID === rep.customerRepID;
  return ticket.customerRepID === rep.customerRepID;
}

export async function issueToken(ctx: ApContext, rep: ApRep): Promise<string> {
  const iat = Math.floor(ctx.now() / 1000);
  return signJwt(
    {
      sub: String(rep.customerRepID),
      tenantId: rep.tenantId,
      role: roleOf(ctx, rep),
      name: rep.name,
      iat,
      nbf: iat,
      exp: iat + ctx.switches.tokenTtlS,
      gen: ctx.faults.tokenGeneration,
      jti: randomToken(9),
    },
    ctx.jwtSecret,
  );
}

const bearerError = (description?: string) =>
  new AnswerPalError(401, description ?? 'Unauthorized', {
    bodyless: true,
    headers: {
      'www-authenticate': description ? `Bearer error="invalid_token", error_description="${description}"` : 'Bearer',
    },
  });

/** The bearer check of every protected route (ASP.NET's JwtBearer: empty 401 with `WWW-Authenticate`), then the tenant's quota. */
export async function authenticate(ctx: ApContext, request: Request): Promise<ApAuth> {
  const header = request.headers.get('authorization') ?? '';
  const token = /^Bearer\s+(.+)$/i.exec(header.trim())?.[1]?.trim();
  if (!token) throw bearerError();
  const result = await verifyJwt(token, ctx.jwtSecret);
  if (result.status !== 'valid') throw bearerError('The signature is invalid');
  const { sub, tenantId, exp, gen } = result.payload;
  if (typeof exp !== 'number' || exp * 1000 <= ctx.now()) {
    throw bearerError(`The token expired at '${typeof exp === 'number' ? new Date(exp * 1000).toISOString() : 'unknown'}'`);
  }
  // Revocation (fault): tokens of older generations fail although they look valid.
  if (gen !== ctx.faults.tokenGeneration) throw bearerError('The token is no longer valid');
  const rep = ctx.store.reps.get(Number(sub));
  const tenant = ctx.store.tenants.get(Number(tenantId));
  if (!rep || !tenant || rep.tenantId !== tenant.id || !rep.active || rep.deleted) throw bearerError('The user is no longer active');
  const rate = ctx.rate.consume(`tenant:${tenant.id}`);
  if (rate.exceeded) {
    throw new AnswerPalError(429, `Rate limit exceeded. Try again in ${rate.retryAfter} seconds.`, { headers: { 'retry-after': String(rate.retryAfter) } });
  }
  return { rep, tenant };
}

/** A ticket the caller may read, else 404 (missing, deleted, other tenant) or the `forbidden_as` answer. */
export function readableTicket(ctx: ApContext, auth: ApAuth, id: number): ApTicket {
  ctx.store.settle(ctx.now());
  const ticket = ctx.store.tickets.get(id);
  if (!ticket || ticket.deleted || ticket.tenantId !== auth.tenant.id) throw notFound();
  if (!canRead(ctx, auth.rep, ticket)) {
    throw ctx.switches.forbiddenAs === 403 ? new AnswerPalError(403, 'Forbidden', { bodyless: true }) : notFound();
  }
  return ticket;
}

export const notFound = (what = 'The resource was not found.') => new AnswerPalError(404, what);
