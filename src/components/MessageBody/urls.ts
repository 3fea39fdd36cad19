/*
 * URL checks shared by the HTML walker and the plain-text autolinker.
 *
 * The scheme is judged on the URL the browser itself would build: the raw
 * value (entities already decoded by DOMParser) loses control, zero-width and
 * bidi characters and outer whitespace (so `java\tscript:`, `\u2028javascript:`
 * or `&#x0A;javascript:` cannot hide a scheme), then goes through `new URL`.
 * What we output is `URL#href`, the canonical serialisation, so the browser
 * re-parses exactly the scheme we checked.
 */

// eslint-disable-next-line no-control-regex -- control characters are exactly what this strips
const JUNK = /[\0-\x1f\x7f-\x9f\xad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

/** Schemes a link may use; anything else renders as plain text. */
export const LINK_SCHEMES = /^(?:https?|mailto|tel):$/;
/** Remote image schemes (only with `allowRemoteImages`). */
export const HTTP_SCHEMES = /^https?:$/;

export const cleanUrl = (raw: string | null | undefined): string => (raw ?? '').replace(JUNK, '').trim();

/** `attachment:<id>` (ids are word characters and dashes only, so no path or query tricks). */
export const attachmentId = (url: string): string | undefined => /^attachment:([\w-]{1,128})$/i.exec(url)?.[1];

export function safeUrl(url: string, schemes: RegExp): string | undefined {
  // Relative and off-list URLs are turned down before `new URL`, whose exceptions
  // are slow when a hostile body holds thousands of them. Only a rejection: what
  // passes is still parsed and checked below.
  const scheme = /^([a-z][a-z\d+.-]*):/i.exec(url)?.[1];
  if (!scheme || !schemes.test(`${scheme.toLowerCase()}:`)) return undefined;
  try {
    const parsed = new URL(url);
    if (schemes.test(parsed.protocol)) return parsed.href;
  } catch {
    // Relative or malformed: nothing to link to.
  }
  return undefined;
}

/** Trailing punctuation is prose, not URL (`see https://x.com/a.` or `(https://x.com)`). One pass, however many `)` follow. */
export function trimUrl(url: string): string {
  let open = 0;
  let close = 0;
  for (let i = 0; i < url.length; i++) {
    if (url[i] === '(') open++;
    else if (url[i] === ')') close++;
  }
  let end = url.length;
  while (end > 0) {
    const last = url[end - 1]!;
    if (`.,;:!?'"*_~]`.includes(last)) end--;
    else if (last === ')' && close > open) {
      close--;
      end--;
    } else break;
  }
  return url.slice(0, end);
}

export const BARE_URL = /\bhttps?:\/\/[^\s<>"]+/gi;
