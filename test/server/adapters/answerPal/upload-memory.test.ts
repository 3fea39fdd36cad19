import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerPal } from '../../../../src/server/adapters/answerPal';
import type { StagedFile } from '../../../../src/server/gateway/backend';
import { spawnAnswerPalCli } from '../../../mock/answerpal/helpers';
import { memoryState, S } from './helpers';

const MB = 1024 * 1024;
const SIZE = 50 * MB;

// A full GC before each sample, so what is measured is what the upload keeps alive, not garbage awaiting collection.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const retained = () => {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};

// The mock runs in its own process so this process's memory is the adapter's alone.
let child: ChildProcess | undefined;
let url = '';
beforeAll(async () => {
  ({ child, url } = await spawnAnswerPalCli());
}, 30_000);
afterAll(() => {
  child?.kill('SIGTERM');
});

/** 50 MB generated on the fly in 64 KiB chunks (never held whole), hashed as it goes; samples memory on every pull. */
function generatedFile(): StagedFile & { sha256: () => string; peak: () => number } {
  const hash = createHash('sha256');
  let peak = 0;
  let pulls = 0;
  // Every 2 MB sent.
  const sample = () => {
    if (pulls++ % 32 === 0) peak = Math.max(peak, retained());
  };
  return {
    id: 'stg_big',
    filename: 'big.bin',
    contentType: 'application/octet-stream',
    size: SIZE,
    sha256: () => hash.digest('hex'),
    peak: () => peak,
    async open() {
      let sent = 0;
      let seed = 0x9e3779b9;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          sample();
          if (sent >= SIZE) return controller.close();
          const chunk = new Uint8Array(Math.min(64 * 1024, SIZE - sent));
          for (let i = 0; i < chunk.length; i += 4) {
            seed ^= seed << 13;
            seed ^= seed >>> 17;
            seed ^= seed << 5;
            chunk[i] = seed & 0xff;
            chunk[i + 1] = (seed >>> 8) & 0xff;
            chunk[i + 2] = (seed >>> 16) & 0xff;
            chunk[i + 3] = (seed >>> 24) & 0xff;
          }
          hash.update(chunk);
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
    },
  };
}

describe('answerPal(): a 50 MB upload', () => {
  it('streams to AnswerPal intact without holding the file: memory grows by far less than the file', async () => {
    const backend = answerPal({ baseUrl: url, ...S.service, channelId: S.portalChannelId });
    const state = memoryState();
    const signal = new AbortController().signal;
    const customer = await backend.resolveCustomer({ signal, requestId: 'r', state }, { email: S.endUsers.eva.email, name: null });
    const ctx = { customer, signal, requestId: 'r', state };
    const file = generatedFile();
    const baseline = retained();
    const ticket = await backend.createTicket(ctx, { title: 'Big upload', body: '50 MB', priority: null, categoryId: null, customFields: {}, files: [file] });
    const [attachment] = await backend.listAttachments!(ctx, ticket);
    expect(attachment?.size).toBe(SIZE);
    const stored = (await (await fetch(`${url}/__mock/answerpal/attachments/${attachment?.id}`)).json()) as { size: number; sha256: string };
    expect(stored).toMatchObject({ size: SIZE, sha256: file.sha256() });
    const growthMb = (file.peak() - baseline) / MB;
    console.log(`answerPal upload of 50 MB: peak retained heap + array buffers growth ${growthMb.toFixed(2)} MB (gateway budget 8 MB)`);
    // Buffering the file would keep up to 50 MB alive; streaming keeps a few chunks in flight.
    expect(growthMb).toBeLessThan(8);
  }, 120_000);
});
