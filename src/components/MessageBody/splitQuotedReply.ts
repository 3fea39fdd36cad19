import { FORWARD, isAttribution, isHeaderBlock, isOriginalMessage, isRule } from './quoteMarkers';

const QUOTED_OR_BLANK = /^\s*(?:>|$)/;
const unquote = (line: string) => line.replace(/^(?:\s*>)+\s?/, '');

/** Where a trailing `>` quote starts, when something says it is history (an attribution above or inside it). */
function attributedQuote(lines: readonly string[]): number {
  let i = lines.length - 1;
  let quoted = false;
  for (; i >= 0 && QUOTED_OR_BLANK.test(lines[i]!); i--) quoted ||= /\S/.test(lines[i]!);
  if (!quoted) return -1;
  // Apple Mail quotes its own "On … wrote:" line.
  const first = lines.findIndex((line, k) => k > i && /\S/.test(unquote(line)));
  if (first > i && isAttribution(unquote(lines[first]!))) return i + 1;
  if (i < 0) return -1;
  if (isAttribution(lines[i]!)) return i;
  // Gmail wraps long attributions onto a second line.
  if (i > 0 && isAttribution(`${lines[i - 1]} ${lines[i]}`)) return i - 1;
  return -1;
}

/** Where Outlook's history starts: a header block or an "Original Message" line, before any forwarded message. */
function outlookHistory(lines: readonly string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (FORWARD.test(line)) return -1;
    if (isOriginalMessage(line) || isHeaderBlock(lines, i)) {
      // Take the rule Outlook draws above the block along.
      let start = i;
      while (start > 0 && (!lines[start - 1]!.trim() || isRule(lines[start - 1]!))) start--;
      return lines.slice(start, i).some(isRule) ? start : i;
    }
  }
  return -1;
}

/**
 * Splits a text or markdown reply into what the sender wrote and the quoted
 * history. History is (whichever starts first):
 * - a trailing `>` quote introduced by an attribution ("On … wrote:",
 *   "Am … schrieb …:", "Le … a écrit :", …), above it or, as Apple Mail
 *   writes it, as its first quoted line;
 * - an Outlook header block ("From:" then "Sent:"/"To:"/"Subject:", in any of
 *   the supported languages) or an "-----Original Message-----" line, with
 *   everything after it.
 *
 * A `>` quote without an attribution, or one followed by more of the
 * sender's text, stays: that is the sender's own content. So does a
 * forwarded message. Nothing above the history: nothing is split.
 * Line-based, one pass per rule, no regex over the whole body.
 */
export function splitQuotedReply(text: string): [main: string, quoted?: string] {
  const lines = text.split('\n');
  const cuts = [attributedQuote(lines), outlookHistory(lines)].filter((n) => n >= 0);
  if (!cuts.length) return [text];
  const cut = Math.min(...cuts);
  const main = lines.slice(0, cut).join('\n');
  return /\S/.test(main) ? [main.trimEnd(), lines.slice(cut).join('\n')] : [text];
}
