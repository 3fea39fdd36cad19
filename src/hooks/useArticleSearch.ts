'use client';
import { useEffect, useRef, useState } from 'react';
import type { HelpArticle, RequestOptions } from '../client';

// React only (no query cache, no context): the on-demand suggestions UI uses
// this directly, so its chunk shares no module with the entry.

export type SearchArticles = (query: string, options: RequestOptions & { limit?: number }) => Promise<HelpArticle[]>;

export interface ArticleSearchOptions {
  /** Wait this long after the last keystroke. @default 400 */
  debounceMs?: number;
  /** Shorter text sends nothing. @default 3 */
  minLength?: number;
  /** At most this many articles. @default 3 */
  limit?: number;
}

export interface ArticleSearchResult {
  /** Matching articles (empty when none match, the text is short, or there is no search). */
  articles: HelpArticle[];
  /** The text the articles were found for. */
  query: string;
  /** A search is in flight. */
  isFetching: boolean;
}

const EMPTY: HelpArticle[] = [];

/** Debounced article search; a newer text aborts the request for an older one. */
export function useArticleSearch(search: SearchArticles | null, text: string, options: ArticleSearchOptions = {}): ArticleSearchResult {
  const { debounceMs = 400, minLength = 3, limit = 3 } = options;
  const wanted = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  const on = !!search && wanted.length >= minLength;
  const [found, setFound] = useState<{ query: string; articles: HelpArticle[] }>({ query: '', articles: EMPTY });
  const [fetching, setFetching] = useState(false);
  const latest = useRef(search);
  latest.current = search;
  const cache = useRef(new Map<string, HelpArticle[]>());

  useEffect(() => {
    if (!on) return;
    const key = `${limit}:${wanted.toLowerCase()}`;
    const hit = cache.current.get(key);
    if (hit) {
      setFound({ query: wanted, articles: hit });
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setFetching(true);
      latest.current?.(wanted, { signal: controller.signal, limit }).then(
        (articles) => {
          cache.current.set(key, articles);
          setFound({ query: wanted, articles });
          setFetching(false);
        },
        // No suggestions is all a failure means; an aborted search has a newer one behind it.
        () => !controller.signal.aborted && setFetching(false),
      );
    }, debounceMs);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [on, wanted, limit, debounceMs]);

  return on ? { articles: found.articles, query: found.query, isFetching: fetching } : { articles: EMPTY, query: '', isFetching: false };
}
