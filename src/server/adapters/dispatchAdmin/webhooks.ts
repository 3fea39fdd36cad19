import { BackendError, type AdapterState } from '../../gateway/backend';
import { idOf, isoOf, isRec, str, type Rec } from './wire';

/**
 * Dispatch webhook deliveries: `x-dispatch-signature: sha256=<hex>`, an
 * HMAC-SHA256 of the raw body with the webhook's secret, and a JSON envelope
 * `{ id, event, brand_id, data, timestamp }`.
 */

export interface WebhookEnvelope {
  id: string;
  event: string;
  brandId: string | null;
  data: Rec;
}

const enc = new TextEncoder();

function hexBytes(hex: string): Uint8Array<ArrayBuffer> | null {
  if (!/^(?:[0-9a-f]{2})+$/i.test(hex)) return null;
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

/** Verifies the signature (constant time, by Web Crypto) and reads the envelope; throws `unauthorized` / `invalid`. */
export async function readWebhook(
  secret: string,
  request: { headers: Headers; rawBody: Uint8Array },
  state: AdapterState,
  toleranceSeconds: number,
  now: number,
): Promise<WebhookEnvelope> {
  const header = request.headers.get('x-dispatch-signature') ?? '';
  const match = /^sha256=([0-9a-f]+)$/i.exec(header.trim());
  const signature = match ? hexBytes(match[1] as string) : null;
  if (!signature || signature.length !== 32) throw new BackendError('unauthorized', { cause: 'missing or malformed x-dispatch-signature' });
  const key = await crypto.subtle.importKey('raw', enc.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const body = new Uint8Array(request.rawBody);
  if (!(await crypto.subtle.verify('HMAC', key, signature, body))) throw new BackendError('unauthorized', { cause: 'webhook signature mismatch' });

  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder().decode(body));
  } catch (cause) {
    throw new BackendError('invalid', { cause });
  }
  if (!isRec(parsed)) throw new BackendError('invalid', { cause: 'webhook body is not an object' });
  const id = idOf(parsed.id);
  const event = str(parsed.event) ?? str(parsed.type);
  const at = isoOf(parsed.timestamp);
  if (!id || !event || !isRec(parsed.data) || !at) throw new BackendError('invalid', { cause: 'webhook envelope lacks id, event, data or timestamp' });
  // A delivery captured and sent again later is refused: too old (or from the future), or already seen.
  if (Math.abs(now - Date.parse(at)) > toleranceSeconds * 1000) throw new BackendError('invalid', { code: 'WEBHOOK_EXPIRED', cause: { timestamp: at } });
  const seen = `webhook:${id}`;
  if (await state.get(seen)) throw new BackendError('invalid', { code: 'WEBHOOK_REPLAYED', cause: { id } });
  await state.set(seen, 1, toleranceSeconds * 2);
  return { id, event, brandId: idOf(parsed.brand_id) ?? idOf(parsed.brandId), data: parsed.data };
}
