import type { HelpArticle } from '../../client';
import type { SearchArticles } from '../useArticleSearch';

// The debounce, request and cache of article search, loaded on demand once
// there is something to search for. Imports nothing at runtime, so it is a
// chunk of its own from the headless entry and from the styled form alike.

export interface Found {
  query: string;
  articles: HelpArticle[];
  fetching: boolean;
}

/** Searches `wanted` after `debounceMs` (or at once from `cache`); returns the stop for a newer text. */
export function searchArticles(
  search: () => SearchArticles | null,
  cache: Map<string, HelpArticle[]>,
  set: (next: (found: Found) => Found) => void,
  wanted: string,
  limit: number,
  debounceMs: number,
): () => void {
  const key = `${limit}:${wanted.toLowerCase()}`;
  const hit = cache.get(key);
  if (hit) {
    set((f) => ({ ...f, query: wanted, articles: hit }));
    return () => {};
  }
  const controller = new AbortController();
  const timer = setTimeout(() => {
    set((f) => ({ ...f, fetching: true }));
    search()?.(wanted, { signal: controller.signal, limit }).then(
      (articles) => {
        cache.set(key, articles);
        set(() => ({ query: wanted, articles, fetching: false }));
      },
      // No suggestions is all a failure means; an aborted search has a newer one behind it.
      () => !controller.signal.aborted && set((f) => ({ ...f, fetching: false })),
    );
  }, debounceMs);
  return () => {
    clearTimeout(timer);
    controller.abort();
  };
}
