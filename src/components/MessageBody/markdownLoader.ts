/*
 * Loads the markdown engine (markdownEngine.ts, with markdown-it) on demand:
 * a separate chunk, fetched the first time a markdown body is shown. Until it
 * arrives that body renders with the small built-in renderer (markdownToHtml),
 * which draws ordinary messages the same way, so the swap doesn't move them.
 */
import { onDemand } from './onDemand';

export type RenderMarkdown = (src: string) => string | null;

export const {
  get: getMarkdownEngine,
  subscribe: subscribeMarkdownEngine,
  load: loadMarkdownEngine,
} = onDemand<RenderMarkdown>(() => import('./markdownEngine').then((module) => module.renderMarkdown));
