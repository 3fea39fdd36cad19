// Types only: the modules themselves are imported on first use (see diskBlobStore).
import type * as NodeFs from 'node:fs';
import type * as NodeOs from 'node:os';
import type * as NodePath from 'node:path';
import type * as NodeStream from 'node:stream';

/**
 * Where the gateway keeps uploaded files between the browser's PUT and the
 * moment they go to the helpdesk (the ticket or reply that uses them). Files
 * are streamed in and out, never held whole in memory.
 */
export interface BlobStore {
  /**
   * Streams `body` into `key`. Rejects with {@link BlobTooLargeError} as soon as
   * more than `maxBytes` arrive (nothing is kept then). Resolves the byte count.
   */
  put(key: string, body: ReadableStream<Uint8Array>, options: { maxBytes: number; signal?: AbortSignal }): Promise<{ size: number }>;
  /** The bytes, or null when the key is unknown (or swept). */
  get(key: string): Promise<ReadableStream<Uint8Array> | null>;
  delete(key: string): Promise<void>;
}

export class BlobTooLargeError extends Error {
  override name = 'BlobTooLargeError';
}

const DAY_MS = 24 * 3600_000;

/** Copies a stream chunk by chunk into `write`, counting and capping bytes (BlobTooLargeError past `maxBytes`). */
export async function pump(body: ReadableStream<Uint8Array>, maxBytes: number, write: (chunk: Uint8Array) => Promise<void> | void): Promise<number> {
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return size;
      size += value.byteLength;
      if (size > maxBytes) throw new BlobTooLargeError(`more than ${maxBytes} bytes`);
      await write(value);
    }
  } catch (e) {
    await reader.cancel(e).catch(() => {});
    throw e;
  } finally {
    reader.releaseLock();
  }
}

/** One buffer from chunks. */
export function concatBytes(chunks: Uint8Array[], size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.byteLength;
  }
  return bytes;
}

export interface MemoryBlobStoreOptions {
  /** Total bytes held at once; a put past it fails. Default 200 MB. */
  maxTotalBytes?: number;
  /** Files older than this are dropped. Default 24 h. */
  maxAgeMs?: number;
  now?: () => number;
}

/**
 * Files in memory: for tests and for edge runtimes without a disk (there,
 * prefer your own object storage). Bounded in total size.
 */
export function memoryBlobStore(options: MemoryBlobStoreOptions = {}): BlobStore {
  const { maxTotalBytes = 200 * 1024 * 1024, maxAgeMs = DAY_MS, now = Date.now } = options;
  const files = new Map<string, { chunks: Uint8Array[]; size: number; at: number }>();
  let total = 0;
  const sweep = () => {
    for (const [key, f] of files) {
      if (now() - f.at < maxAgeMs) continue;
      files.delete(key);
      total -= f.size;
    }
  };
  return {
    async put(key, body, { maxBytes }) {
      sweep();
      const chunks: Uint8Array[] = [];
      let held = 0;
      try {
        const size = await pump(body, maxBytes, (chunk) => {
          if (total + held + chunk.byteLength > maxTotalBytes) throw new BlobTooLargeError('blob store is full');
          held += chunk.byteLength;
          chunks.push(chunk.slice());
        });
        const old = files.get(key);
        if (old) total -= old.size;
        files.set(key, { chunks, size, at: now() });
        total += size;
        return { size };
      } catch (e) {
        chunks.length = 0;
        throw e;
      }
    },
    async get(key) {
      sweep();
      const f = files.get(key);
      if (!f) return null;
      let i = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          const chunk = f.chunks[i++];
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
      });
    },
    async delete(key) {
      const f = files.get(key);
      if (!f) return;
      files.delete(key);
      total -= f.size;
    },
  };
}

export interface DiskBlobStoreOptions {
  /** Directory for the files; created when missing. Default: `dispatchtickets-gateway` in the OS temp directory. */
  dir?: string;
  /** Files older than this are deleted by a sweep that runs at most once an hour. Default 24 h. */
  maxAgeMs?: number;
  now?: () => number;
}

type Fs = typeof NodeFs;
type Stream = typeof NodeStream;

/**
 * Files in a directory on disk (Node, Bun, Deno): the default. Written and
 * read as streams; anything older than a day is swept. `node:fs` is loaded on
 * first use, so importing the gateway stays possible on edge runtimes (which
 * need a `blobs` store of their own).
 */
export function diskBlobStore(options: DiskBlobStoreOptions = {}): BlobStore {
  const { maxAgeMs = DAY_MS, now = Date.now } = options;
  let ready: Promise<{ fs: Fs; stream: Stream; dir: string; sep: string }> | null = null;
  let lastSweep = 0;

  const load = () =>
    (ready ??= (async () => {
      // Lazy and hidden from bundlers: edge builds must not try to resolve these.
      const [fs, stream, os, path] = await Promise.all([
        import(/* @vite-ignore */ /* webpackIgnore: true */ 'node:fs' as string) as Promise<Fs>,
        import(/* @vite-ignore */ /* webpackIgnore: true */ 'node:stream' as string) as Promise<Stream>,
        import(/* @vite-ignore */ /* webpackIgnore: true */ 'node:os' as string) as Promise<typeof NodeOs>,
        import(/* @vite-ignore */ /* webpackIgnore: true */ 'node:path' as string) as Promise<typeof NodePath>,
      ]);
      const dir = options.dir ?? path.join(os.tmpdir(), 'dispatchtickets-gateway');
      await fs.promises.mkdir(dir, { recursive: true, mode: 0o700 });
      return { fs, stream, dir, sep: path.sep };
    })().catch((e: unknown) => {
      ready = null;
      throw e;
    }));

  // Keys are the gateway's own random ids; this keeps any other key inside the directory.
  const fileOf = (dir: string, sep: string, key: string) => `${dir}${sep}${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  async function sweep() {
    if (now() - lastSweep < 3600_000) return;
    lastSweep = now();
    const { fs, dir, sep } = await load();
    const names = await fs.promises.readdir(dir).catch(() => [] as string[]);
    await Promise.all(
      names.map(async (name) => {
        const file = `${dir}${sep}${name}`;
        const stat = await fs.promises.stat(file).catch(() => null);
        if (stat && now() - stat.mtimeMs >= maxAgeMs) await fs.promises.rm(file, { force: true });
      }),
    );
  }

  return {
    async put(key, body, { maxBytes }) {
      const { fs, dir, sep } = await load();
      void sweep().catch(() => {});
      const file = fileOf(dir, sep, key);
      const tmp = `${file}.part`;
      const out = fs.createWriteStream(tmp, { mode: 0o600 });
      const failed = new Promise<never>((_, reject) => out.once('error', reject));
      failed.catch(() => {});
      try {
        const size = await pump(body, maxBytes, (chunk) => {
          // Back-pressure: wait for the disk when its buffer is full, so memory stays flat.
          if (out.write(chunk)) return;
          return Promise.race([new Promise<void>((r) => out.once('drain', () => r())), failed]);
        });
        await Promise.race([new Promise<void>((r) => out.end(() => r())), failed]);
        await fs.promises.rename(tmp, file);
        return { size };
      } catch (e) {
        out.destroy();
        await fs.promises.rm(tmp, { force: true }).catch(() => {});
        throw e;
      }
    },
    async get(key) {
      const { fs, stream, dir, sep } = await load();
      const file = fileOf(dir, sep, key);
      const stat = await fs.promises.stat(file).catch(() => null);
      if (!stat) return null;
      return stream.Readable.toWeb(fs.createReadStream(file)) as ReadableStream<Uint8Array>;
    },
    async delete(key) {
      const { fs, dir, sep } = await load();
      await fs.promises.rm(fileOf(dir, sep, key), { force: true });
    },
  };
}
