/**
 * Real, valid file bytes for seed attachments, generated in code (no binary
 * fixtures, no `node:zlib`): PNGs with stored (uncompressed) deflate blocks
 * and a one-page PDF with a correct xref table.
 */

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const b of bytes) crc = (CRC_TABLE[(crc ^ b) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

const u32 = (n: number) => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typed = concat([new TextEncoder().encode(type), data]);
  return concat([new Uint8Array(u32(data.length)), typed, new Uint8Array(u32(crc32(typed)))]);
}

/** zlib stream made of stored deflate blocks (valid, just not compressed). */
function zlibStored(raw: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [new Uint8Array([0x78, 0x01])];
  let offset = 0;
  do {
    const block = raw.subarray(offset, offset + 0xffff);
    offset += block.length;
    const final = offset >= raw.length ? 1 : 0;
    const len = block.length;
    parts.push(new Uint8Array([final, len & 0xff, len >>> 8, ~len & 0xff, (~len >>> 8) & 0xff]), block);
  } while (offset < raw.length);
  parts.push(new Uint8Array(u32(adler32(raw))));
  return concat(parts);
}

type Rgb = [number, number, number];

/** An RGB PNG painted pixel by pixel. */
export function makePng(width: number, height: number, paint: (x: number, y: number) => Rgb): Uint8Array {
  const raw = new Uint8Array(height * (width * 3 + 1));
  let i = 0;
  for (let y = 0; y < height; y++) {
    raw[i++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = paint(x, y);
      raw[i++] = r;
      raw[i++] = g;
      raw[i++] = b;
    }
  }
  const ihdr = new Uint8Array([...u32(width), ...u32(height), 8, 2, 0, 0, 0]);
  return concat([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlibStored(raw)),
    chunk('IEND', new Uint8Array()),
  ]);
}

/** A one-page PDF showing the given lines of text. */
export function makePdf(lines: string[]): Uint8Array {
  const escape = (s: string) => s.replace(/[\\()]/g, (m) => `\\${m}`);
  const text = lines.map((line, n) => `BT /F1 ${n === 0 ? 20 : 12} Tf 72 ${770 - n * 28} Td (${escape(line)}) Tj ET`).join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, n) => {
    offsets.push(pdf.length);
    pdf += `${n + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // ASCII only, so string length == byte length and the offsets hold.
  return new TextEncoder().encode(pdf);
}

let cache: { screenshot: Uint8Array; importDialog: Uint8Array; invoice: Uint8Array; debugLog: Uint8Array } | null = null;

/** Seed file bytes, built once per process (a few ms) and shared read-only. */
export function seedAssets() {
  if (cache) return cache;
  // A spreadsheet-ish "screenshot": header bar, grid lines, one red cell.
  const screenshot = makePng(120, 80, (x, y) => {
    if (y < 12) return [33, 115, 70];
    if (y >= 36 && y < 48 && x >= 40 && x < 80) return [220, 53, 69];
    if (y % 12 === 0 || x % 40 === 0) return [200, 200, 200];
    return [255, 255, 255];
  });
  // An "import dialog": a card with a blue button.
  const importDialog = makePng(96, 64, (x, y) => {
    if (x < 4 || x >= 92 || y < 4 || y >= 60) return [120, 120, 120];
    if (y < 14) return [240, 240, 245];
    if (y >= 44 && y < 54 && x >= 56 && x < 86) return [37, 99, 235];
    return [255, 255, 255];
  });
  const invoice = makePdf([
    'Acme Cloud - Invoice INV-2024-0042',
    'Customer: Zoe Muller (UTF-8 regenerated copy)',
    'Amount due: EUR 1,240.00',
    'Thank you for your business.',
  ]);
  const debugLog = new TextEncoder().encode(
    '2024-04-02T09:12:44Z exporter=v1 bucket=acme-prod-exports-eu encoding=latin1\n' +
      '2024-04-02T09:12:45Z WARN non-ascii bytes in customer_name column\n',
  );
  cache = { screenshot, importDialog, invoice, debugLog };
  return cache;
}
