import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPortalGateway, memoryBlobStore, memoryStore, type GatewayErrorEvent, type GatewayStore } from '../../../src/server';
import { memoryBackend } from '../../../src/server/testing';
import { SECRET, serveGateway } from './helpers';

/**
 * A host's store (the store is the host's dependency, not ours) whose writes of
 * a finished request's answer fail while `down` is set: Redis going away just
 * after the helpdesk committed.
 */
function flakyStore(inner: GatewayStore = memoryStore()) {
  const state = { down: false, failedSaves: 0 };
  const store: GatewayStore = {
    ...inner,
    async set(key, value, options) {
      if (state.down && key.startsWith('idem:') && value.includes('"state":"done"')) {
        state.failedSaves++;
        throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
      }
      return inner.set(key, value, options);
    },
  };
  return { store, state };
}

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(options: Parameters<typeof createPortalGateway>[0]) {
  const gateway = createPortalGateway({ blobs: memoryBlobStore(), ...options });
  const server = await serveGateway(gateway);
  servers.push(server);
  return { gateway, url: server.url };
}

const create = (url: string, token: string, key: string, title = 'Printer on fire') =>
  fetch(`${url}/portal/tickets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-idempotency-key': key },
    body: JSON.stringify({ title, body: 'Smoke everywhere.' }),
  });

describe('idempotency when the store fails to save the answer', () => {
  it('the create still answers 201; a retry on the same instance replays it without calling the helpdesk again', async () => {
    const backend = memoryBackend();
    const { store, state } = flakyStore();
    const errors: GatewayErrorEvent[] = [];
    const { gateway, url } = await serve({ backend, secret: SECRET, store, onError: (e) => void errors.push(e) });
    const { token } = await gateway.issueToken({ email: 'ada@example.com' });

    state.down = true;
    const first = await create(url, token, 'draft-1');
    expect(first.status).toBe(201);
    const ticket = await first.json();
    expect(state.failedSaves).toBe(1);
    expect(errors).toMatchObject([{ kind: 'internal', operation: 'createTicket' }]);

    // The answer was lost on the way (say): the browser sends the same key again.
    const retry = await create(url, token, 'draft-1');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('x-idempotent-replayed')).toBe('true');
    expect((await retry.json()).id).toBe(ticket.id);
    expect(backend.calls.createTicket).toBe(1);

    // Other content under the key is still refused.
    expect((await (await create(url, token, 'draft-1', 'Something else')).json()).code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('another instance waits for the background save and replays it: one ticket', async () => {
    const backend = memoryBackend();
    const shared = memoryStore();
    const a = flakyStore(shared);
    const { gateway, url: urlA } = await serve({ backend, secret: SECRET, store: a.store });
    const { url: urlB } = await serve({ backend, secret: SECRET, store: shared });
    const { token } = await gateway.issueToken({ email: 'ada@example.com' });

    a.state.down = true;
    const first = await create(urlA, token, 'draft-2');
    expect(first.status).toBe(201);
    const ticket = await first.json();

    // B finds A's marker still in place: it must not create a second ticket.
    const retry = create(urlB, token, 'draft-2');
    await expect.poll(() => a.state.failedSaves, { timeout: 5000 }).toBeGreaterThanOrEqual(2);
    a.state.down = false;
    const replayed = await retry;
    expect(replayed.status).toBe(201);
    expect((await replayed.json()).id).toBe(ticket.id);
    expect(backend.calls.createTicket).toBe(1);
  });

  it('while the answer is not stored, another instance answers a retryable 503 rather than creating again', async () => {
    const backend = memoryBackend();
    const shared = memoryStore();
    const a = flakyStore(shared);
    const { gateway, url: urlA } = await serve({ backend, secret: SECRET, store: a.store });
    const reads: string[] = [];
    const watched: GatewayStore = {
      ...shared,
      get: (key) => {
        reads.push(key);
        return shared.get(key);
      },
    };
    const { url: urlB } = await serve({ backend, secret: SECRET, store: watched });
    const { token } = await gateway.issueToken({ email: 'ada@example.com' });

    a.state.down = true;
    expect((await create(urlA, token, 'draft-3')).status).toBe(201);

    // Only the clock is faked: B waits its 30 s for the save without the test waiting them.
    vi.useFakeTimers({ toFake: ['Date'] });
    const retry = create(urlB, token, 'draft-3');
    await expect.poll(() => reads.some((k) => k.startsWith('idem:'))).toBe(true);
    vi.setSystemTime(Date.now() + 31_000);
    const res = await retry;
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect((await res.json()).code).toBe('IDEMPOTENCY_IN_PROGRESS');
    expect(backend.calls.createTicket).toBe(1);
  });

  it('the same holds for a reply', async () => {
    const backend = memoryBackend();
    const { store, state } = flakyStore();
    const { gateway, url } = await serve({ backend, secret: SECRET, store });
    const { token } = await gateway.issueToken({ email: 'ada@example.com' });
    const ticket = await (await create(url, token, 'draft-4')).json();

    state.down = true;
    const reply = () =>
      fetch(`${url}/portal/tickets/${ticket.id}/comments`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'x-idempotency-key': 'reply-1' },
        body: JSON.stringify({ body: 'Any news?' }),
      });
    const first = await reply();
    expect(first.status).toBe(201);
    const again = await reply();
    expect(again.status).toBe(201);
    expect((await again.json()).id).toBe((await first.json()).id);
    expect(backend.calls.addMessage).toBe(1);
  });
});
