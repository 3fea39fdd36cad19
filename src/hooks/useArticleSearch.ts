'use client';
import { useEffect, useRef, useState } from 'react';
import type { HelpArticle, RequestOptions } from '../client';
import type * as Engine from './search/articles';
import type { Found } from './search/articles';

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

let loading: Promise<typeof Engine> | undefined;

/** Debounced article search; a newer text aborts the request for an older one. */
export function useArticleSearch(search: SearchArticles | null, text: string, options: ArticleSearchOptions = {}): ArticleSearchResult {
  const { debounceMs = 400, minLength = 3, limit = 3 } = options;
  const wanted = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  const on = !!search && wanted.length >= minLength;
  const [found, setFound] = useState<Found>({ query: '', articles: EMPTY, fetching: false });
  const latest = useRef(search);
  latest.current = search;
  const cache = useRef(new Map<string, HelpArticle[]>());

  useEffect(() => {
    if (!on) return;
    let stop: (() => void) | undefined;
    let live = true;
    // The search code loads once there is something to search for; if it can't, there are no suggestions (and it is asked for again next time).
    (loading ??= import('./search/articles')).then(
      (m) => live && (stop = m.searchArticles(() => latest.current, cache.current, setFound, wanted, limit, debounceMs)),
      () => (loading = undefined),
    );
    return () => {
      live = false;
      stop?.();
    };
  }, [on, wanted, limit, debounceMs]);

  return on ? { articles: found.articles, query: found.query, isFetching: found.fetching } : { articles: EMPTY, query: '', isFetching: false };
}
