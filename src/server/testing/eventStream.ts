import { createParser } from 'eventsource-parser';

/** One server-sent event; `data` parsed as JSON (or the raw text when it isn't). */
export interface StreamEvent {
  id: string | undefined;
  type: string;
  data: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Reads a `text/event-stream` response in the background, for tests of a gateway's live updates. */
export interface EventStreamReader {
  readonly events: StreamEvent[];
  /** Comment lines (heartbeats). */
  readonly comments: string[];
  /** Everything received, as text (for leak scans). */
  readonly text: string;
  /** The first event (already received or still to come) matching `match`; rejects after `timeoutMs` or when the stream ends first. */
  waitFor(match: (e: StreamEvent) => boolean, timeoutMs?: number): Promise<StreamEvent>;
  /** Resolves when the server ends the stream (or it breaks). */
  readonly ended: Promise<void>;
  /** Stops reading (the server sees the client go away). */
  close(): Promise<void>;
}

export function readEventStream(response: Response): EventStreamReader {
  const events: StreamEvent[] = [];
  const comments: string[] = [];
  let text = '';
  let done = false;
  const waiters = new Set<() => void>();
  const wake = () => waiters.forEach((w) => w());
  const parser = createParser({
    onEvent(e) {
      let data: unknown = e.data;
      try {
        data = JSON.parse(e.data);
      } catch {
        // Not JSON: kept as text.
      }
      events.push({ id: e.id, type: e.event ?? 'message', data });
      wake();
    },
    onComment(c) {
      comments.push(c);
      wake();
    },
  });
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  const ended = (async () => {
    try {
      for (;;) {
        const r = await reader?.read();
        if (!r || r.done) break;
        const chunk = decoder.decode(r.value, { stream: true });
        text += chunk;
        parser.feed(chunk);
      }
    } catch {
      // A reset connection ends the stream too.
    } finally {
      done = true;
      wake();
    }
  })();
  return {
    events,
    comments,
    get text() {
      return text;
    },
    ended,
    waitFor(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const hit = events.find(match);
          if (hit) finish(() => resolve(hit));
          else if (done) finish(() => reject(new Error(`the stream ended before the event came (got: ${events.map((e) => e.type).join(', ') || 'nothing'})`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no such event within ${timeoutMs} ms (got: ${events.map((e) => e.type).join(', ') || 'nothing'})`))), timeoutMs);
        const finish = (then: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          then();
        };
        waiters.add(check);
        check();
      });
    },
    async close() {
      await reader?.cancel().catch(() => {});
      await ended;
    },
  };
}
