'use client';
import { usePortal } from '../provider/context';
import { useArticleSearch, type ArticleSearchOptions, type ArticleSearchResult } from './useArticleSearch';
import { useCapabilities } from './useCapabilities';

export interface UseArticleSuggestionsOptions extends ArticleSearchOptions {
  /** @default true */
  enabled?: boolean;
}

export type UseArticleSuggestionsResult = ArticleSearchResult;

/**
 * Help articles matching what the customer types, for suggestions while they
 * file a ticket. Debounced; a newer text aborts the request for an older one;
 * short text and backends without articles send nothing. Failures only mean
 * no suggestions: filing never waits for them.
 *
 * @example
 * const { articles } = useArticleSuggestions(`${subject} ${description}`);
 */
export function useArticleSuggestions(text: string, options: UseArticleSuggestionsOptions = {}): UseArticleSuggestionsResult {
  const { client } = usePortal('useArticleSuggestions');
  const enabled = options.enabled !== false;
  const available = useCapabilities({ enabled }).data?.features.articles === true;
  return useArticleSearch(enabled && available ? client.searchArticles : null, text, options);
}
