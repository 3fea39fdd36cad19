/**
 * A streaming `multipart/form-data` reader for the mock's upload route (F2):
 * enforces the file and request limits while the bytes arrive, so an
 * oversized upload is refused without being held, and a body that ends
 * before its closing boundary (a cut connection) is refused as a whole.
 * Web streams only: the mock also runs in browsers.
 */

export interface MultipartFile {
  filename: string | null;
  contentType: string | null;
  chunks: Uint8Array[];
  size: number;
}

export type MultipartResult =
  | { ok: true; file: MultipartFile | null; fields: Record<string, string> }
  | { ok: false; reason: 'too-large' | 'file-too-large' | 'truncated' | 'malformed' | 'cut' };

export interface MultipartLimits {
  /** The form field holding the file (`file`). */
  field: string;
  maxFileBytes: number;
  maxRequestBytes: number;
  /** Fault injection: stop reading after this many bytes and report `cut`. */
  cutAfterBytes?: number | null;
}

const enc = new TextEncoder();
const dec = new TextDecoder();
const CRLF_CRLF = enc.encode('\r\n\r\n');
const MAX_HEADER_BYTES = 16 * 1024;

export function boundaryOf(contentType: string | null | undefined): string | null {
  if (!contentType || !/^\s*multipart\/form-data\s*;/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2] ?? null;
  return boundary && boundary.length <= 200 ? boundary : null;
}

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  const first = needle[0];
  const last = haystack.length - needle.length;
  for (let i = haystack.indexOf(first ?? 0, from); i !== -1 && i <= last; i = haystack.indexOf(first ?? 0, i + 1)) {
    let j = 1;
    while (j < needle.length && haystack[i + j] === needle[j]) j++;
    if (j === needle.length) return i;
  }
  return -1;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

interface PartHeaders {
  name: string | null;
  filename: string | null;
  contentType: string | null;
}

function parseHeaders(text: string): PartHeaders {
  const out: PartHeaders = { name: null, filename: null, contentType: null };
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-type') out.contentType = value || null;
    if (key === 'content-disposition') {
      out.name = /;\s*name="([^"]*)"/i.exec(value)?.[1] ?? /;\s*name=([^;\s]+)/i.exec(value)?.[1] ?? null;
      const star = /;\s*filename\*=(?:UTF-8'')?([^;]+)/i.exec(value)?.[1];
      if (star) {
        try {
          out.filename = decodeURIComponent(star.trim());
        } catch {
          out.filename = star.trim();
        }
      } else out.filename = /;\s*filename="([^"]*)"/i.exec(value)?.[1] ?? /;\s*filename=([^;\s]+)/i.exec(value)?.[1] ?? null;
    }
  }
  return out;
}

/**
 * Reads a multipart body and keeps the part named `limits.field` (the first
 * one), plus small text fields. Returns as soon as a limit is crossed; the
 * caller decides whether to drain the rest.
 */
export async function readMultipart(body: ReadableStream<Uint8Array> | null, boundary: string, limits: MultipartLimits): Promise<MultipartResult> {
  if (!body) return { ok: false, reason: 'truncated' };
  const delimiter = enc.encode(`\r\n--${boundary}`);
  const reader = body.getReader();
  // A virtual CRLF in front lets the first boundary match the same delimiter as the others.
  let buf: Uint8Array = enc.encode('\r\n');
  let state: 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done' = 'preamble';
  let total = 0;
  let current: { headers: PartHeaders; chunks: Uint8Array[]; size: number; keep: 'file' | 'field' | 'skip' } | null = null;
  let file: MultipartFile | null = null;
  const fields: Record<string, string> = {};

  // Refusals still read (and discard) what the client keeps sending, up to a
  // bound, so it gets the answer rather than a reset connection. A cut stops dead.
  const stop = async (result: MultipartResult) => {
    if (!result.ok && result.reason !== 'cut') {
      let n = 0;
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return result;
          n += value.byteLength;
          if (n > limits.maxRequestBytes) break;
        }
      } catch {
        return result;
      }
    }
    await reader.cancel().catch(() => undefined);
    return result;
  };

  const emit = (data: Uint8Array): MultipartResult | null => {
    if (!current || data.length === 0 || current.keep === 'skip') return null;
    current.size += data.length;
    if (current.keep === 'file' && current.size > limits.maxFileBytes) return { ok: false, reason: 'file-too-large' };
    if (current.keep === 'field' && current.size > 64 * 1024) return { ok: false, reason: 'malformed' };
    current.chunks.push(data);
    return null;
  };

  const finishPart = () => {
    if (!current) return;
    if (current.keep === 'file' && !file) {
      file = { filename: current.headers.filename, contentType: current.headers.contentType, chunks: current.chunks, size: current.size };
    } else if (current.keep === 'field' && current.headers.name) {
      fields[current.headers.name] = dec.decode(current.chunks.reduce(concat, new Uint8Array()));
    }
    current = null;
  };

  for (;;) {
    // Process what is buffered as far as possible.
    let progressed = true;
    while (progressed && state !== 'done') {
      progressed = false;
      if (state === 'preamble' || state === 'body') {
        const at = indexOf(buf, delimiter);
        if (at >= 0) {
          if (state === 'body') {
            const failure = emit(buf.subarray(0, at));
            if (failure) return stop(failure);
            finishPart();
          }
          buf = buf.subarray(at + delimiter.length);
          state = 'after-delimiter';
          progressed = true;
        } else if (state === 'body' && buf.length > delimiter.length) {
          // Everything but a possible partial delimiter at the end is data.
          const cut = buf.length - (delimiter.length - 1);
          const failure = emit(buf.subarray(0, cut));
          if (failure) return stop(failure);
          buf = buf.slice(cut);
        } else if (state === 'preamble' && buf.length > delimiter.length) {
          buf = buf.slice(buf.length - (delimiter.length - 1));
        }
      } else if (state === 'after-delimiter') {
        if (buf.length >= 2) {
          if (buf[0] === 0x2d && buf[1] === 0x2d) {
            state = 'done';
          } else if (buf[0] === 0x0d && buf[1] === 0x0a) {
            buf = buf.subarray(2);
            state = 'headers';
            progressed = true;
          } else return stop({ ok: false, reason: 'malformed' });
        }
      } else if (state === 'headers') {
        const end = indexOf(buf, CRLF_CRLF);
        if (end >= 0) {
          const headers = parseHeaders(dec.decode(buf.subarray(0, end)));
          const keep = headers.name === limits.field && headers.filename !== null && !file ? 'file' : headers.filename === null ? 'field' : 'skip';
          current = { headers, chunks: [], size: 0, keep };
          buf = buf.subarray(end + 4);
          state = 'body';
          progressed = true;
        } else if (buf.length > MAX_HEADER_BYTES) return stop({ ok: false, reason: 'malformed' });
      }
    }
    if (state === 'done') break;

    const { done, value } = await reader.read();
    if (done) return { ok: false, reason: 'truncated' };
    total += value.byteLength;
    if (total > limits.maxRequestBytes) return stop({ ok: false, reason: 'too-large' });
    if (limits.cutAfterBytes != null && total >= limits.cutAfterBytes) return stop({ ok: false, reason: 'cut' });
    buf = concat(buf, value);
  }
  // Epilogue: ignored, but still read so the client's request completes.
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limits.maxRequestBytes) return stop({ ok: false, reason: 'too-large' });
  }
  return { ok: true, file, fields };
}

