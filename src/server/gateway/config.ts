import type { BackendCapabilities, PortalBackend, RatingScale } from './backend';
import type { BlobStore } from './blobs';
import type { Caps, Gateway, GatewayEffectiveLimits, Ready } from './context';
import { GatewayConfigError } from './options';
import { createSigner } from './signing';
import { createUploads, type Uploads } from './uploads';

// Start-up (checking the options and the adapter) and the helpdesk's
// capabilities and form, cached for `configTtlMs`.

const CAPS_TTL_MS = 5 * 60_000;
const REQUIRED = ['capabilities', 'resolveCustomer', 'listTickets', 'getTicket', 'getTicketDetail', 'createTicket', 'addMessage'] as const;

/** What the adapter claims in its capabilities must be backed by a method, and `open` must exist. */
function checkClaims(b: PortalBackend, c: BackendCapabilities) {
  const need: [boolean, keyof PortalBackend][] = [
    [c.close, 'closeTicket'],
    [c.reopen, 'reopenTicket'],
    [c.form, 'getForm'],
    [c.attachments !== false, 'listAttachments'],
    [c.attachments !== false, 'getDownload'],
    [c.attachments === 'ticket', 'attachFile'],
    [c.articles, 'searchArticles'],
    [c.webhooks, 'parseWebhook'],
  ];
  for (const [claimed, method] of need) {
    if (claimed && typeof b[method] !== 'function') {
      throw new GatewayConfigError(
        `createPortalGateway: the backend "${b.name}" claims a capability that needs ${String(method)}(), but has no such method. Implement it or turn the capability off.`,
      );
    }
  }
  if (!Array.isArray(c.statuses) || !c.statuses.some((s) => s.key === 'open')) {
    throw new GatewayConfigError(`createPortalGateway: the backend "${b.name}" must list an \`open\` status in its capabilities.`);
  }
}

export function createConfig(g: Pick<Gateway, 'options' | 'limits' | 'store' | 'now' | 'report' | 'ctxBase'>, blobs: BlobStore, basePath: string) {
  const { options, limits, store, now, report, ctxBase } = g;
  const capsTtlMs = options.configTtlMs ?? CAPS_TTL_MS;
  let ready: Promise<Ready> | null = null;
  let caps: Caps | null = null;
  let capsLoading: Promise<Caps> | null = null;

  /** Checks the configuration and the adapter once; a helpdesk that was down is tried again next time. */
  function init(): Promise<Ready> {
    ready ??= (async () => {
      const fail = (m: string) => new GatewayConfigError(`createPortalGateway: ${m}`);
      const secrets = typeof options.secret === 'string' ? [options.secret] : [...(options.secret ?? [])];
      if (secrets.length === 0 || secrets.some((s) => typeof s !== 'string' || s === '')) {
        throw fail('`secret` is missing. Set PORTAL_GATEWAY_SECRET to a random string of 32+ characters (e.g. `openssl rand -base64 48`) and pass it as `secret`.');
      }
      if (secrets.some((s) => s.length < 32)) throw fail('`secret` is too short: use at least 32 random characters.');
      if (!(capsTtlMs >= 0 && capsTtlMs < Infinity)) throw fail('`configTtlMs` must be a number of milliseconds, 0 or more.');
      let backend: PortalBackend;
      try {
        backend = typeof options.backend === 'function' ? options.backend() : options.backend;
      } catch (cause) {
        throw new GatewayConfigError(`createPortalGateway: creating the backend failed: ${(cause as Error)?.message ?? cause}`, { cause });
      }
      if (!backend || typeof backend !== 'object') throw fail('`backend` is missing. Pass an adapter such as dispatchAdmin({ apiKey, brandId }).');
      for (const m of REQUIRED) {
        if (typeof backend[m] !== 'function') throw fail(`the backend "${backend.name}" has no ${m}() method, which every adapter needs.`);
      }
      const tenant = options.tenant ?? backend.name ?? 'gateway';
      const signer = createSigner(secrets, tenant, now);
      const r: Ready = { backend, tenant, signer, uploads: null as unknown as Uploads, events: null };
      r.uploads = createUploads({ store, blobs, signer, limits, now, basePath, tenant });
      await loadCaps(r, true);
      return r;
    })().catch((e: unknown) => {
      // A configuration mistake stays one; a helpdesk that was down may be back next time.
      if (!(e instanceof GatewayConfigError)) ready = null;
      throw e;
    });
    return ready;
  }

  async function loadCaps(r: Ready, check: boolean): Promise<Caps> {
    const signal = AbortSignal.timeout(limits.upstreamTimeoutMs);
    const ctx = ctxBase('startup', signal, `${r.tenant}:${r.backend.name}`);
    const c = await r.backend.capabilities(ctx);
    if (check) checkClaims(r.backend, c);
    const form = c.form && r.backend.getForm ? await r.backend.getForm(ctx) : null;
    caps = { caps: c, form, at: now() };
    return caps;
  }

  /** Capabilities and form, re-read every few minutes (serving the old ones meanwhile). */
  async function currentCaps(r: Ready): Promise<Caps> {
    if (caps && now() - caps.at < capsTtlMs) return caps;
    capsLoading ??= loadCaps(r, false).finally(() => (capsLoading = null));
    if (caps) {
      capsLoading.catch((error: unknown) => report({ kind: 'upstream', operation: 'capabilities', requestId: null, customerId: null, error }));
      return caps;
    }
    return capsLoading;
  }

  const effectiveLimits = (c: BackendCapabilities): GatewayEffectiveLimits => ({
    maxFileSize: Math.min(limits.maxFileSize, c.limits.maxFileSize),
    maxFiles: Math.min(limits.maxFiles, c.limits.maxFiles),
    titleMaxLength: Math.min(limits.titleMaxLength, c.limits.titleMaxLength),
    bodyMaxLength: Math.min(limits.bodyMaxLength, c.limits.bodyMaxLength),
    accept: [...limits.accept, ...(c.limits.accept ?? [])],
  });

  const ratingScale = (c: BackendCapabilities): RatingScale | null =>
    options.rating === false ? null : options.rating?.scale !== undefined ? options.rating.scale : c.rating === null ? null : (c.rating ?? 'scale5');

  return { init, currentCaps, effectiveLimits, ratingScale };
}
