import { inflateSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { createMockPortal, SEED } from '../../src/mock';
import { isHiddenFromPortal } from '../../src/mock/store';

const SEED_TIME = Date.parse('2024-04-10T12:00:00.000Z');

describe('createMockPortal (package entry, in-process)', () => {
  it('seeds deterministically for a given seedTime', () => {
    const snapshot = () => {
      const mock = createMockPortal({ seedTime: SEED_TIME, now: () => SEED_TIME });
      const { store } = mock;
      return JSON.stringify({
        tickets: [...store.tickets.values()],
        comments: [...store.tickets.keys()].slice(0, 30).map((id) => store.commentsOf(id)),
        attachments: [...store.attachments.values()],
        customers: [...store.customers.values()],
        brands: [...store.brands.values()],
      });
    };
    const a = snapshot();
    expect(a).toBe(snapshot());
    expect(a).toContain('"createdAt":' + (SEED_TIME - 6 * 24 * 3600_000));
  });

  it('holds the documented seed facts', () => {
    const { store } = createMockPortal({ seedTime: SEED_TIME });
    const jane = [...store.tickets.values()].filter((t) => t.customerId === SEED.customers.jane.id && t.brandId === SEED.brandId);
    const visible = jane.filter((t) => t.status !== 'spam' && t.mergedIntoId === null);
    expect(visible).toHaveLength(SEED.janeTicketCount);
    expect(new Set(visible.map((t) => t.status))).toEqual(new Set(['open', 'pending', 'resolved', 'closed', 'waiting_on_customer']));
    expect(new Set(visible.map((t) => t.priority)).size).toBeGreaterThanOrEqual(4);
    const bulk = [...store.tickets.values()].filter((t) => t.customerId === SEED.customers.bulk.id);
    expect(bulk).toHaveLength(SEED.bulkTicketCount);
    expect(store.commentsOf(SEED.tickets.bulkThread)).toHaveLength(SEED.bulkThreadCommentCount);
    expect([...store.tickets.values()].filter((t) => t.customerId === SEED.customers.newcomer.id)).toHaveLength(0);
    const rich = store.commentsOf(SEED.tickets.richContent);
    expect(rich.filter((c) => isHiddenFromPortal(c, false)).map((c) => c.id).sort()).toEqual(
      ['cmt_jane_01_body', 'cmt_jane_01_internal', 'cmt_jane_01_internal_meta', 'cmt_jane_01_system'].sort(),
    );
    for (const id of Object.values(SEED.attachments)) expect(store.attachments.has(id), id).toBe(true);
    expect(store.apiKeys.get(SEED.apiKey)?.brandIds).toEqual([SEED.brandId]);
  });

  it('seed: false keeps brands and keys only; portalOrigins option extends br_demo', () => {
    const { store } = createMockPortal({ seed: false, portalOrigins: ['http://localhost:5173'] });
    expect(store.tickets.size).toBe(0);
    expect(store.customers.size).toBe(0);
    expect(store.brands.get(SEED.brandId)?.portalOrigins).toEqual([...SEED.demoPortalOrigins, 'http://localhost:5173']);
  });

  it('generates a valid PNG (chunk CRCs, zlib stream) and a PDF with a correct xref', async () => {
    const mock = createMockPortal();
    const png = mock.store.objects.get(mock.store.attachments.get(SEED.attachments.screenshot)!.objectKey)!.bytes;
    const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
    const { crc32 } = await import('../../src/mock/assets');
    let offset = 8;
    const types: string[] = [];
    let idat: Uint8Array | null = null;
    let width = 0;
    let height = 0;
    while (offset < png.length) {
      const length = view.getUint32(offset);
      const type = new TextDecoder().decode(png.subarray(offset + 4, offset + 8));
      types.push(type);
      const data = png.subarray(offset + 8, offset + 8 + length);
      expect(view.getUint32(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
      if (type === 'IHDR') {
        width = view.getUint32(offset + 8);
        height = view.getUint32(offset + 12);
      }
      if (type === 'IDAT') idat = data;
      offset += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
    expect(inflateSync(idat!).length).toBe(height * (width * 3 + 1));

    const pdf = new TextDecoder().decode(mock.store.objects.get(mock.store.attachments.get(SEED.attachments.invoicePdf)!.objectKey)!.bytes);
    const startxref = Number(/startxref\n(\d+)/.exec(pdf)?.[1]);
    expect(pdf.slice(startxref, startxref + 4)).toBe('xref');
    const entries = [...pdf.matchAll(/^(\d{10}) 00000 n $/gm)].map((m) => Number(m[1]));
    entries.forEach((at, i) => expect(pdf.slice(at).startsWith(`${i + 1} 0 obj`)).toBe(true));
  });

  it('mock.fetch answers in-process and rejects dropped responses like a network error', async () => {
    const mock = createMockPortal();
    const { token } = await mock.issuePortalToken({ email: 'jane@example.com' });
    const res = await mock.fetch('https://anything.test/v1/portal/tickets', { headers: { Authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    mock.faults.setOutage(true);
    await expect(mock.fetch('/v1/portal/tickets', { headers: { Authorization: `Bearer ${token}` } })).rejects.toThrow(TypeError);
  });

  it('outbox is newest first', async () => {
    const mock = createMockPortal();
    for (const email of ['a@example.com', 'b@example.com']) {
      await mock.fetch(`/v1/brands/${SEED.brandId}/portal/magic-link`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${SEED.apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ email, portalUrl: 'https://support.acme.example/' }),
      });
    }
    expect(mock.outbox.map((m) => m.to)).toEqual(['b@example.com', 'a@example.com']);
  });

  it('the ./mock entry bundles for browsers (no node: imports)', async () => {
    const result = await build({ entryPoints: ['src/mock/index.ts'], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
    expect(result.errors).toEqual([]);
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/from\s*["']node:/);
  });
});
