/**
 * Tolerant body reading: Switch Labs stores bodies as TipTap JSON with text
 * and HTML copies, and which of them REST returns is not documented. Bodies
 * become plain text here; raw HTML is never forwarded.
 */

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const BLOCKS = new Set(['paragraph', 'heading', 'blockquote', 'codeBlock', 'listItem', 'bulletList', 'orderedList', 'horizontalRule', 'table', 'tableRow']);
/** Deeper documents are hostile or broken: stop there instead of recursing without bound. */
const MAX_DEPTH = 64;

function tiptapNode(node: unknown, depth: number, listPrefix: string | null): string {
  if (!isRecord(node) || depth > MAX_DEPTH) return '';
  const type = node.type;
  if (type === 'text') return typeof node.text === 'string' ? node.text : '';
  if (type === 'hardBreak') return '\n';
  if (type === 'mention') return isRecord(node.attrs) && typeof node.attrs.label === 'string' ? `@${node.attrs.label}` : '';
  if (type === 'horizontalRule') return '---';
  const children = Array.isArray(node.content) ? node.content : [];
  if (type === 'bulletList' || type === 'orderedList') {
    return children.map((child, i) => tiptapNode(child, depth + 1, type === 'bulletList' ? '- ' : `${i + 1}. `)).join('\n');
  }
  const blockChildren = children.some((c) => isRecord(c) && typeof c.type === 'string' && BLOCKS.has(c.type));
  const inner = children.map((c) => tiptapNode(c, depth + 1, null)).join(blockChildren ? (type === 'listItem' ? '\n' : '\n\n') : '');
  if (type === 'listItem') return `${listPrefix ?? '- '}${inner}`;
  if (type === 'blockquote') return inner.split('\n').map((l) => `> ${l}`).join('\n');
  if (type === 'tableRow') return children.map((c) => tiptapNode(c, depth + 1, null)).join(' | ');
  return inner;
}

/** Text of a TipTap document (`{ type: 'doc', content: [...] }`), or null when it isn't one. */
export function tiptapToText(doc: unknown): string | null {
  if (!isRecord(doc) || doc.type !== 'doc') return null;
  return tiptapNode(doc, 0, null).replace(/\n{3,}/g, '\n\n').trim();
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[name.toLowerCase()] ?? match;
  });
}

/**
 * Plain text of an HTML fragment: scripts, styles and images (tracking pixels)
 * dropped, block ends become line breaks, links keep their text and an
 * http(s) target in parentheses.
 */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style|head|title)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<a\b[^>]*\bhref\s*=\s*["']?(https?:\/\/[^"'\s>]+)["']?[^>]*>([\s\S]*?)<\/a\s*>/gi, (_m, href: string, text: string) => {
        const label = text.replace(/<[^>]*>/g, '').trim();
        return label && label !== href ? `${label} (${href})` : href;
      })
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<li\b[^>]*>/gi, '- ')
      .replace(/<\/(p|div|li|h[1-6]|tr|blockquote|pre|table|ul|ol)\s*>/gi, '\n')
      .replace(/<[^>]*>/g, ''),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * The first usable body among the candidates, in order of trust: a non-empty
 * plain string, then text from a TipTap document, then text from HTML.
 */
export function readBody(candidates: { plain: unknown[]; rich: unknown[]; html: unknown[] }): string {
  for (const v of candidates.plain) if (typeof v === 'string' && v.trim() !== '') return v;
  for (const v of candidates.rich) {
    const text = tiptapToText(v);
    if (text) return text;
  }
  for (const v of candidates.html) if (typeof v === 'string' && v.trim() !== '') return htmlToText(v);
  return '';
}

/**
 * Removes links into the install itself (its admin UI: `https://crm.acme.com/tickets/…`)
 * except under `keepPrefixes` (e.g. the public help centre on the same host).
 */
export function stripInstallLinks(text: string, installOrigin: string, keepPrefixes: string[]): string {
  return text.replace(/https?:\/\/[^\s<>()"']+/gi, (url) => {
    let origin: string;
    try {
      origin = new URL(url).origin;
    } catch {
      return url;
    }
    if (origin !== installOrigin || keepPrefixes.some((p) => url.startsWith(p))) return url;
    return '[link removed]';
  });
}

/** A sentence or two of plain text from markdown: headings (they repeat the title), emphasis, code marks and link targets dropped. */
export function snippetOf(text: string, max = 200): string {
  const plain = text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^#{1,6}\s+.*$/gm, '')
    .replace(/[*_`~>]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
