/*
 * Loads the markdown engine (markdownEngine.ts, with markdown-it) on demand:
 * a separate chunk, fetched the first time a markdown body is shown. Until it
 * arrives that body renders with the small built-in renderer (markdownToHtml),
 * which draws ordinary messages the same way, so the swap doesn't move them.
 */

export type RenderMarkdown = (src: string) => string | null;

let engine: RenderMarkdown | undefined;
let loading: Promise<RenderMarkdown> | undefined;
const listeners = new Set<() => void>();

export const getMarkdownEngine = (): RenderMarkdown | undefined => engine;

export function subscribeMarkdownEngine(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Starts (once) loading the engine; resolves with it. A failed load (offline) is retried on the next call. */
export function loadMarkdownEngine(): Promise<RenderMarkdown> {
  loading ??= import('./markdownEngine').then(
    (module) => {
      engine = module.renderMarkdown;
      for (const listener of listeners) listener();
      return engine;
    },
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
