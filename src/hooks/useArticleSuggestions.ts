'use client';
import { useEffect, useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { HelpArticle } from '../client';
import { portalKeys } from '../queries';
import { usePortal } from '../provider/context';
import { useCapabilities } from './useCapabilities';

export interface UseArticleSuggestionsOptions {
  /** Wait this long after the last keystroke. @default 400 */
  debounceMs?: number;
  /** Shorter text sends nothing. @default 3 */
  minLength?: number;
  /** At most this many articles. @default 3 */
  limit?: number;
  /** @default true */
  enabled?: boolean;
}

export interface UseArticleSuggestionsResult {
  /** Matching articles (empty when none match, the text is short, or the backend has no articles). */
  articles: HelpArticle[];
  /** The text the articles were found for. */
  query: string;
  /** A search is in flight. */
  isFetching: boolean;
}

const EMPTY: HelpArticle[] = [];

/**
 * Help articles matching what the customer types, for suggestions while they
 * file a ticket. Debounced; a newer text cancels the request for an older one
 * (its AbortSignal); short text and backends without articles send nothing.
 * Failures only mean no suggestions: filing never waits for them.
 *
 * @example
 * const { articles } = useArticleSuggestions(`${subject} ${description}`);
 */
export function useArticleSuggestions(text: string, options: UseArticleSuggestionsOptions = {}): UseArticleSuggestionsResult {
  const { debounceMs = 400, minLength = 3, limit = 3, enabled = true } = options;
  const { client, queryClient } = usePortal('useArticleSuggestions');
  const available = useCapabilities({ enabled }).data?.features.articles === true;
  const wanted = text.replace(/\s+/g, ' ').trim().slice(0, 200);
  const [query, setQuery] = useState(wanted);
  useEffect(() => {
    const timer = setTimeout(() => setQuery(wanted), debounceMs);
    return () => clearTimeout(timer);
  }, [wanted, debounceMs]);
  const on = enabled && available && query.length >= minLength && wanted.length >= minLength;
  const result = useQuery(
    {
      queryKey: [...portalKeys.articles(query), limit],
      // The signal is read: React Query aborts the request once its text is no longer wanted.
      queryFn: ({ signal }) => client.searchArticles(query, { signal, limit }),
      enabled: on,
      staleTime: 5 * 60_000,
      retry: false,
      placeholderData: keepPreviousData,
    },
    queryClient,
  );
  return { articles: (on && result.data) || EMPTY, query: on ? query : '', isFetching: on && result.isFetching };
}
